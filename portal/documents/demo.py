"""Demo data of the document space (``manage.py seed_demo``), idempotent.

A few folders and small documents for Transports Durand and Groupe Lefèvre.
Demo files are written directly (vendor seed data, not an upload: the demo
contracts may not carry storage entitlements yet); the usage counter is then
recounted from the documents.
"""

import io
import struct
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.accounts.models import User
from portal.documents import services
from portal.documents.models import Document, Folder

DEMO = {
    "admin@durand.demo": {
        "shared": [
            ("Comptabilité", "Procédure de clôture 2025.pdf", "Procédure de clôture annuelle"),
            ("Comptabilité/2026", "Calendrier fiscal 2026.pdf", "Échéances fiscales 2026"),
            ("Juridique", "Extrait Kbis.pdf", "Extrait Kbis - Transports Durand"),
            ("", "Logo Transports Durand.png", None),
        ],
    },
    "user@durand.demo": {
        "private": [("", "Notes de réunion.pdf", "Notes de réunion du lundi")],
    },
    "admin@lefevre.demo": {
        "shared": [("Direction", "Budget prévisionnel.pdf", "Budget prévisionnel 2026")],
    },
}


def pdf_bytes(text: str) -> bytes:
    """A tiny valid one-page PDF showing ``text`` (ASCII)."""
    text = text.encode("ascii", "replace").decode()
    content = f"BT /F1 16 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"")
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def png_bytes() -> bytes:
    """A 1×1 blue PNG."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x4e\xa0"))
        + chunk(b"IEND", b"")
    )


def _folder(root: Folder, path: str) -> Folder:
    folder = root
    for name in filter(None, path.split("/")):
        folder, _ = Folder.objects.get_or_create(
            organisation_id=root.organisation_id,
            owner_id=root.owner_id,
            parent=folder,
            name=name,
            defaults={"created_at": timezone.now()},
        )
    return folder


def _document(user, folder, name, text) -> None:
    if folder.documents.filter(name=name).exists():
        return
    data = png_bytes() if text is None else pdf_bytes(text)
    stored = Document._meta.get_field("file").storage.save(
        services.storage_name(user.organisation), ContentFile(data)
    )
    now = timezone.now()
    Document.objects.create(
        organisation=user.organisation,
        folder=folder,
        name=name,
        file=stored,
        size=len(data),
        content_type="image/png" if text is None else "application/pdf",
        kind="image" if text is None else "pdf",
        uploaded_by=user,
        created_at=now,
        content_changed_at=now,
        updated_at=now,
    )


def seed() -> None:
    organisations = set()
    for email, spaces in DEMO.items():
        user = User.objects.filter(email=email).select_related("organisation").first()
        if user is None:
            continue
        organisations.add(user.organisation)
        shared, private = services.ensure_space(user)
        for space, root in (("shared", shared), ("private", private)):
            for path, name, text in spaces.get(space, []):
                _document(user, _folder(root, path), name, text)
    for organisation in organisations:
        services.recount_usage(organisation)
