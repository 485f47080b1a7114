from django.apps import AppConfig


class DataOuvertureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dataouverture"
    verbose_name = "Data Ouverture"

    def ready(self):
        # The pack's lifecycle follows the contract lines (art. 17).
        from dataouverture import navigation as menu
        from dataouverture import receivers  # noqa: F401
        from dataouverture.audit_actions import DataOuvertureAction
        from portal.audit import actions
        from portal.core import navigation

        actions.register(DataOuvertureAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
