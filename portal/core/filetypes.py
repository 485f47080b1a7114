"""What a file really is, decided by content AND name: the one place that detects
file types (documents, Demande attachments, imports, learning supports).

puremagic is the one signature library (maintained; filetype had no release
since 2022). Each app keeps its own list of accepted formats and messages;
the checks on bytes live here.

Which files the document space accepts (art. 4), decided by content AND name.

Art. 4 limits the shared document space to "fichiers de format Microsoft Word,
Microsoft Excel, Microsoft Powerpoint, PDF ou images". A name alone proves
nothing, so a file is accepted only when its extension is one we allow *and*
its bytes are of the format that extension announces:

- the extension picks the expected format (``.pdf`` → PDF, ``.docx`` → Word…);
- puremagic (a maintained signature database) must recognise that format in
  the bytes themselves — a match on the file name alone does not count;
- Office Open XML files (``.docx``, ``.xlsx``, ``.pptx``) are zip containers,
  and puremagic calls any zip a ``.docx``: we open the container and require
  ``[Content_Types].xml`` and the main part of the announced application
  (``word/document.xml``, ``xl/workbook.xml``, ``ppt/presentation.xml``), and
  refuse macro-enabled content and oversized content (zip bombs: a cap on the
  declared uncompressed size and on the compression ratio — nothing is ever
  decompressed except ``[Content_Types].xml``, read with a byte limit);
- legacy ``.doc``/``.xls``/``.ppt`` are OLE2 compound files (magic
  ``D0 CF 11 E0``); the three share one container, so the extension decides
  which application it is;
- whatever the name, executables (``MZ``, ELF, Mach-O, scripts) and HTML or
  SVG (scripts in the browser) are refused.

This module is pure: no Django model, no storage. ``detect`` reads a seekable
binary stream and returns a ``DetectedType`` or raises ``FileTypeRefused``
with a French message for the person who uploaded the file. Other uploads
(Demande attachments, art. 12.2) judge a head of bytes with
``head_matches``, ``require_text`` and ``require_xml``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

import puremagic
from django.utils.translation import gettext as _

#: Zip containers: cap on the declared uncompressed size of all parts …
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
#: … on uncompressed / compressed (real Office files stay well under 100) …
MAX_COMPRESSION_RATIO = 100
#: … and on the number of parts.
MAX_ZIP_ENTRIES = 10_000
#: [Content_Types].xml is a few kilobytes; never read more than this of it.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Kind:
    WORD = "word"
    EXCEL = "excel"
    POWERPOINT = "powerpoint"
    PDF = "pdf"
    IMAGE = "image"


KIND_LABELS = {
    Kind.WORD: "Word",
    Kind.EXCEL: "Excel",
    Kind.POWERPOINT: "PowerPoint",
    Kind.PDF: "PDF",
    Kind.IMAGE: "Image",
}


@dataclass(frozen=True)
class Format:
    kind: str
    content_type: str
    #: "ooxml", "ole" or "magic" (recognised by puremagic)
    container: str
    #: extensions puremagic may report for this content
    magic_extensions: tuple[str, ...] = ()
    #: OOXML: the part the application's documents always have
    main_part: str = ""
    #: OOXML: the content type [Content_Types].xml must declare for it
    main_content_type: str = ""


_OOXML = "application/vnd.openxmlformats-officedocument"

FORMATS: dict[str, Format] = {
    ".docx": Format(
        Kind.WORD,
        f"{_OOXML}.wordprocessingml.document",
        "ooxml",
        main_part="word/document.xml",
        main_content_type=f"{_OOXML}.wordprocessingml.document.main+xml",
    ),
    ".xlsx": Format(
        Kind.EXCEL,
        f"{_OOXML}.spreadsheetml.sheet",
        "ooxml",
        main_part="xl/workbook.xml",
        main_content_type=f"{_OOXML}.spreadsheetml.sheet.main+xml",
    ),
    ".pptx": Format(
        Kind.POWERPOINT,
        f"{_OOXML}.presentationml.presentation",
        "ooxml",
        main_part="ppt/presentation.xml",
        main_content_type=f"{_OOXML}.presentationml.presentation.main+xml",
    ),
    ".doc": Format(Kind.WORD, "application/msword", "ole"),
    ".xls": Format(Kind.EXCEL, "application/vnd.ms-excel", "ole"),
    ".ppt": Format(Kind.POWERPOINT, "application/vnd.ms-powerpoint", "ole"),
    ".pdf": Format(Kind.PDF, "application/pdf", "magic", (".pdf",)),
    ".png": Format(Kind.IMAGE, "image/png", "magic", (".png",)),
    ".jpg": Format(Kind.IMAGE, "image/jpeg", "magic", (".jpg", ".jpeg", ".jfif")),
    ".jpeg": Format(Kind.IMAGE, "image/jpeg", "magic", (".jpg", ".jpeg", ".jfif")),
    ".gif": Format(Kind.IMAGE, "image/gif", "magic", (".gif",)),
    ".webp": Format(Kind.IMAGE, "image/webp", "magic", (".webp",)),
    ".bmp": Format(Kind.IMAGE, "image/bmp", "magic", (".bmp",)),
    ".tif": Format(Kind.IMAGE, "image/tiff", "magic", (".tif", ".tiff")),
    ".tiff": Format(Kind.IMAGE, "image/tiff", "magic", (".tif", ".tiff")),
}

ALLOWED_EXTENSIONS = tuple(FORMATS)

#: Content that is refused whatever the name (checked on the first bytes).
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
_MARKUP_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<head")


class FileTypeRefused(ValueError):
    """The file is not one the document space accepts; ``message`` says why (French)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DetectedType:
    kind: str
    content_type: str
    extension: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def extension_of(filename: str) -> str:
    return os.path.splitext(filename or "")[1].lower()


