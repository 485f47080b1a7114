"""Writes on the document space (art. 4, 9, 11).

Every write checks that the actor may write in the folder (their own private
tree or the organisation's shared tree; no right restricts it, art. 11),
runs in a transaction, is audited and answers refusals with a French
``DomainError``.

Quota (art. 4): an upload first *reserves* its size on the organisation's
``StorageUsage`` row with one conditional UPDATE
(``bytes_used + bytes_reserved + size <= quota``), committed on its own, then
writes the file to storage, then saves the document and turns the reservation
into used bytes in one transaction; any failure releases the reservation and
removes the file. Because the check and the increment are one statement on
one row, parallel uploads can never together exceed the quota, and no lock is
held while the file is written (which may be slow on an S3-compatible store).

Backups (art. 9): "les fichiers modifiés dans la journée sont sauvegardés …
ils pourront être restaurés à l'état de leur dernière sauvegarde". The daily
backup runs at midnight (Europe/Paris). When a file's content is replaced,
the content that existed at the last backup is kept as the document's
``DocumentBackup`` (content written earlier the same day was never backed up
and is discarded); ``restore_document`` brings the backup back.

Storage: files go through ``Document.file``'s storage, i.e. Django's
``STORAGES["default"]`` — a ``FileSystemStorage`` under ``MEDIA_ROOT``
(``var/media``) by default. An S3-compatible store is a matter of
configuration: install ``django-storages[s3]`` and set
``STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage",
"OPTIONS": {"bucket_name": ..., "endpoint_url": ..., "default_acl": None,
"querystring_auth": True}}``; nothing here changes. Names on disk are
generated (``documents/<organisation uuid>/<random hex>``), never the user's.
Downloads always go through the portal's views (never ``MEDIA_URL``), which
check access; ``MEDIA_URL`` must not be served publicly.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, BinaryIO, cast

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core import filetypes
from portal.core.errors import DomainError
from portal.core.filestore import save_file
from portal.documents import selectors
from portal.documents.models import Document, DocumentBackup, Folder, StorageUsage
from portal.documents.sizes import human_size

if TYPE_CHECKING:
    from django.core.files.storage import Storage
    from django.core.files.uploadedfile import UploadedFile

    from portal.accounts.models import User
    from portal.organisations.models import Organisation

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 200
MAX_FOLDER_NAME_LENGTH = 150
MAX_FOLDER_DEPTH = 10
#: art. 9: a deleted document can be restored for at least 30 days.
TRASH_DAYS = 30
TRASH_DELAY = timedelta(days=TRASH_DAYS)
CONTENT_FIELDS = ["file", "size", "content_type", "kind", "content_changed_at", "updated_at"]


# --- the two roots, created lazily (art. 11) ----------------------------------


def shared_root(organisation: Organisation, *, now: datetime | None = None) -> Folder:
    """The organisation's shared folder (répertoire partagé), created on first use."""
    folder = Folder.objects.filter(
        organisation=organisation, owner__isnull=True, parent__isnull=True
    ).first()
    if folder is not None:
        return folder
    try:
        with transaction.atomic():
            return Folder.objects.create(
                organisation=organisation,
                name=_("Dossier partagé"),
                created_at=now or timezone.now(),
            )
    except IntegrityError:  # created meanwhile by a parallel request
        return Folder.objects.get(
            organisation=organisation, owner__isnull=True, parent__isnull=True
        )


def private_root(user: User, *, now: datetime | None = None) -> Folder:
    """The user's private folder (répertoire privé), created on first use."""
    folder = Folder.objects.filter(owner=user, parent__isnull=True).first()
    if folder is not None:
        return folder
    organisation = _organisation_of(user)
    try:
        with transaction.atomic():
            return Folder.objects.create(
                organisation=organisation,
                owner=user,
                name=_("Mon dossier privé"),
                created_at=now or timezone.now(),
            )
    except IntegrityError:
        return Folder.objects.get(owner=user, parent__isnull=True)


