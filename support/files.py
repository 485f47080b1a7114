"""Checking uploaded files by content, not by name (art. 12.2: screenshots).

A Demande takes images and PDF documents only. The type is read from the
file's first bytes (``filetype``); the name's extension must also be one of
that type's usual extensions, so an executable renamed ``.png`` is refused and
so is a PDF renamed ``.exe``.
"""

from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.translation import gettext as _

from portal.core.errors import DomainError

#: Accepted types, with the extension the stored file gets.
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
#: Extensions a person may give each accepted type.
ALLOWED_NAMES = {
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
}
MAX_SIZE = 10 * 1024 * 1024  # 10 Mo per file
MAX_FILES = 10  # per upload


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # the UploadedFile
    name: str
    content_type: str
    size: int


def check_upload(upload, *, field: str = "attachments") -> CheckedFile:
    """Raise DomainError unless ``upload`` is a PDF or an image of at most 10 Mo."""
    name = PurePath(upload.name or "fichier").name[:200]
    if upload.size > MAX_SIZE:
        raise DomainError(
            _("« %(name)s » dépasse la taille maximale de %(max)s Mo.")
            % {"name": name, "max": MAX_SIZE // (1024 * 1024)},
            field=field,
        )
    if upload.size == 0:
        raise DomainError(_("« %(name)s » est vide.") % {"name": name}, field=field)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = filetype.guess_mime(head)
    extension = PurePath(name).suffix.lower()
    if mime not in EXTENSIONS or extension not in ALLOWED_NAMES[mime]:
        raise DomainError(
            _(
                "« %(name)s » n'est pas accepté : seules les images (PNG, JPEG, GIF, WebP) "
                "et les documents PDF peuvent être joints."
            )
            % {"name": name},
            field=field,
        )
    return CheckedFile(upload=upload, name=name, content_type=mime, size=upload.size)


def check_uploads(uploads, *, field: str = "attachments") -> list[CheckedFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise DomainError(
            _("Vous pouvez joindre au plus %(max)s fichiers à la fois.") % {"max": MAX_FILES},
            field=field,
        )
    return [check_upload(upload, field=field) for upload in uploads]


def download_response(attachment):
    """The stored file, inline for images, as a download for PDF (browser and API)."""
    from django.http import FileResponse

    inline = attachment.content_type.startswith("image/")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
