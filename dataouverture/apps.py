from django.apps import AppConfig


class DataOuvertureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dataouverture"
    verbose_name = "Data Ouverture"

    def ready(self):
        # The pack's lifecycle follows the contract lines (art. 17).
        from dataouverture import audit_actions, receivers  # noqa: F401

        audit_actions.register()