def ensure_space(user: User, *, now: datetime | None = None) -> tuple[Folder, Folder]:
    return shared_root(_organisation_of(user), now=now), private_root(user, now=now)


def _organisation_of(user: User) -> Organisation:
    """The document space is a client organisation's (art. 4)."""
    if user.organisation is None:
        raise DomainError(_("L'espace documentaire est celui d'une organisation cliente."))
    return user.organisation


# --- checks ---------------------------------------------------------------------


def _check_writable(actor: User, folder: Folder) -> None:
    """Views already answer 403/404; this is the services' own guard."""
    if (
        actor.organisation_id != folder.organisation_id
        or (folder.owner_id is not None and folder.owner_id != actor.pk)
        or not actor.is_active
    ):
        raise DomainError(_("Vous ne pouvez pas modifier ce dossier."))


def clean_name(raw: str, *, max_length: int = MAX_NAME_LENGTH, field: str = "name") -> str:
    """A displayable name: no path, no control characters, not empty."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if name in {"", ".", ".."}:
        raise DomainError(_("Indiquez un nom."), field=field)
    if len(name) > max_length:
        raise DomainError(
            _("Le nom ne doit pas dépasser %(max)d caractères.") % {"max": max_length},
            field=field,
        )
    return name


def _check_document_name_free(
    folder: Folder, name: str, *, exclude: Document | None = None
) -> None:
    clash = folder.documents.filter(name__iexact=name, deleted_at__isnull=True)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(
            _("Un document nommé « %(name)s » existe déjà dans ce dossier.") % {"name": name},
            field="name",
        )


def _check_folder_name_free(parent: Folder, name: str, *, exclude: Folder | None = None) -> None:
    clash = parent.children.filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(
            _("Un dossier nommé « %(name)s » existe déjà ici.") % {"name": name}, field="name"
        )


def _detect(upload: UploadedFile, filename: str) -> filetypes.DetectedType:
    try:
        return filetypes.detect(cast(BinaryIO, upload), filename)
    except filetypes.FileTypeRefused as refusal:
        raise DomainError(refusal.message, field="file") from refusal


# --- quota (art. 4) ---------------------------------------------------------------


def _usage_row(organisation: Organisation) -> None:
    """The organisation's counters; when missing, created from the documents themselves."""
    if not StorageUsage.objects.filter(organisation=organisation).exists():
        recount_usage(organisation)


def _try_reserve(organisation: Organisation, size: int, quota: int) -> bool:
    """One conditional UPDATE: reserve ``size`` only if it still fits."""
    with transaction.atomic():
        return bool(
            StorageUsage.objects.filter(
                organisation=organisation,
                bytes_used__lte=Value(quota - size) - F("bytes_reserved"),
            ).update(bytes_reserved=F("bytes_reserved") + size)
        )


def recount_usage(organisation: Organisation) -> StorageUsage:
    """Set ``bytes_used`` from the documents themselves (repairs any drift)."""
    StorageUsage.objects.get_or_create(organisation=organisation)
    with transaction.atomic():
        usage = StorageUsage.objects.select_for_update().get(organisation=organisation)
        total = Document.objects.filter(organisation=organisation).aggregate(t=Sum("size"))["t"]
        usage.bytes_used = total or 0
        usage.save(update_fields=["bytes_used"])
    return usage


def reserve_space(organisation: Organisation, size: int, *, growth: bool = False) -> None:
    """Reserve ``size`` bytes of the pooled quota or refuse, saying what is left (art. 4).

    ``growth``: ``size`` is what a document grows by (new version), not a new file.
    """
    quota = selectors.quota_bytes(organisation)
    _usage_row(organisation)
    if _try_reserve(organisation, size, quota):
        return
    recount_usage(organisation)  # the counter may have drifted (e.g. a deleted user)
    if _try_reserve(organisation, size, quota):
        return
    raise DomainError(over_quota_message(organisation, size, quota, growth=growth), field="file")


