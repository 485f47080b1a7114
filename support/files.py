"""Checking uploaded files by content, not by name (art. 12.2: screenshots, and
the files accountants send: a FEC, a CSV or Excel export, an XML, a zip).

The type is decided by the name's extension AND the file's bytes, so an
executable renamed ``.png`` or ``.csv`` is refused and so is a PDF renamed
``.exe``:

- images and PDF: read from the first bytes (puremagic, through
  portal/core/filetypes.py, the portal's one file-type detection);
- Word and Excel: the document space's checks (portal/core/filetypes.py:
  Office containers opened, macros and zip bombs refused);
- FEC, CSV, TXT and XML: text (UTF-8 or Latin-1, no NUL or control bytes),
  never an executable or a web page in disguise;
- ZIP: the document space's zip-bomb limits, no encrypted part, and every
  part is itself one of the types above (checked on its first bytes).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from portal.core import filetypes
from portal.core.errors import DomainError

_OOXML = "application/vnd.openxmlformats-officedocument"
#: Accepted types, with the extension the stored file gets.
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/xml": ".xml",
    "application/zip": ".zip",
    f"{_OOXML}.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
    f"{_OOXML}.wordprocessingml.document": ".docx",
}
#: Types recognised by their first bytes, by the extension a person may give them.
MAGIC_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
#: Text files: FEC (Fichier des écritures comptables) is a .txt or .csv, sometimes .fec.
TEXT_TYPES = {".txt": "text/plain", ".fec": "text/plain", ".csv": "text/csv"}
XML_TYPE = "application/xml"
OFFICE_EXTENSIONS = {".docx", ".xlsx", ".xls"}
ZIP_TYPE = "application/zip"
MAX_SIZE = 10 * 1024 * 1024  # 10 Mo per file
MAX_FILES = 10  # per upload
#: How much of a text file is read to check it is text.
TEXT_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # the UploadedFile
    name: str
    content_type: str
    size: int


def accepted_formats_text() -> str:
    return _(
        "images (PNG, JPEG, GIF, WebP), PDF, FEC, CSV ou TXT, Excel (XLSX, XLS), XML, "
        "Word (DOCX) et ZIP"
    )


def check_upload(upload, *, field: str = "attachments") -> CheckedFile:
    """Raise DomainError unless ``upload`` is an accepted type of at most 10 Mo."""
    name = PurePath(upload.name or "fichier").name[:200]
    if upload.size > MAX_SIZE:
        raise DomainError(
            _("« %(name)s » dépasse la taille maximale de %(max)s Mo.")
            % {"name": name, "max": MAX_SIZE // (1024 * 1024)},
            field=field,
        )
    if upload.size == 0:
        raise DomainError(_("« %(name)s » est vide.") % {"name": name}, field=field)
    try:
        content_type = detect(upload, name)
    except filetypes.FileTypeRefused as refused:
        raise DomainError(
            _("« %(name)s » n'est pas accepté : %(why)s") % {"name": name, "why": refused.message},
            field=field,
        ) from None
    finally:
        upload.seek(0)
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=upload.size)


def detect(stream, name: str) -> str:
    """The content type of an accepted file, or ``FileTypeRefused`` saying why."""
    extension = PurePath(name).suffix.lower()
    stream.seek(0)
    head = stream.read(TEXT_SAMPLE)
    stream.seek(0)
    if extension != ".xml":  # XML is markup by nature: _require_xml judges it
        filetypes.refuse_dangerous_content(head)
    if extension in OFFICE_EXTENSIONS:
        return filetypes.detect(stream, name).content_type
    if extension in TEXT_TYPES:
        filetypes.require_text(head)
        return TEXT_TYPES[extension]
    if extension == ".xml":
        filetypes.require_xml(head)
        return XML_TYPE
    if extension == ".zip":
        _check_zip(stream)
        return ZIP_TYPE
    if extension in MAGIC_TYPES and filetypes.head_matches(head, extension):
        return MAGIC_TYPES[extension]
    raise filetypes.FileTypeRefused(_refusal())


def _refusal() -> str:
    return _("formats acceptés : %(formats)s.") % {"formats": accepted_formats_text()}


def _check_zip(stream) -> None:
    """The document space's zip-bomb limits; every part an accepted type (not a zip)."""
    stream.seek(0, 2)
    archive_size = stream.tell()
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = [entry for entry in archive.infolist() if not entry.is_dir()]
            filetypes.check_zip_bomb(entries, archive_size)
            for entry in entries:
                _check_zip_part(archive, entry)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise filetypes.FileTypeRefused(_("ce n'est pas une archive ZIP lisible.")) from None


def _check_zip_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    part = PurePath(entry.filename).name
    extension = PurePath(part).suffix.lower()
    if entry.flag_bits & 0x1:
        raise filetypes.FileTypeRefused(_("l'archive contient des fichiers chiffrés."))
    if extension == ".zip" or entry.file_size > MAX_SIZE:
        raise filetypes.FileTypeRefused(
            _("l'archive contient « %(part)s », qui n'est pas accepté.") % {"part": part}
        )
    with archive.open(entry) as member:
        head = member.read(TEXT_SAMPLE)
    try:
        _check_part_head(head, part, extension)
    except filetypes.FileTypeRefused as refused:
        raise filetypes.FileTypeRefused(
            _("l'archive contient « %(part)s » : %(why)s") % {"part": part, "why": refused.message}
        ) from None


def _check_part_head(head: bytes, part: str, extension: str) -> None:
    """A part of a zip, judged on its first bytes (the whole part is never unpacked)."""
    if extension == ".xml":
        return filetypes.require_xml(head)
    filetypes.refuse_dangerous_content(head)
    if extension in TEXT_TYPES:
        return filetypes.require_text(head)
    if extension in (".docx", ".xlsx"):
        ok = head.startswith(b"PK\x03\x04")
    elif extension == ".xls":
        ok = head.startswith(filetypes.OLE_MAGIC)
    else:
        ok = extension in MAGIC_TYPES and filetypes.head_matches(head, extension)
    if not ok:
        raise filetypes.FileTypeRefused(_refusal())


def check_uploads(uploads, *, field: str = "attachments") -> list[CheckedFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise DomainError(
            _("Vous pouvez joindre au plus %(max)s fichiers à la fois.") % {"max": MAX_FILES},
            field=field,
        )
    return [check_upload(upload, field=field) for upload in uploads]


def store_attachment(attachment, checked: CheckedFile) -> str:
    """Write the file under its generated name (``FieldFile.save`` without the model
    save), leaving nothing when the disk is full or the folder unwritable (issue 11)."""
    from portal.core.filestore import save_file

    field = attachment.file.field
    name = field.generate_filename(attachment, checked.name)
    stored = save_file(
        field.storage, name, checked.upload, field="attachments", max_length=field.max_length
    )
    setattr(attachment, field.attname, stored)  # as FieldFile.save does
    return stored


def download_response(attachment):
    """The stored file, inline for images, as a download for everything else."""
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
