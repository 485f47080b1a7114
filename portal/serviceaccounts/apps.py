from django.apps import AppConfig


class ServiceAccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.serviceaccounts"
    verbose_name = "Comptes du service"

    def ready(self):
        from portal.audit import actions
        from portal.core import navigation
        from portal.serviceaccounts import navigation as menu
        from portal.serviceaccounts.audit_actions import ServiceAccountAction

        actions.register(ServiceAccountAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