def over_quota_message(
    organisation: Organisation, size: int, quota: int, *, growth: bool = False
) -> str:
    usage = StorageUsage.objects.get(organisation=organisation)
    left = max(quota - usage.bytes_used - usage.bytes_reserved, 0)
    if growth:
        need = _(
            "Espace insuffisant : il faudrait %(size)s de plus que la version actuelle du document."
        )
    else:
        need = _("Espace insuffisant : ce fichier (%(size)s) dépasse l'espace disponible.")
    return (
        need % {"size": human_size(size)}
        + " "
        + _(
            "Il vous reste %(left)s sur %(quota)s. Pour obtenir plus d'espace, souscrivez "
            "une extension de stockage auprès du service client (rubrique « Mon abonnement ») "
            "ou supprimez des documents."
        )
        % {"left": human_size(left), "quota": human_size(quota)}
    )


def _release(organisation: Organisation, size: int) -> None:
    StorageUsage.objects.filter(organisation=organisation).update(
        bytes_reserved=F("bytes_reserved") - size
    )


def _settle(organisation: Organisation | int, *, used_delta: int, reserved: int) -> None:
    """Turn a reservation into used bytes (inside the caller's transaction); ``organisation``
    may be given by its primary key."""
    StorageUsage.objects.filter(organisation=organisation).update(
        bytes_used=F("bytes_used") + used_delta, bytes_reserved=F("bytes_reserved") - reserved
    )


# --- files -----------------------------------------------------------------------------


def _storage() -> Storage:
    return Document._meta.get_field("file").storage


def storage_name(organisation: Organisation) -> str:
    """A generated name on disk: never the user's (no path, no extension to trust)."""
    return f"documents/{organisation.public_id}/{uuid.uuid4().hex}"


def _store(organisation: Organisation, upload: UploadedFile) -> str:
    """Disk full or unwritable: no partial file left, a French 507/503 (issue 11)."""
    upload.seek(0)
    return save_file(_storage(), storage_name(organisation), upload, field="file")


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            _storage().delete(name)
        except OSError:  # a leftover file is harmless; never fail the user's action
            logger.warning("could not delete stored file %s", name)


def _delete_files_on_commit(names: Iterable[str]) -> None:
    names = list(names)
    transaction.on_commit(lambda: _delete_files(names))


def _store_reserved(
    organisation: Organisation,
    upload: UploadedFile,
    save: Callable[[str], Document],
    *,
    reserve: int | None = None,
) -> Document:
    """Reserve, store, then ``save(stored_name)`` in a transaction; undo on failure.

    ``reserve`` defaults to the upload's size; a new version reserves only
    what it adds to the file it replaces.
    """
    size = upload.size if reserve is None else reserve
    if size:
        reserve_space(organisation, size, growth=reserve is not None)
    else:
        _usage_row(organisation)  # the counters to settle must exist
    stored = None
    try:
        stored = _store(organisation, upload)
        with transaction.atomic():
            document = save(stored)
    except BaseException:
        if size:
            _release(organisation, size)
        if stored:
            _delete_files([stored])
        raise
    return document


# --- documents ------------------------------------------------------------------------


def upload_document(
    *,
    actor: User,
    folder: Folder,
    upload: UploadedFile,
    name: str = "",
    now: datetime | None = None,
) -> Document:
    """Store an uploaded file in ``folder`` (art. 4: type and quota checked first).

    Nothing is stored when the file is refused (type, name, quota).
    """
    now = now or timezone.now()
    _check_writable(actor, folder)
    name = clean_name(name or upload.name or "")
    size = upload.size or 0
    if size <= 0:
        raise DomainError(_("Le fichier est vide."), field="file")
    detected = _detect(upload, name)
    _check_document_name_free(folder, name)
    organisation = folder.organisation

    def save(stored: str) -> Document:
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    organisation=organisation,
                    folder=folder,
                    name=name,
                    file=stored,
                    size=size,
                    content_type=detected.content_type,
                    kind=detected.kind,
                    uploaded_by=actor,
                    created_at=now,
                    content_changed_at=now,
                    updated_at=now,
                )
        except IntegrityError as exc:  # same name uploaded in parallel
            raise DomainError(
                _("Un document nommé « %(name)s » existe déjà dans ce dossier.") % {"name": name},
                field="name",
            ) from exc
        _settle(organisation, used_delta=size, reserved=size)
        record(
            actor=actor,
            action="document.uploaded",
            organisation=organisation,
            target=document,
            data={
                "document": str(document.public_id),
                "folder": str(folder.public_id),
                "size": document.size,
                "kind": document.kind,
            },
            now=now,
        )
        return document

    return _store_reserved(organisation, upload, save)


