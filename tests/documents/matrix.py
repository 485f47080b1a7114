"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)

Objects live in the organisation of ``client_admin``: shared ones (every
member reads them; the outsider gets 404) and, for detail and download,
a document in client_admin's *private* folder (client_user gets 404 too).
Vendor staff have no document space (403).
"""

import atexit
import shutil
import tempfile

from tests.authz import statuses

_media = {}


def _temporary_media_root():
    """Matrix files go to a temporary MEDIA_ROOT, not var/media (once per process)."""
    if not _media:
        from django.test import override_settings

        root = tempfile.mkdtemp(prefix="portal-matrix-media-")
        override_settings(MEDIA_ROOT=root).enable()
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _media["root"] = root


def _document(cast, *, private=False):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from portal.documents import services
    from portal.documents.models import Document
    from tests.documents.samples import pdf_bytes

    _temporary_media_root()
    admin = cast["client_admin"]
    folder = services.private_root(admin) if private else services.shared_root(admin.organisation)
    data = pdf_bytes()
    stored = Document._meta.get_field("file").storage.save(
        services.storage_name(admin.organisation), ContentFile(data)
    )
    now = timezone.now()
    return Document.objects.create(
        organisation=admin.organisation,
        folder=folder,
        name="Bilan 2025.pdf",
        file=stored,
        size=len(data),
        content_type="application/pdf",
        kind="pdf",
        uploaded_by=admin,
        created_at=now,
        content_changed_at=now,
        updated_at=now,
    )


def _shared_folder(cast):
    from portal.documents import services

    admin = cast["client_admin"]
    root = services.shared_root(admin.organisation)
    return {"public_id": services.create_folder(actor=admin, parent=root, name="Paie").public_id}


def _shared_document(cast):
    return {"public_id": _document(cast).public_id}


def _private_document(cast):
    return {"public_id": _document(cast, private=True).public_id}


def _trashed_document(cast):
    from django.utils import timezone

    document = _document(cast)
    document.deleted_at = timezone.now()
    document.purge_after = document.deleted_at + timezone.timedelta(days=30)
    document.save(update_fields=["deleted_at", "purge_after"])
    return {"public_id": document.public_id}


SHARED = statuses(302, 200, 200, 404, 403, 403)
SHARED_ACTION = statuses(302, 302, 302, 404, 403, 403)
ADMIN_PRIVATE = statuses(302, 404, 200, 404, 403, 403)
API_MEMBERS = statuses(403, 200, 200, 200, 403, 403)
API_SHARED = statuses(403, 200, 200, 404, 403, 403)
API_ADMIN_PRIVATE = statuses(403, 404, 200, 404, 403, 403)

MATRIX: dict = {
    "documents:index": ("get", None, statuses(302, 200, 200, 200, 403, 403)),
    "documents:folder": ("get", _shared_folder, SHARED),
    # POST without a file or a name: the form comes back with its errors.
    "documents:upload": ("post", _shared_folder, SHARED),
    "documents:create_folder": ("post", _shared_folder, SHARED),
    "documents:edit_folder": ("get", _shared_folder, SHARED),
    "documents:delete_folder": ("get", _shared_folder, SHARED),
    "documents:detail": ("get", _private_document, ADMIN_PRIVATE),
    "documents:download": ("get", _private_document, ADMIN_PRIVATE),
    "documents:edit": ("get", _shared_document, SHARED),
    "documents:replace": ("post", _shared_document, SHARED),
    # No backup to restore: a French error message and back to the document.
    "documents:restore": ("post", _shared_document, SHARED_ACTION),
    "documents:delete": ("get", _shared_document, SHARED),
    "documents:trash": ("get", None, statuses(302, 200, 200, 200, 403, 403)),
    "documents:trash_restore": ("post", _trashed_document, SHARED_ACTION),
    # A user is told only an administrator purges (message), the administrator purges.
    "documents:trash_purge": ("post", _trashed_document, SHARED_ACTION),
    "api:document-list": ("get", None, API_MEMBERS),
    "api:document-detail": ("get", _shared_document, API_SHARED),
    "api:document-download": ("get", _private_document, API_ADMIN_PRIVATE),
    "api:folder-list": ("get", None, API_MEMBERS),
}
