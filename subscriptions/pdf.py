"""The PDF of an invoice, drawn from the invoice's own copies (never from tariffs).

fpdf2's core fonts are Latin-1: amounts are written with "EUR" rather than
the euro sign, and any other character outside Latin-1 is replaced.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

VENDOR = ("Cegid", "52 quai Paul Sédallian", "69009 Lyon")


def _text(value) -> str:
    text = str(value).replace("\u202f", " ").replace("€", "EUR").replace("’", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def _money(amount: Decimal) -> str:
    return _text(formats.number_format(amount, 2, use_l10n=True, force_grouping=True) + " EUR")


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def invoice_pdf(invoice) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_text(_("Facture %(number)s") % {"number": invoice.number}))
    pdf.set_author(VENDOR[0])
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0,
        10,
        _text(_("Facture %(number)s") % {"number": invoice.number}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", size=10)
    for line in VENDOR:
        pdf.cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(
        0,
        5,
        _text(_("Client : %(name)s") % {"name": invoice.customer_name}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", size=10)
    if invoice.customer_address:
        pdf.cell(0, 5, _text(invoice.customer_address), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.cell(
        0,
        5,
        _text(_("Date de facture : %(day)s") % {"day": _day(invoice.issued_on)}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    last_day = invoice.period_end.fromordinal(invoice.period_end.toordinal() - 1)
    pdf.cell(
        0,
        5,
        _text(
            _("Période facturée (terme à échoir) : du %(start)s au %(end)s")
            % {"start": _day(invoice.period_start), "end": _day(last_day)}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
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
