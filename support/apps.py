from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    label = "support"
    verbose_name = _("Support")

    def ready(self):
        from portal.audit import actions
        from portal.core import navigation
        from support import navigation as menu
        from support.models import DemandeEvent

        # The timeline's events are audited as "support.<action>" (services/common.py).
        actions.register(DemandeEvent.Action, prefix="support.")
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