def allowed_formats_text() -> str:
    return _("Word, Excel, PowerPoint, PDF ou images (PNG, JPEG, GIF, WebP, BMP, TIFF)")


def detect(stream: BinaryIO, filename: str) -> DetectedType:
    """The type of an uploaded file, or ``FileTypeRefused``.

    ``stream`` must be seekable; it is left at position 0.
    """
    extension = extension_of(filename)
    expected = FORMATS.get(extension)
    if expected is None:
        raise FileTypeRefused(
            _("Ce type de fichier n'est pas accepté. Formats acceptés : %(formats)s.")
            % {"formats": allowed_formats_text()}
        )
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if not head:
        raise FileTypeRefused(_("Le fichier est vide."))
    refuse_dangerous_content(head)
    if expected.container == "ole":
        ok = head.startswith(OLE_MAGIC)
    elif expected.container == "ooxml":
        ok = _is_ooxml(stream, expected)
    else:
        ok = _magic_matches(stream, filename, expected)
    stream.seek(0)
    if not ok:
        raise FileTypeRefused(_mismatch_message(extension))
    return DetectedType(expected.kind, expected.content_type, extension)


def _mismatch_message(extension: str) -> str:
    return _(
        "Le contenu de ce fichier ne correspond pas à son extension « %(ext)s » : "
        "il a été refusé. Seuls les vrais fichiers %(formats)s sont acceptés."
    ) % {"ext": extension, "formats": allowed_formats_text()}


def refuse_dangerous_content(head: bytes) -> None:
    if head.startswith(_EXECUTABLE_MAGIC):
        raise FileTypeRefused(
            _("Ce fichier est un programme exécutable déguisé : il a été refusé.")
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_MARKUP_MARKERS):
        raise FileTypeRefused(
            _("Ce fichier est une page web (HTML, SVG ou XML) déguisée : il a été refusé.")
        )


def _magic_matches(stream: BinaryIO, filename: str, expected: Format) -> bool:
    """puremagic recognises the expected format in the bytes themselves.

    With a file name hint, puremagic also returns a zero-confidence guess made
    from the name alone (empty ``byte_match``): it must not count.
    """
    try:
        matches = puremagic.magic_stream(stream, filename=filename)
    except (puremagic.PureError, ValueError):
        return False
    finally:
        stream.seek(0)
    return _any_byte_match(matches, expected)


def head_matches(head: bytes, extension: str) -> bool:
    """puremagic recognises, in ``head`` alone, the format ``extension`` announces.

    For the formats told by their first bytes (images and PDF); any other
    extension is False. Used where only the first bytes are at hand (a part
    of a zip attachment).
    """
    expected = FORMATS.get(extension)
    if expected is None or expected.container != "magic" or not head:
        return False
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return False
    return _any_byte_match(matches, expected)


def _any_byte_match(matches: Iterable[Any], expected: Format) -> bool:
    return any(
        match.byte_match and match.extension.lower() in expected.magic_extensions
        for match in matches
    )


#: Control bytes never found in a text export (tab, LF, CR and form feed are fine).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def require_text(head: bytes) -> None:
    """Text in UTF-8 or a single-byte encoding: no NUL nor control bytes."""
    if any(byte in head for byte in _CONTROL_BYTES):
        raise FileTypeRefused(_("son contenu n'est pas du texte (FEC, CSV ou TXT attendu)."))


def require_xml(head: bytes) -> None:
    """Text starting with a tag (so never a program), and not a web page."""
    require_text(head)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start.startswith(b"<"):
        raise FileTypeRefused(_("son contenu n'est pas du XML."))
    prolog = start.split(b"?>", 1)[-1].lstrip() if start.startswith(b"<?xml") else start
    if prolog.startswith((b"<!doctype html", b"<html", b"<svg")) or b"<script" in start:
        raise FileTypeRefused(_("c'est une page web (HTML ou SVG) déguisée."))


def _is_ooxml(stream: BinaryIO, expected: Format) -> bool:
    stream.seek(0)
    if stream.read(4) != b"PK\x03\x04":
        return False
    stream.seek(0, io.SEEK_END)
    archive_size = stream.tell()
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            check_zip_bomb(entries, archive_size)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or expected.main_part not in names:
                return False
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise FileTypeRefused(_macro_message())
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        return False
    finally:
        stream.seek(0)
    if len(content_types) > MAX_CONTENT_TYPES_BYTES:
        raise FileTypeRefused(_zip_bomb_message())
    if b"macroenabled" in content_types.lower():
        raise FileTypeRefused(_macro_message())
    return expected.main_content_type.encode() in content_types


def check_zip_bomb(entries: list[zipfile.ZipInfo], archive_size: int) -> None:
    declared = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or declared > MAX_UNCOMPRESSED_BYTES
        or declared > MAX_COMPRESSION_RATIO * max(archive_size, 1)
    ):
        raise FileTypeRefused(_zip_bomb_message())


def _zip_bomb_message() -> str:
    return _(
        "Ce fichier Office contient des données décompressées anormalement volumineuses : "
        "il a été refusé."
    )


def _macro_message() -> str:
    return _("Les documents Office contenant des macros ne sont pas acceptés.")
