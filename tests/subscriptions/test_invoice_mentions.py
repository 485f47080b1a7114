"""A French invoice's legal mentions (C. com. art. L441-9, L441-10, D441-5), frozen at issue."""

import re
import zlib
from datetime import date

import pytest
from django.urls import reverse

from subscriptions import legal
from subscriptions.models import Invoice
from tests.subscriptions.factories import issued_invoice

VENDOR = {
    "VENDOR_NAME": "Éditeur Test SAS",
    "VENDOR_ADDRESS": "3 place du Test, 69001 Lyon",
    "VENDOR_SIREN": "732829320",
    "VENDOR_VAT_NUMBER": "FR44732829320",
    "VENDOR_RCS": "RCS Lyon 732 829 320",
    "VENDOR_SHARE_CAPITAL": "250 000 €",
    "INVOICE_PAYMENT_TERMS_DAYS": 30,
}


@pytest.fixture
def vendor_settings(settings):
    for name, value in VENDOR.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def invoice(vendor_settings, organisation):
    organisation.address = "1 rue du Port"
    organisation.postal_code = "69002"
    organisation.city = "Lyon"
    organisation.save()
    return issued_invoice(organisation)


def _pdf_text(pdf: bytes) -> str:
    """The drawn strings, joined by spaces (multi_cell wraps long paragraphs)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    content = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x").decode("latin-1")
    strings = re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", content)
    return " ".join(" ".join(s.replace("\\(", "(").replace("\\)", ")") for s in strings).split())


def test_the_due_date_is_the_invoice_date_plus_the_payment_terms():
    assert legal.due_date(date(2025, 1, 31), 30) == date(2025, 3, 2)
    assert legal.due_date(date(2024, 12, 15), 45) == date(2025, 1, 29)


def test_issuing_freezes_the_vendor_and_client_identities(invoice, organisation):
    assert invoice.issued_on == date(2025, 1, 31)
    snapshot = invoice.legal_snapshot
    assert snapshot["vendor"]["siren"] == "732829320"
    assert snapshot["vendor"]["share_capital"] == "250 000 €"
    assert snapshot["customer"] == {
        "name": organisation.name,
        "siren": organisation.siren,
        "address": "1 rue du Port, 69002 Lyon",
    }
    assert snapshot["payment_terms_days"] == 30
    assert "40 €" in snapshot["late_penalty_text"]
    assert invoice.due_on == date(2025, 3, 2)


def test_later_changes_do_not_rewrite_an_issued_invoice(invoice, organisation, vendor_settings):
    vendor_settings.VENDOR_NAME = "Nouveau nom SAS"
    vendor_settings.VENDOR_ADDRESS = "9 avenue Ailleurs, 75008 Paris"
    vendor_settings.INVOICE_PAYMENT_TERMS_DAYS = 45
    organisation.address = "2 quai Neuf"
    organisation.save()

    mentions = Invoice.objects.get(pk=invoice.pk).mentions
    assert mentions.vendor.name == "Éditeur Test SAS"
    assert mentions.vendor.address == "3 place du Test, 69001 Lyon"
    assert mentions.customer.address == "1 rue du Port, 69002 Lyon"
    assert mentions.payment_terms_days == 30
    assert mentions.due_on == date(2025, 3, 2)


def test_an_invoice_issued_before_the_snapshot_uses_the_current_values(invoice, organisation):
    Invoice.objects.filter(pk=invoice.pk).update(legal_snapshot=None)
    legacy = Invoice.objects.select_related("contract__organisation").get(pk=invoice.pk)

    mentions = legacy.mentions
    assert mentions.vendor.siren == "732829320"
    assert mentions.vendor.rcs == "RCS Lyon 732 829 320"
    assert mentions.customer.name == invoice.customer_name
    assert mentions.customer.siren == organisation.siren
    assert mentions.customer.address == invoice.customer_address
    assert mentions.due_on == date(2025, 3, 2)
    assert "D441-5" in mentions.late_penalty_text


def test_the_invoice_page_shows_the_legal_mentions(login, client_admin, invoice, organisation):
    response = login(client_admin).get(
        reverse("subscriptions:invoice", kwargs={"public_id": invoice.public_id})
    )
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "Éditeur Test SAS",
        "3 place du Test, 69001 Lyon",
        "732829320",
        "RCS Lyon 732 829 320",
        "250 000 €",
        "FR44732829320",
        organisation.siren,
        "1 rue du Port, 69002 Lyon",
        invoice.number,
        "31 janvier 2025",  # invoice date
        "du 31 janvier 2025 au 29 avril 2025 inclus, terme à échoir",
        "2 mars 2025",  # due date
        "Paiement à 30 jours date de facture",
        "indemnité forfaitaire pour frais de recouvrement de 40 €",
    ]:
        assert text in body, text


def test_the_invoice_pdf_carries_the_legal_mentions(login, client_admin, invoice, organisation):
    response = login(client_admin).get(
        reverse("subscriptions:invoice_pdf", kwargs={"public_id": invoice.public_id})
    )
    assert response.status_code == 200
    text = _pdf_text(response.content)
    for fragment in [
        "Facture " + invoice.number,
        "SIREN 732829320 - RCS Lyon 732 829 320 - Capital social : 250 000 EUR",
        "N° TVA intracommunautaire : FR44732829320",
        f"SIREN : {organisation.siren}",
        "1 rue du Port, 69002 Lyon",
        "Date de facture : 31 janvier 2025",
        "du 31 janvier 2025 au 29 avril 2025 inclus",
        "Date d'échéance : 2 mars 2025",
        "soit au plus tard le 2 mars 2025",
        "frais de recouvrement de 40 EUR",
    ]:
        assert fragment in text, fragment