def _start_of_day(now: datetime) -> datetime:
    """Midnight (Europe/Paris) of ``now``'s day: the time of the last daily backup."""
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.combine(local.date(), time.min))


def replace_document(
    *, actor: User, document: Document, upload: UploadedFile, now: datetime | None = None
) -> Document:
    """A new version of a file; the content of the last backup is kept (art. 9).

    The quota counts the net change (art. 4): a new version of the same size
    fits even when the space is full, since the replaced content leaves the
    space (backups are the vendor's and do not count).
    """
    now = now or timezone.now()
    _check_writable(actor, document.folder)
    size = upload.size or 0
    if size <= 0:
        raise DomainError(_("Le fichier est vide."), field="file")
    current = filetypes.FORMATS.get(filetypes.extension_of(document.name))
    new = filetypes.FORMATS.get(filetypes.extension_of(upload.name or ""))
    if new is not None and current is not None and new.content_type != current.content_type:
        raise DomainError(
            _("La nouvelle version doit être du même format que « %(name)s ».")
            % {"name": document.name},
            field="file",
        )
    detected = _detect(upload, document.name)
    organisation = document.organisation
    reserved = max(size - document.size, 0)

    def save(stored: str) -> Document:
        doc = Document.objects.select_for_update().get(pk=document.pk)
        old_size = doc.size
        # The file may have shrunk meanwhile (a parallel new version): reserve the rest.
        extra = size - old_size - reserved
        if extra > 0:
            reserve_space(organisation, extra, growth=True)
        discarded = _keep_backup_of_current(doc, now)
        doc.file = stored
        doc.size = size
        doc.content_type = detected.content_type
        doc.kind = detected.kind
        doc.content_changed_at = now
        doc.updated_at = now
        doc.save(update_fields=CONTENT_FIELDS)
        _settle(organisation, used_delta=size - old_size, reserved=reserved + max(extra, 0))
        _delete_files_on_commit(discarded)
        record(
            actor=actor,
            action="document.replaced",
            organisation=organisation,
            target=doc,
            data={"document": str(doc.public_id), "size_before": old_size, "size": doc.size},
            now=now,
        )
        return doc

    return _store_reserved(organisation, upload, save, reserve=reserved)


def _keep_backup_of_current(doc: Document, now: datetime) -> list[str]:
    """Before the content changes: keep what the last backup holds; return files to delete."""
    backup = DocumentBackup.objects.filter(document=doc).first()
    if doc.content_changed_at >= _start_of_day(now):
        # Written today, after the last backup: never backed up, so not kept.
        return [doc.file.name]
    discarded = [backup.file.name] if backup else []
    DocumentBackup.objects.update_or_create(
        document=doc,
        defaults={
            "file": doc.file.name,
            "size": doc.size,
            "content_type": doc.content_type,
            "kind": doc.kind,
            "content_changed_at": doc.content_changed_at,
            "backed_up_at": _start_of_day(now),
        },
    )
    return discarded


