"""The monthly availability report (art. 6). Pure; no Django models (labels
only go through gettext).

Builds on ``portal.status.rules`` (PRT, ΣTI, TD): this module sorts recorded
unavailabilities into what counts and what is excluded, and computes, for
transparency, what TD would be if urgent maintenance counted.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from portal.status.rules import PARIS, counted_unavailability, monthly_availability, prt_duration

COMMITMENT = 99.0  # art. 6: TD ≥ 99 %

# Categories of a period in the report. "counted" enters TI; the others are
# the exclusions of art. 6 (i)–(v), plus periods of other environments.
COUNTED = "counted"
MAINTENANCE_WINDOW = "maintenance_window"  # (i) planned maintenance, in the window
URGENT_MAINTENANCE = "urgent_maintenance"  # (ii)
FORCE_MAJEURE = "force_majeure"  # (iii)
CLIENT_EQUIPMENT = "client_equipment"  # (iv)
OUTSIDE_PERIMETER = "outside_perimeter"  # (v)
OTHER_ENVIRONMENT = "other_environment"  # not production: never in TI

CATEGORY_LABELS = {
    COUNTED: _("Indisponibilité décomptée"),
    MAINTENANCE_WINDOW: _("(i) Maintenance planifiée dans la fenêtre de maintenance"),
    URGENT_MAINTENANCE: _("(ii) Maintenance d'urgence"),
    FORCE_MAJEURE: _("(iii) Force majeure"),
    CLIENT_EQUIPMENT: _("(iv) Équipement fourni par le client"),
    OUTSIDE_PERIMETER: _("(v) Système hors du périmètre du service"),
    OTHER_ENVIRONMENT: _("Environnement hors production"),
}


def two_decimals_down(td: float) -> float:
    """TD shown with two decimals, rounded *down*: 98.996 % never reads as 99.00 %
    (the commitment is TD ≥ 99 %). The pages, the CSV and the API all use it."""
    return math.floor(round(td * 100, 6)) / 100


@dataclass(frozen=True)
class Period:
    """A recorded unavailability or maintenance; ``end`` None means still going on."""

    start: datetime
    end: datetime | None
    category: str
    label: str = ""
    services: tuple[str, ...] = ()  # names, for display
    reference: str = ""
    service_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportLine:
    period: Period
    end: datetime  # the period's end, or "now" when it is still going on
    in_prt: timedelta  # its time inside the month's PRT

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.period.category]

    @property
    def is_counted(self) -> bool:
        return self.period.category == COUNTED


@dataclass(frozen=True)
class MonthReport:
    year: int
    month: int
    prt: timedelta
    counted_ti: timedelta
    td: float
    td_with_urgent: float
    counted: list[ReportLine] = field(default_factory=list)
    excluded: list[ReportLine] = field(default_factory=list)

    @property
    def meets_commitment(self) -> bool:
        return self.td >= COMMITMENT

    @property
    def commitment(self) -> float:
        return COMMITMENT

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month as ``[first day 00:00, next month's first day 00:00)`` in Paris."""
    start = datetime.combine(date(year, month, 1), time(0, 0), tzinfo=PARIS)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    end = datetime.combine(date(next_year, next_month, 1), time(0, 0), tzinfo=PARIS)
    return start, end


def month_report(year: int, month: int, periods: Iterable[Period], *, now: datetime) -> MonthReport:
    """Sort ``periods`` into counted and excluded, and compute TD (art. 6).

    The report is as of ``now``: ongoing periods count up to ``now``, periods
    announced for later (a maintenance not begun yet) are left out, and one
    in progress counts only its part before ``now`` — an urgent maintenance
    announced for tomorrow has not lowered this month's TD yet. TI is the
    counted periods' time in PRT, overlaps once; ``td_with_urgent`` adds
    urgent maintenance to TI. Periods that do not meet the month are left out.
    """
    month_start, month_end = month_bounds(year, month)
    counted, excluded = [], []
    for period in sorted(periods, key=lambda p: p.start):
        if period.start >= now:
            continue
        end = now if period.end is None else min(period.end, now)
        if end <= month_start or period.start >= month_end:
            continue
        line = ReportLine(period, end, counted_unavailability(year, month, [(period.start, end)]))
        (counted if period.category == COUNTED else excluded).append(line)
    counted_outages = [(line.period.start, line.end) for line in counted]
    urgent_outages = [
        (line.period.start, line.end)
        for line in excluded
        if line.period.category == URGENT_MAINTENANCE
    ]
    return MonthReport(
        year=year,
        month=month,
        prt=prt_duration(year, month),
        counted_ti=counted_unavailability(year, month, counted_outages),
        td=monthly_availability(year, month, counted_outages),
        td_with_urgent=monthly_availability(year, month, counted_outages + urgent_outages),
        counted=counted,
        excluded=excluded,
    )


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every ``(year, month)`` from ``first``'s month to ``last``'s, in order."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
