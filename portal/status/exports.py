"""The monthly availability report (art. 6) as CSV rows for a French
spreadsheet: decimal comma, dates in Europe/Paris, free text never read as a
formula. The view only writes these rows."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.status.availability import MonthReport
from portal.status.templatetags.status import hours, percent


def availability_csv_rows(report: MonthReport) -> list[list[str]]:
    """The summary line, a blank line, then every counted and excluded period."""
    rows = [
        [
            _("Mois"),
            _("PRT (heures)"),
            _("TI décompté (heures)"),
            _("TD (%)"),
            _("Engagement (%)"),
            _("Engagement tenu"),
            _("TD si les maintenances d'urgence étaient décomptées (%)"),
        ],
        [
            f"{report.year:04d}-{report.month:02d}",
            hours(report.prt),
            hours(report.counted_ti),
            percent(report.td),
            percent(report.commitment),
            _("oui") if report.meets_commitment else _("non"),
            percent(report.td_with_urgent),
        ],
        [],
        [
            _("Début"),
            _("Fin"),
            _("Catégorie"),
            _("Décomptée"),
            _("Durée dans la PRT (heures)"),
            _("Services"),
            _("Libellé"),
        ],
    ]
    for line in [*report.counted, *report.excluded]:
        rows.append(
            [
                _local(line.period.start),
                _local(line.period.end) if line.period.end else _("en cours"),
                str(line.category_label),
                _("oui") if line.is_counted else _("non"),
                hours(line.in_prt),
                _cell(", ".join(line.period.services)),
                _cell(line.period.label),
            ]
        )
    return rows


def _local(instant) -> str:
    return timezone.localtime(instant).strftime("%d/%m/%Y %H:%M")


def _cell(text: str) -> str:
    """Free text never starts a spreadsheet formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
