"""Checking uploaded files by content, not by name (art. 12.2: screenshots, and
the files accountants send: a FEC, a CSV or Excel export, an XML, a zip).

The type is decided by the name's extension AND the file's bytes, so an
executable renamed ``.png`` or ``.csv`` is refused and so is a PDF renamed
``.exe``:

- images and PDF: read from the first bytes (``filetype``);
- Word and Excel: the document space's checks (portal/documents/filetypes.py:
  Office containers opened, macros and zip bombs refused);
- FEC, CSV, TXT and XML: text (UTF-8 or Latin-1, no NUL or control bytes),
  never an executable or a web page in disguise;
- ZIP: the document space's zip-bomb limits, no encrypted part, and every
  part is itself one of the types above (checked on its first bytes).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.translation import gettext as _

from portal.core.errors import DomainError
from portal.documents import filetypes as documents

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
#: Extensions a person may give each type recognised by its first bytes.
ALLOWED_NAMES = {
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
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
#: Control bytes never found in a text export (tab, LF, CR and form feed are fine).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


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
    except documents.FileTypeRefused as refused:
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
        documents.refuse_dangerous_content(head)
    if extension in OFFICE_EXTENSIONS:
        return documents.detect(stream, name).content_type
    if extension in TEXT_TYPES:
        _require_text(head)
        return TEXT_TYPES[extension]
    if extension == ".xml":
        _require_xml(head)
        return XML_TYPE
    if extension == ".zip":
        _check_zip(stream)
        return ZIP_TYPE
    mime = filetype.guess_mime(head)
    if mime in ALLOWED_NAMES and extension in ALLOWED_NAMES[mime]:
        return mime
    raise documents.FileTypeRefused(_refusal())


def _refusal() -> str:
    return _("formats acceptés : %(formats)s.") % {"formats": accepted_formats_text()}


def _require_text(head: bytes) -> None:
    """Text in UTF-8 or a single-byte encoding: no NUL nor control bytes."""
    if any(byte in head for byte in _CONTROL_BYTES):
        raise documents.FileTypeRefused(
            _("son contenu n'est pas du texte (FEC, CSV ou TXT attendu).")
        )


def _require_xml(head: bytes) -> None:
    """Text starting with a tag (so never a program), and not a web page."""
    _require_text(head)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start.startswith(b"<"):
        raise documents.FileTypeRefused(_("son contenu n'est pas du XML."))
    prolog = start.split(b"?>", 1)[-1].lstrip() if start.startswith(b"<?xml") else start
    if prolog.startswith((b"<!doctype html", b"<html", b"<svg")) or b"<script" in start:
        raise documents.FileTypeRefused(_("c'est une page web (HTML ou SVG) déguisée."))


def _check_zip(stream) -> None:
    """The document space's zip-bomb limits; every part an accepted type (not a zip)."""
    stream.seek(0, 2)
    archive_size = stream.tell()
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = [entry for entry in archive.infolist() if not entry.is_dir()]
            documents.check_zip_bomb(entries, archive_size)
            for entry in entries:
                _check_zip_part(archive, entry)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise documents.FileTypeRefused(_("ce n'est pas une archive ZIP lisible.")) from None


def _check_zip_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    part = PurePath(entry.filename).name
    extension = PurePath(part).suffix.lower()
    if entry.flag_bits & 0x1:
        raise documents.FileTypeRefused(_("l'archive contient des fichiers chiffrés."))
    if extension == ".zip" or entry.file_size > MAX_SIZE:
        raise documents.FileTypeRefused(
            _("l'archive contient « %(part)s », qui n'est pas accepté.") % {"part": part}
        )
    with archive.open(entry) as member:
        head = member.read(TEXT_SAMPLE)
    try:
        _check_part_head(head, part, extension)
    except documents.FileTypeRefused as refused:
        raise documents.FileTypeRefused(
            _("l'archive contient « %(part)s » : %(why)s") % {"part": part, "why": refused.message}
        ) from None


def _check_part_head(head: bytes, part: str, extension: str) -> None:
    """A part of a zip, judged on its first bytes (the whole part is never unpacked)."""
    if extension == ".xml":
        return _require_xml(head)
    documents.refuse_dangerous_content(head)
    if extension in TEXT_TYPES:
        return _require_text(head)
    if extension in (".docx", ".xlsx"):
        ok = head.startswith(b"PK\x03\x04")
    elif extension == ".xls":
        ok = head.startswith(documents.OLE_MAGIC)
    else:
        mime = filetype.guess_mime(head)
        ok = mime in ALLOWED_NAMES and extension in ALLOWED_NAMES[mime]
    if not ok:
        raise documents.FileTypeRefused(_refusal())


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
