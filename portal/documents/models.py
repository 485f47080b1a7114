"""The document space (espace commun de partage de documents bureautiques, art. 4, 9, 11).

Every user of a client organisation has a private folder (répertoire privé)
and sees the organisation's shared folder (répertoire partagé); folders nest
inside them. There are no finer rights in the space itself (art. 11): a
private folder is its owner's alone, the shared folder everyone's.

``Folder.owner`` is set on a private root *and on every folder below it*, so
"may this user see this folder?" is one column test (``owner is None or
owner == user``) whatever the depth.

Files are stored through Django's storage API (``STORAGES["default"]``) under
generated names (``documents/<organisation>/<random>``), never the user's;
the user's name is only ``Document.name``, shown and used as the download
file name. Backups (art. 9) are ``DocumentBackup`` rows, one per document at
most: the state of the file at its last daily backup.

``StorageUsage`` holds the organisation's counters for the pooled quota
(art. 4): space is reserved with a conditional UPDATE before a file is
stored, so parallel uploads can never together exceed the quota.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.core.filetypes import KIND_LABELS


class Folder(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="folders"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="private_folders",
        verbose_name=_("propriétaire"),
        help_text=_("Vide pour le dossier partagé et ses sous-dossiers."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("nom"), max_length=150)
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                condition=Q(parent__isnull=True, owner__isnull=True),
                name="documents_one_shared_root",
            ),
            models.UniqueConstraint(
                "owner",
                condition=Q(parent__isnull=True, owner__isnull=False),
                name="documents_one_private_root",
            ),
            models.UniqueConstraint(
                "parent", Lower("name"), name="documents_folder_name_unique_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None

    @property
    def is_private(self) -> bool:
        return self.owner_id is not None


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="documents"
    )
    #: services refuse to delete a folder that is not empty; CASCADE only
    #: serves deleting a user (their private space) or an organisation.
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("nom"), max_length=200)
    #: generated storage name (see services.storage_name), never the user's
    file = models.FileField(_("fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    content_type = models.CharField(_("type de contenu"), max_length=120)
    kind = models.CharField(_("format"), max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    created_at = models.DateTimeField(_("déposé le"))
    #: when the current content was written (upload, new version or restore)
    content_changed_at = models.DateTimeField(_("contenu modifié le"))
    updated_at = models.DateTimeField(_("modifié le"))
    #: In the trash since (art. 9: deleting never destroys the backup at once);
    #: still counted in the quota until purged.
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supprimé par"),
    )
    #: The stored timer of the trash: the purge task removes the document from then on.
    purge_after = models.DateTimeField(_("purgé à partir du"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                "folder",
                Lower("name"),
                condition=Q(deleted_at__isnull=True),
                name="documents_live_name_unique_in_folder",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "folder"]),
            models.Index(
                fields=["purge_after"],
                name="documents_trash_purge_idx",
                condition=Q(deleted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    def get_kind_display(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class DocumentBackup(models.Model):
    """The document as it was at its last daily backup (art. 9).

    Kept when the content of a file is changed during the day; the user may
    restore the document to it. Backups are the vendor's (art. 9) and do not
    count against the client's quota.
    """

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="backup")
    file = models.FileField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=20)
    #: when the backed-up content had been written
    content_changed_at = models.DateTimeField()
    backed_up_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sauvegarde de document")
        verbose_name_plural = _("sauvegardes de documents")

    def __str__(self) -> str:
        return f"{self.document} ({self.backed_up_at:%Y-%m-%d})"


class StorageUsage(models.Model):
    """Counters of an organisation's pooled document space (art. 4).

    ``bytes_used``: documents stored; ``bytes_reserved``: uploads in flight
    (reserved before the file is written, turned into ``bytes_used`` when the
    document is saved, released if it fails).
    """

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="storage_usage",
    )
    bytes_used = models.BigIntegerField(default=0)
    bytes_reserved = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("occupation de l'espace documentaire")
        verbose_name_plural = _("occupations de l'espace documentaire")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.bytes_used} + {self.bytes_reserved}"
