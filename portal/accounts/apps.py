from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from portal.accounts import navigation as menu
        from portal.accounts.audit_actions import UserAction
        from portal.audit import actions
        from portal.core import navigation

        actions.register(UserAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