def restore_document(*, actor: User, document: Document, now: datetime | None = None) -> Document:
    """Restore a file to its last backup (art. 9).

    The current content is kept as the backup if a daily backup already holds
    it (it was written before today), otherwise it is discarded. A backup
    larger than the current file must fit in the quota.
    """
    now = now or timezone.now()
    _check_writable(actor, document.folder)
    organisation = document.organisation
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        backup = DocumentBackup.objects.filter(document=doc).first()
        if backup is None:
            raise DomainError(_("Ce document n'a pas de sauvegarde à restaurer."))
        delta = backup.size - doc.size
        if delta > 0:
            quota = selectors.quota_bytes(organisation)
            _usage_row(organisation)
            fits = StorageUsage.objects.filter(
                organisation=organisation,
                bytes_used__lte=Value(quota - delta) - F("bytes_reserved"),
            ).update(bytes_used=F("bytes_used") + delta)
            if not fits:
                raise DomainError(over_quota_message(organisation, delta, quota, growth=True))
        else:
            _settle(organisation, used_delta=delta, reserved=0)
        current = {
            "file": doc.file.name,
            "size": doc.size,
            "content_type": doc.content_type,
            "kind": doc.kind,
            "content_changed_at": doc.content_changed_at,
        }
        restored_from = backup.content_changed_at
        doc.file = backup.file.name
        doc.size = backup.size
        doc.content_type = backup.content_type
        doc.kind = backup.kind
        doc.content_changed_at = backup.content_changed_at
        doc.updated_at = now
        doc.save(update_fields=CONTENT_FIELDS)
        if current["content_changed_at"] < _start_of_day(now):
            for field, value in current.items():
                setattr(backup, field, value)
            backup.save()
        else:
            backup.delete()
            _delete_files_on_commit([current["file"]])
        record(
            actor=actor,
            action="document.restored",
            organisation=organisation,
            target=doc,
            data={"document": str(doc.public_id), "restored_from": restored_from.isoformat()},
            now=now,
        )
    return doc


def update_document(
    *, actor: User, document: Document, name: str, folder: Folder, now: datetime | None = None
) -> Document:
    """Rename and/or move a document (within the user's space)."""
    now = now or timezone.now()
    _check_writable(actor, document.folder)
    _check_writable(actor, folder)
    name = clean_name(name)
    current = filetypes.FORMATS.get(filetypes.extension_of(document.name))
    wanted = filetypes.FORMATS.get(filetypes.extension_of(name))
    if current is not None and wanted is None:
        name = clean_name(name + filetypes.extension_of(document.name))
    elif current is not None and wanted is not None and wanted.content_type != current.content_type:
        raise DomainError(
            _("Gardez l'extension « %(ext)s » : elle dit le format du fichier.")
            % {"ext": filetypes.extension_of(document.name)},
            field="name",
        )
    _check_document_name_free(folder, name, exclude=document)
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        doc.updated_at = now
        moved = _place(
            doc,
            name=name,
            container_field="folder",
            container=folder,
            taken=_("Un document nommé « %(name)s » existe déjà dans ce dossier."),
            also=("updated_at",),
        )
        record(
            actor=actor,
            action="document.updated",
            organisation=doc.organisation,
            target=doc,
            data={"document": str(doc.public_id), **moved},
            now=now,
        )
    return doc


def _place(
    item: Document | Folder,
    *,
    name: str,
    container_field: str,
    container: Folder,
    taken: str,
    also: tuple[str, ...] = (),
) -> dict[str, dict[str, str]]:
    """Rename ``item`` and put it in ``container`` (its ``container_field``), in the
    caller's transaction; the name already taken there is a ``DomainError``
    (``taken``, the unique constraint deciding under a race). Returns where it
    was and where it is now, for the audit row."""
    before = _whereabouts(item, container_field)
    item.name = name
    setattr(item, container_field, container)
    try:
        with transaction.atomic():
            item.save(update_fields=["name", container_field, *also])
    except IntegrityError as exc:
        raise DomainError(taken % {"name": name}, field="name") from exc
    return {"before": before, "after": _whereabouts(item, container_field)}


def _whereabouts(item: Document | Folder, container_field: str) -> dict[str, str]:
    return {"name": item.name, container_field: str(getattr(item, container_field).public_id)}


