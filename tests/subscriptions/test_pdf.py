"""The invoice PDF reads as a French invoice: labels, dates and amounts."""

import re
import zlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from subscriptions.pdf import invoice_pdf


def _text_of(pdf: bytes) -> str:
    """The drawn text: fpdf2 writes each page's content as a zlib stream."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    return b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x").decode("latin-1")


class _Lines(list):
    def all(self):
        return self


def test_the_pdf_writes_french_labels_dates_and_amounts():
    line = SimpleNamespace(
        label="Cegid Expert",
        quantity=2,
        unit_price=Decimal("80.00"),
        months=3,
        amount=Decimal("1480.00"),
    )
    invoice = SimpleNamespace(
        number="F-2025-000001",
        customer_name="Transports Durand",
        customer_address="1 rue du Port, 69002 Lyon",
        issued_on=date(2025, 1, 31),
        period_start=date(2025, 1, 31),
        period_end=date(2025, 4, 30),
        lines=_Lines([line]),
        total_excl_tax=Decimal("1480.00"),
        vat_rate=Decimal("20"),
        vat_amount=Decimal("296.00"),
        total_incl_tax=Decimal("1776.00"),
    )
    with translation.override("fr"):
        pdf = invoice_pdf(invoice)

    assert pdf.startswith(b"%PDF")
    text = _text_of(pdf)
    assert "(Facture F-2025-000001)" in text
    # the last day billed, not the next invoice's first day
    assert "du 31 janvier 2025 au 29 avril 2025 inclus" in text
    assert "(80,00 EUR)" in text
    assert "(TVA 20 %)" in text
    assert re.search(r"\(1.776,00 EUR\)", text)  # grouped thousands, decimal comma
