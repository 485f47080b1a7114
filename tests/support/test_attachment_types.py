"""The files accountants send are accepted, checked by content (issue 10, "Attachments")."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.core.errors import DomainError
from support.files import check_upload
from support.services import DemandeDraft, file_demande
from tests.documents import samples
from tests.support.factories import MONDAY_10

FEC = (
    "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|Debit|Credit\r\n"
    "VE|Ventes|1|20251231|411000|Clients|120,00|0,00\r\n"
).encode("latin-1")
OOXML = "application/vnd.openxmlformats-officedocument"
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<Declaration><Montant>12</Montant></Declaration>'


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            samples.writestr(archive, name, data)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("123456789FEC20251231.txt", FEC, "text/plain"),
        ("ecritures.fec", FEC, "text/plain"),
        ("balance.csv", "Compte;Libellé;Solde\n401;Fournisseurs;-12,5\n".encode(), "text/csv"),
        ("export.xlsx", samples.ooxml_bytes("xlsx"), f"{OOXML}.spreadsheetml.sheet"),
        ("ancien.xls", samples.ole_bytes(), "application/vnd.ms-excel"),
        ("courrier.docx", samples.ooxml_bytes("docx"), f"{OOXML}.wordprocessingml.document"),
        ("edi.xml", XML, "application/xml"),
        ("pieces.zip", _zip({"FEC.txt": FEC, "scan.pdf": samples.pdf_bytes()}), "application/zip"),
        ("capture.png", samples.png_bytes(), "image/png"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_accountants_files_are_accepted(name, data, content_type):
    assert check_upload(upload(name, data)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("FEC.txt", samples.exe_bytes(), "exécutable"),
        ("export.csv", samples.html_bytes(), "page web"),
        ("binaire.txt", b"abc\x00\x01\x02def", "pas du texte"),
        ("page.xml", b"<?xml version='1.0'?><html><script>x</script></html>", "page web"),
        ("faux.xml", b"juste du texte", "pas du XML"),
        ("faux.xlsx", samples.plain_zip_bytes(), "ne correspond pas"),
        ("bombe.zip", _zip({"zeros.txt": b"\0" * (20 * 1024 * 1024)}), "volumineuses"),
        ("programme.zip", _zip({"setup.exe": samples.exe_bytes()}), "setup.exe"),
        ("deguise.zip", _zip({"FEC.txt": samples.exe_bytes()}), "exécutable"),
        ("poupees.zip", _zip({"autre.zip": _zip({"a.txt": b"a"})}), "autre.zip"),
        ("pas-un.zip", b"PK\x03\x04 tronque", "ZIP"),
        ("macro.xlsm", samples.ooxml_bytes("xlsx"), "formats acceptés"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_disguised_or_dangerous_files_are_refused(name, data, why):
    with pytest.raises(DomainError) as error:
        check_upload(upload(name, data))
    assert name in str(error.value.message)
    assert why in str(error.value.message)
    assert error.value.field == "attachments"


@pytest.mark.django_db
def test_a_demande_takes_the_fec_the_export_fec_refuse_demande_calls_for(
    client_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    demande = file_demande(
        requester=client_user,
        now=MONDAY_10,
        draft=DemandeDraft(
            subject="Export FEC refusé", attachments=[upload("123456789FEC20251231.txt", FEC)]
        ),
    )
    attachment = demande.attachments.get()
    assert attachment.content_type == "text/plain"
    assert attachment.file.name.endswith(".txt")