def delete_document(*, actor: User, document: Document, now: datetime | None = None) -> None:
    """Move a document to the trash (art. 9: deleting never destroys its backup).

    It stays there, restorable with its backup and counted in the quota,
    for ``TRASH_DAYS`` days; then the purge task removes it for good.
    """
    now = now or timezone.now()
    _check_writable(actor, document.folder)
    with transaction.atomic():
        trashed = Document.objects.filter(pk=document.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=actor, purge_after=now + TRASH_DELAY, updated_at=now
        )
        if not trashed:
            raise DomainError(_("Ce document est déjà dans la corbeille."))
        record(
            actor=actor,
            action="document.deleted",
            organisation=document.organisation,
            target=document,
            data={"document": str(document.public_id), "size": document.size},
            now=now,
        )


def restore_from_trash(*, actor: User, document: Document, now: datetime | None = None) -> Document:
    """Put a trashed document back in its folder (art. 9), under its own name."""
    now = now or timezone.now()
    _check_writable(actor, document.folder)
    _check_document_name_free(document.folder, document.name, exclude=document)
    with transaction.atomic():
        try:
            with transaction.atomic():
                restored = Document.objects.filter(pk=document.pk, deleted_at__isnull=False).update(
                    deleted_at=None, deleted_by=None, purge_after=None, updated_at=now
                )
        except IntegrityError as exc:
            raise DomainError(
                _("Un document nommé « %(name)s » existe déjà dans ce dossier.")
                % {"name": document.name}
            ) from exc
        if not restored:
            raise DomainError(_("Ce document n'est plus dans la corbeille."))
        record(
            actor=actor,
            action="document.restored_from_trash",
            organisation=document.organisation,
            target=document,
            data={"document": str(document.public_id)},
            now=now,
        )
    document.refresh_from_db()
    return document


def purge_document(*, actor: User, document: Document, now: datetime | None = None) -> None:
    """An administrator of the client empties one document from the trash at once."""
    now = now or timezone.now()
    if not (actor.is_client_admin and actor.organisation_id == document.organisation_id):
        raise DomainError(_("Seul un administrateur peut vider la corbeille."))
    if not _purge(document.pk, Q(deleted_at__isnull=False)):
        raise DomainError(_("Ce document n'est plus dans la corbeille."))
    record(
        actor=actor,
        action="document.purged",
        organisation=document.organisation,
        target=document,
        data={"document": str(document.public_id), "size": document.size},
        now=now,
    )


def purge_trash(*, now: datetime | None = None, batch: int = 500) -> int:
    """The periodic step: purge the documents whose time in the trash is over."""
    now = now or timezone.now()
    due = Q(deleted_at__isnull=False, purge_after__lte=now)
    ids = list(
        Document.objects.filter(due).order_by("purge_after").values_list("pk", flat=True)[:batch]
    )
    return sum(_purge(pk, due) for pk in ids)


def _purge(pk: int, condition: Q) -> int:
    """Delete one trashed row with its backup, free its bytes, remove its files after commit.

    The conditional DELETE is the claim: of two purges at once, one deletes.
    """
    with transaction.atomic():
        row = (
            Document.objects.filter(condition, pk=pk)
            .values("organisation_id", "size", "file", "backup__file")
            .first()
        )
        if row is None or not Document.objects.filter(condition, pk=pk).delete()[0]:
            return 0
        _settle(row["organisation_id"], used_delta=-row["size"], reserved=0)
        _delete_files_on_commit([row["file"], row["backup__file"]])
    return 1


# --- folders ------------------------------------------------------------------------------


def _depth(folder: Folder) -> int:
    return len(selectors.breadcrumbs(folder))


def create_folder(*, actor: User, parent: Folder, name: str, now: datetime | None = None) -> Folder:
    now = now or timezone.now()
    _check_writable(actor, parent)
    name = clean_name(name, max_length=MAX_FOLDER_NAME_LENGTH)
    _check_folder_name_free(parent, name)
    if _depth(parent) >= MAX_FOLDER_DEPTH:
        raise DomainError(_("Trop de niveaux de dossiers."), field="name")
    with transaction.atomic():
        try:
            with transaction.atomic():
                folder = Folder.objects.create(
                    organisation_id=parent.organisation_id,
                    owner_id=parent.owner_id,
                    parent=parent,
                    name=name,
                    created_at=now,
                )
        except IntegrityError as exc:
            raise DomainError(
                _("Un dossier nommé « %(name)s » existe déjà ici.") % {"name": name}, field="name"
            ) from exc
        record(
            actor=actor,
            action="folder.created",
            organisation=folder.organisation,
            target=folder,
            data={"folder": str(folder.public_id), "parent": str(parent.public_id)},
            now=now,
        )
    return folder


