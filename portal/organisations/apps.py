from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "portal.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from portal.audit import actions
        from portal.core import navigation
        from portal.organisations import navigation as menu
        from portal.organisations.audit_actions import OrganisationAction

        actions.register(OrganisationAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
