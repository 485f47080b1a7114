from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"
    verbose_name = _("Journal d'audit")

    def ready(self) -> None:
        from portal.audit import navigation as menu
        from portal.core import navigation

        navigation.register(*menu.ENTRIES, position=menu.POSITION)
