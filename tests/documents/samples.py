"""Small real files built in memory, and disguised ones (spoofing cases)."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.documents import demo

#: A fixed date for zip parts: the same bytes on every run and every xdist worker
#: (test ids are built from them).
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def writestr(archive: zipfile.ZipFile, name: str, data) -> None:
    archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)


def pdf_bytes(text: str = "Bonjour") -> bytes:
    """A minimal, valid one-page PDF (the demo seed's builder)."""
    return demo.pdf_bytes(text)


def png_bytes() -> bytes:
    """A 1×1 PNG (the demo seed's builder)."""
    return demo.png_bytes()


def jpeg_bytes() -> bytes:
    """SOI + JFIF APP0 header + EOI: enough for signature detection."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def gif_bytes() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


_CT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)
_OOXML = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "docx": ("word/document.xml", f"{_OOXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{_OOXML}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{_OOXML}.presentationml.presentation.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def ooxml_bytes(kind: str = "docx", *, extra: dict | None = None) -> bytes:
    part, content_type = MAIN_PARTS[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writestr(
            archive,
            "[Content_Types].xml",
            _CT_HEAD + f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>',
        )
        writestr(archive, "_rels/.rels", _RELS.format(target=part))
        writestr(archive, part, '<?xml version="1.0"?><document/>')
        for name, data in (extra or {}).items():
            writestr(archive, name, data)
    return out.getvalue()


def plain_zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writestr(archive, "notes.txt", "pas un document Word")
    return out.getvalue()


def zip_bomb_docx_bytes(uncompressed: int = 20 * 1024 * 1024) -> bytes:
    """A real-looking .docx with a part of zeros compressing far beyond any real file."""
    return ooxml_bytes("docx", extra={"word/media/bomb.bin": b"\0" * uncompressed})


def exe_bytes() -> bytes:
    header = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56 + struct.pack("<I", 64))
    return bytes(header) + b"PE\x00\x00" + b"\x00" * 200


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def ole_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
