"""The PDF of an invoice, drawn from the invoice's own copies (never from tariffs).

It carries the mentions of a French invoice (C. com. art. L441-9): vendor and
client identities, number, date, period billed, due date, totals, payment
terms and late-payment penalties, read from :func:`subscriptions.legal.mentions`
(the snapshot frozen at issue).

fpdf2's core fonts are Latin-1: amounts are written with "EUR" rather than
the euro sign, and any other character outside Latin-1 is replaced.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from portal.core.dates import long_date, period_text
from subscriptions import legal


def _text(value) -> str:
    text = str(value).replace("\u202f", " ").replace("€", "EUR").replace("’", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def _money(amount: Decimal) -> str:
    return _text(formats.number_format(amount, 2, use_l10n=True, force_grouping=True) + " EUR")


def _day(value) -> str:
    return long_date(value)  # "1er octobre 2026", as on the invoice page


def _line(pdf: FPDF, text: str, height: float = 5) -> None:
    pdf.cell(0, height, _text(text), new_x="LMARGIN", new_y="NEXT")


def invoice_pdf(invoice) -> bytes:
    mentions = legal.mentions(invoice)
    vendor, customer = mentions.vendor, mentions.customer
    pdf = FPDF(format="A4")
    pdf.set_title(_text(_("Facture %(number)s") % {"number": invoice.number}))
    pdf.set_author(_text(vendor.name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    _line(pdf, _("Facture %(number)s") % {"number": invoice.number}, height=10)
    pdf.set_font("Helvetica", "B", 10)
    _line(pdf, vendor.name)
    pdf.set_font("Helvetica", size=9)
    _line(pdf, vendor.address)
    _line(
        pdf,
        _("SIREN %(siren)s - %(rcs)s - Capital social : %(capital)s")
        % {"siren": vendor.siren, "rcs": vendor.rcs, "capital": vendor.share_capital},
    )
    _line(pdf, _("N° TVA intracommunautaire : %(vat)s") % {"vat": vendor.vat_number})
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    _line(pdf, _("Client : %(name)s") % {"name": customer.name})
    pdf.set_font("Helvetica", size=10)
    if customer.siren:
        _line(pdf, _("SIREN : %(siren)s") % {"siren": customer.siren})
    if customer.address:
        _line(pdf, customer.address)
    pdf.ln(3)
    _line(pdf, _("Date de facture : %(day)s") % {"day": _day(invoice.issued_on)})
    period = period_text(invoice.period_start, invoice.period_end - timedelta(days=1))
    _line(pdf, _("Période facturée : %(period)s") % {"period": period})
    pdf.set_font("Helvetica", "B", 10)
    _line(pdf, _("Date d'échéance : %(day)s") % {"day": _day(mentions.due_on)})
    pdf.set_font("Helvetica", size=10)
    pdf.ln(5)
    widths = (80, 20, 35, 15, 40)
    pdf.set_font("Helvetica", "B", 9)
    for width, title in zip(
        widths,
        [_("Désignation"), _("Quantité"), _("Prix unitaire HT/mois"), _("Mois"), _("Montant HT")],
        strict=True,
    ):
        pdf.cell(width, 7, _text(title), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=9)
    for line in invoice.lines.all():
        cells = [
            line.label,
            line.quantity,
            _money(line.unit_price),
            line.months,
            _money(line.amount),
        ]
        for width, value in zip(widths, cells, strict=True):
            pdf.cell(width, 7, _text(value), border=1)
        pdf.ln()
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10)
    for label, amount in [
        (_("Total HT"), invoice.total_excl_tax),
        (
            _("TVA %(rate)s %%") % {"rate": formats.number_format(invoice.vat_rate, 0)},
            invoice.vat_amount,
        ),
        (_("Total TTC"), invoice.total_incl_tax),
    ]:
        pdf.cell(sum(widths[:-1]), 6, _text(label), align="R")
        pdf.cell(widths[-1], 6, _money(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 9)
    _line(pdf, _("Conditions de paiement"))
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(
        0,
        4,
        _text(
            _(
                "Paiement à %(days)s jours date de facture, soit au plus tard le %(day)s. "
                "%(penalties)s"
            )
            % {
                "days": mentions.payment_terms_days,
                "day": _day(mentions.due_on),
                "penalties": mentions.late_penalty_text,
            }
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0,
        4,
        _text(
            _(
                "Abonnement facturé trimestriellement, terme à échoir (article 14 du livret de "
                "service). Document conservé dix ans au titre des obligations fiscales."
            )
        ),
    )
    return bytes(pdf.output())
