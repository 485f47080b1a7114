from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "portal.status"
    label = "status"
    verbose_name = _("Météo des offres")

    def ready(self):
        from portal.audit import actions
        from portal.core import navigation
        from portal.status import navigation as menu
        from portal.status.audit_actions import StatusAction

        actions.register(StatusAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