def update_folder(
    *, actor: User, folder: Folder, name: str, parent: Folder, now: datetime | None = None
) -> Folder:
    """Rename and/or move a folder, inside the same space (shared or private)."""
    now = now or timezone.now()
    _check_writable(actor, folder)
    if folder.is_root:
        raise DomainError(_("Le dossier racine ne peut être ni renommé ni déplacé."))
    _check_writable(actor, parent)
    name = clean_name(name, max_length=MAX_FOLDER_NAME_LENGTH)
    if parent.owner_id != folder.owner_id:
        raise DomainError(
            _("Un dossier ne peut pas passer de l'espace privé à l'espace partagé (ni l'inverse)."),
            field="parent",
        )
    if any(f.pk == folder.pk for f in selectors.breadcrumbs(parent)):
        raise DomainError(
            _("Un dossier ne peut pas être déplacé dans lui-même ou un de ses sous-dossiers."),
            field="parent",
        )
    _check_folder_name_free(parent, name, exclude=folder)
    with transaction.atomic():
        moved = _place(
            folder,
            name=name,
            container_field="parent",
            container=parent,
            taken=_("Un dossier nommé « %(name)s » existe déjà ici."),
        )
        record(
            actor=actor,
            action="folder.updated",
            organisation=folder.organisation,
            target=folder,
            data={"folder": str(folder.public_id), **moved},
            now=now,
        )
    return folder


def delete_folder(*, actor: User, folder: Folder, now: datetime | None = None) -> None:
    """Delete an empty folder (its content must be moved or deleted first)."""
    now = now or timezone.now()
    _check_writable(actor, folder)
    if folder.is_root:
        raise DomainError(_("Le dossier racine ne peut pas être supprimé."))
    with transaction.atomic():
        if folder.children.exists() or folder.documents.filter(deleted_at__isnull=True).exists():
            raise DomainError(
                _("Ce dossier n'est pas vide : déplacez ou supprimez d'abord son contenu.")
            )
        if folder.documents.exists():
            raise DomainError(
                _(
                    "Des documents de ce dossier sont dans la corbeille : restaurez-les ou "
                    "attendez qu'ils soient purgés avant de supprimer le dossier."
                )
            )
        record(
            actor=actor,
            action="folder.deleted",
            organisation=folder.organisation,
            target=folder,
            data={"folder": str(folder.public_id)},
            now=now,
        )
        folder.delete()


# --- a user leaves: their private space goes with them ----------------------------


def purge_private_space(user: User, *, now: datetime | None = None) -> None:
    """Called when a user is deleted: free their private documents' bytes and files (art. 11).

    The rows go by CASCADE with the user; the files and the counter are ours.
    Runs inside the deletion's transaction: the files are removed only once
    it commits. Audited, since documents disappear with the account.
    """
    if not Folder.objects.filter(owner=user).exists():
        return
    documents = Document.objects.filter(folder__owner=user)
    files = []
    total = 0
    count = 0
    for name, backup_name, size in documents.values_list("file", "backup__file", "size"):
        files += [name, backup_name]
        total += size
        count += 1
    with transaction.atomic():
        if total and user.organisation_id is not None:
            _settle(user.organisation_id, used_delta=-total, reserved=0)
        record(
            actor=None,
            action="document.private_space_purged",
            organisation=user.organisation,
            target=user,
            data={"user": str(user.public_id), "documents": count, "size": total},
            now=now,
        )
        if files:
            _delete_files_on_commit(files)
