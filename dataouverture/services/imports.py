"""Import endpoints' writes (art. 17, 1. "APIs en import").

Files go into the document space through :mod:`portal.documents.services`
(same content checks, same atomic quota reservation as the pages); users are
created through :mod:`portal.accounts.services` (invitation links, never a
password). A call carrying an ``Idempotency-Key`` is performed once: a retry
gets the stored answer.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, cast
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dataouverture import rules
from dataouverture.models import ApiCredential, ImportRequest
from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.audit.services import record
from portal.core import filetypes
from portal.core.errors import DomainError, IllegalStateChange
from portal.documents import services as documents
from portal.documents.models import Document, Folder
from portal.organisations.models import Organisation

MAX_FILES_PER_CALL = 20


class CsvRejected(DomainError):
    """The CSV is refused whole; ``errors`` holds one French message per faulty line."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors), field="file")
        self.errors = errors


@dataclass(frozen=True)
class MachineActor:
    """What the audit trail shows as the author of a machine call."""

    email: str
    pk: None = None


def machine_actor(credential: ApiCredential) -> MachineActor:
    return MachineActor(email=credential.audit_label)


def audit_call(
    *,
    credential: ApiCredential,
    endpoint: str,
    status: int,
    data: dict | None = None,
    now: datetime | None = None,
) -> None:
    """Every call is audited with the credential's name (art. 17 and art. 11's traceability)."""
    record(
        actor=machine_actor(credential),
        action="dataouverture.api_call",
        organisation=credential.organisation,
        target=credential,
        data={"endpoint": endpoint, "status": status, **(data or {})},
        now=now,
    )


# Idempotency ---------------------------------------------------------------------------------


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def idempotent(
    *,
    credential: ApiCredential,
    key: str,
    endpoint: str,
    fingerprint: str,
    perform: Callable[[], tuple[int, dict]],
    now: datetime | None = None,
) -> tuple[int, dict, bool]:
    """``(status, body, replayed)``. Without a key, simply performs.

    The key is claimed by inserting its row first (unique per credential):
    of two parallel retries one performs, the other is told to wait. A
    refused call frees the key so that a corrected retry may use it.
    """
    if not key:
        return (*perform(), False)
    if len(key) > 200:
        raise DomainError(_("L'en-tête Idempotency-Key dépasse 200 caractères."))
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claim = ImportRequest.objects.create(
                credential=credential,
                key=key,
                endpoint=endpoint,
                fingerprint=fingerprint,
                created_at=now,
            )
    except IntegrityError:
        return _replay(credential, key, endpoint, fingerprint)
    try:
        status, body = perform()
    except BaseException:
        claim.delete()
        raise
    ImportRequest.objects.filter(pk=claim.pk).update(status_code=status, response=body)
    return status, body, False


def _replay(
    credential: ApiCredential, key: str, endpoint: str, fingerprint: str
) -> tuple[int, dict, bool]:
    previous = ImportRequest.objects.get(credential=credential, key=key)
    if previous.endpoint != endpoint or previous.fingerprint != fingerprint:
        raise IllegalStateChange(
            _("Cette clé d'idempotence a déjà servi pour une requête différente.")
        )
    if previous.status_code is None:
        raise IllegalStateChange(
            _("Une requête avec cette clé d'idempotence est en cours : réessayez dans un instant.")
        )
    return previous.status_code, previous.response or {}, True


# Documents -------------------------------------------------------------------------------------


def target_folder(organisation: Organisation, folder_id: UUID | str | None) -> Folder:
    """A folder of the shared tree of the organisation (machines have no private space)."""
    if not folder_id:
        return documents.shared_root(organisation)
    folder = Folder.objects.filter(
        organisation=organisation, owner__isnull=True, public_id=folder_id
    ).first()
    if folder is None:
        raise Http404
    return folder


def import_documents(
    *,
    credential: ApiCredential,
    folder: Folder,
    uploads: list[UploadedFile],
    now: datetime | None = None,
) -> list[Document]:
    """Store the files in ``folder``; every file is checked before any is stored."""
    now = now or timezone.now()
    if not uploads:
        raise DomainError(_("Joignez au moins un fichier (champ « file »)."), field="file")
    if len(uploads) > MAX_FILES_PER_CALL:
        raise DomainError(
            _("Au plus %(n)d fichiers par appel.") % {"n": MAX_FILES_PER_CALL}, field="file"
        )
    names = set()
    for upload in uploads:
        name = documents.clean_name(upload.name or "", field="file")
        try:
            filetypes.detect(cast(BinaryIO, upload), name)
        except filetypes.FileTypeRefused as refusal:
            raise DomainError(f"{name} : {refusal.message}", field="file") from refusal
        if name.lower() in names:
            raise DomainError(_("« %(name)s » figure deux fois.") % {"name": name}, field="file")
        names.add(name.lower())
    actor = credential.created_by
    return [
        documents.upload_document(actor=actor, folder=folder, upload=upload, now=now)
        for upload in uploads
    ]


# Users -----------------------------------------------------------------------------------------


def import_users(
    *, credential: ApiCredential, data: bytes, now: datetime | None = None
) -> list[User]:
    """Create every user of the CSV, or none: the whole file is validated first."""
    now = now or timezone.now()
    rows, errors = rules.parse_users_csv(data)
    if not errors:
        taken = set(
            User.objects.filter(email__in=[row.email for row in rows]).values_list(
                "email", flat=True
            )
        )
        errors = [
            _("Ligne %(line)d : « %(email)s » a déjà un compte.")
            % {"line": row.line, "email": row.email}
            for row in rows
            if row.email in taken
        ]
    if errors:
        raise CsvRejected(errors)
    actor = credential.created_by
    with transaction.atomic():
        users = [
            accounts.invite_user(
                actor=actor,
                organisation=credential.organisation,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                role=row.role,
                now=now,
            )
            for row in rows
        ]
        record(
            actor=machine_actor(credential),
            action="dataouverture.users_imported",
            organisation=credential.organisation,
            target=credential,
            data={"count": len(users)},
            now=now,
        )
    return users
