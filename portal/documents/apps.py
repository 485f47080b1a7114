from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "portal.documents"
    label = "documents"
    verbose_name = _("Espace documentaire")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from portal.audit import actions
        from portal.core import navigation
        from portal.documents import navigation as menu
        from portal.documents.audit_actions import DocumentAction
        from portal.documents.signals import user_deleted

        actions.register(DocumentAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)

        # A decoupled hook: accounts deletes users without knowing about documents.
        pre_delete.connect(
            user_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="documents_user_deleted"
        )
