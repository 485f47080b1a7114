"""Disk full or unwritable media folder during an upload (issue 11): a French error,
the quota reservation released, no orphan file, no half-written row; lost and
duplicated = 0 once the disk has room again.

No special service is needed, so this runs in the normal suite (not ``-m faults``).
A real full disk cannot be made portably here: CI runs as root, whom a read-only
mode does not stop, and mounting a tiny file system needs privileges. So the
storage is Django's own ``FileSystemStorage`` whose ``_save`` really runs, fed a
content that raises ``ENOSPC`` after its first chunk as the kernel would: the
partial file Django leaves behind is real. An unwritable folder raises ``EROFS``
on opening, as a read-only mount does.
"""

import errno
import html

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.core.models import OutboundEmail
from portal.documents import services as documents
from portal.documents.models import Document, StorageUsage
from support.models import Attachment, Demande
from tests.documents import samples
from tests.support.factories import MONDAY_10, png

pytestmark = pytest.mark.django_db

FULL = "l'espace de stockage du portail est plein"
UNAVAILABLE = "le stockage des fichiers du portail est momentanément indisponible"


class _FillsUp:
    """An upload whose second chunk meets a full disk."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        data = self.content.read()
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")


class FlakyDisk(FileSystemStorage):
    """Writes ``room`` files, then the disk is full (or, with ``error``, read-only)."""

    def __init__(self, location, *, room=0, error=errno.ENOSPC):
        super().__init__(location=location)
        self.room, self.error, self.partial = room, error, []

    def _save(self, name, content):
        if self.room > 0:
            self.room -= 1
            return super()._save(name, content)
        if self.error == errno.ENOSPC:
            self.partial.append(name)
            return super()._save(name, _FillsUp(content))
        raise OSError(self.error, "Read-only file system", name)


@pytest.fixture
def media(tmp_path):
    return tmp_path / "media"


@pytest.fixture
def disk(monkeypatch, media):
    """Install a FlakyDisk as the storage of documents and attachments."""

    def install(**options):
        storage = FlakyDisk(media, **options)
        for model in (Document, Attachment):
            monkeypatch.setattr(model._meta.get_field("file"), "storage", storage)
        return storage

    return install


def files_on_disk(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


def usage(organisation) -> tuple[int, int]:
    row = StorageUsage.objects.get(organisation=organisation)
    return row.bytes_used, row.bytes_reserved


@pytest.fixture
def shared(organisation, monkeypatch):
    monkeypatch.setattr(
        "subscriptions.selectors.storage_entitlement_bytes", lambda *a, **k: 10 * 1024**3
    )
    return documents.shared_root(organisation)


def upload(client_admin, shared, name="bilan.pdf"):
    return documents.upload_document(
        actor=client_admin, folder=shared, upload=samples.upload(name, samples.pdf_bytes())
    )


# --- document space -------------------------------------------------------------------


def test_a_full_disk_refuses_a_document_and_leaves_nothing(
    disk, media, client_admin, shared, organisation
):
    storage = disk()

    with pytest.raises(documents.DomainError, match=FULL) as refusal:
        upload(client_admin, shared)

    assert refusal.value.status_code == 507 and refusal.value.field == "file"
    assert storage.partial and files_on_disk(media) == []  # the partial file was removed
    assert not Document.objects.exists()
    assert usage(organisation) == (0, 0)  # reservation released
    assert not AuditEvent.objects.filter(action="document.uploaded").exists()

    storage.room = 1  # room again: the same upload goes through once
    document = upload(client_admin, shared)
    assert Document.objects.count() == 1 and len(files_on_disk(media)) == 1
    assert usage(organisation) == (document.size, 0)


def test_an_unwritable_folder_refuses_a_document_with_a_503(disk, media, client_admin, shared):
    disk(error=errno.EROFS)

    with pytest.raises(documents.DomainError, match=UNAVAILABLE) as refusal:
        upload(client_admin, shared)

    assert refusal.value.status_code == 503
    assert files_on_disk(media) == [] and not Document.objects.exists()
    assert usage(shared.organisation) == (0, 0)


def test_the_document_page_answers_a_full_disk_with_a_form_error(
    disk, media, login, client_admin, shared
):
    disk()

    response = login(client_admin).post(
        reverse("documents:upload", kwargs={"public_id": shared.public_id}),
        {"file": samples.upload("bilan.pdf", samples.pdf_bytes())},
        follow=True,
    )

    assert response.status_code == 200
    assert FULL in html.unescape(response.content.decode())
    assert files_on_disk(media) == [] and not Document.objects.exists()


def test_the_documents_api_answers_507_in_the_portal_error_shape(disk, media, client_admin, shared):
    disk()
    client = APIClient()
    client.force_authenticate(client_admin)

    response = client.post(
        "/api/v1/documents/",
        {"file": samples.upload("bilan.pdf", samples.pdf_bytes())},
        format="multipart",
    )

    assert response.status_code == 507
    body = response.json()
    assert FULL in body["detail"] and FULL in body["file"][0]
    assert files_on_disk(media) == [] and usage(shared.organisation) == (0, 0)


# --- Demande attachments ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def file_with_two_screenshots(client_user):
    client = APIClient()
    client.force_authenticate(client_user)
    return client.post(
        "/api/v1/demandes/",
        {"subject": "Balance fausse", "attachments": [png("un.png"), png("deux.png")]},
        format="multipart",
    )


def test_a_full_disk_on_the_second_attachment_files_nothing(disk, media, client_user):
    disk(room=1)  # the first screenshot is written, the second meets a full disk

    response = file_with_two_screenshots(client_user)

    assert response.status_code == 507, response.content
    assert FULL in response.json()["detail"]
    assert files_on_disk(media) == []  # first file removed, partial second one too
    assert not Demande.objects.exists() and not Attachment.objects.exists()
    assert not OutboundEmail.objects.exists()  # no acknowledgment of a Demande never filed


def test_once_the_disk_has_room_the_demande_is_filed_once(disk, media, client_user):
    storage = disk(room=1)
    assert file_with_two_screenshots(client_user).status_code == 507

    storage.room = 2
    response = file_with_two_screenshots(client_user)

    assert response.status_code == 201, response.content
    lost = 1 - Demande.objects.count()
    duplicated = max(Demande.objects.count() - 1, 0)
    assert (lost, duplicated) == (0, 0)
    assert Attachment.objects.count() == 2 and len(files_on_disk(media)) == 2
    assert OutboundEmail.objects.count() == 1


def test_the_filing_page_answers_an_unwritable_folder_with_a_form_error(
    disk, media, login, client_user
):
    disk(error=errno.EROFS)

    response = login(client_user).post(
        reverse("support:create"),
        {"kind": "support", "subject": "Export FEC en erreur", "attachments": [png()]},
    )

    assert response.status_code == 200
    assert UNAVAILABLE in html.unescape(response.content.decode())
    assert not Demande.objects.exists() and files_on_disk(media) == []
