from django.apps import AppConfig


class ServiceAccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.serviceaccounts"
    verbose_name = "Comptes du service"

    def ready(self):
        from portal.serviceaccounts import audit_actions

        audit_actions.register()
