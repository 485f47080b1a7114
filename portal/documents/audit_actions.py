"""The document space's audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentAction(models.TextChoices):
    UPLOADED = "document.uploaded", _("Document déposé")
    REPLACED = "document.replaced", _("Nouvelle version d'un document")
    RESTORED = "document.restored", _("Document restauré depuis la sauvegarde")
    UPDATED = "document.updated", _("Document renommé ou déplacé")
    DELETED = "document.deleted", _("Document mis à la corbeille")
    RESTORED_FROM_TRASH = "document.restored_from_trash", _("Document restauré depuis la corbeille")
    PURGED = "document.purged", _("Document purgé de la corbeille")
    DOWNLOADED = "document.downloaded", _("Document téléchargé")
    PRIVATE_SPACE_PURGED = (
        "document.private_space_purged",
        _("Espace privé d'un compte supprimé vidé"),
    )
    FOLDER_CREATED = "folder.created", _("Dossier créé")
    FOLDER_UPDATED = "folder.updated", _("Dossier renommé ou déplacé")
    FOLDER_DELETED = "folder.deleted", _("Dossier supprimé")
