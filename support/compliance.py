"""Take-in-charge compliance of a client (art. 12.2): pure rules, no Django.

The vendor commits to take in charge at least **75 %** of a client's support
Demandes within the formula's délai, measured over periods of twelve
consecutive months counted from the date support started for that client:
period k = [start + 12k months, start + 12(k+1) months), month arithmetic
clamped as in :func:`subscriptions.terms.add_months` (a start on 29 February
gives 28 February in the years without one).

A Demande belongs to the period that contains its registration (Europe/Paris
date). It is:

- *met* when taken in charge at or before its deadline (the deadline is the
  earliest instant at which the délai has elapsed, so that instant is in time);
- *missed* when taken in charge after it, or not yet taken in charge while
  the deadline has passed;
- *pending* when not yet taken in charge and the deadline has not passed:
  it is not counted yet.

The deadline and its milestone are the take-in-charge entry of the registry
(support/deadlines.py: ``TAKE_IN_CHARGE``). The rate is met / (met + missed);
with nothing counted there is no rate.
The database counterpart (conditional aggregates) is support/selectors_reports.py;
both must classify exactly as :func:`classify` does.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from portal.core.calendar import PARIS
from subscriptions.terms import add_months

TARGET = 0.75  # art. 12.2: at least 75 % taken in charge within the délai
PERIOD_MONTHS = 12

MET = "met"
MISSED = "missed"
PENDING = "pending"


def classify(due_at: datetime, taken_at: datetime | None, now: datetime) -> str:
    """met, missed or pending, as defined in the module docstring."""
    if taken_at is not None:
        return MET if taken_at <= due_at else MISSED
    return MISSED if now > due_at else PENDING


@dataclass(frozen=True)
class Tally:
    met: int = 0
    missed: int = 0
    pending: int = 0

    @property
    def counted(self) -> int:
        return self.met + self.missed

    @property
    def rate(self) -> float | None:
        """Share taken in charge in time, from 0 to 1; None when nothing is counted."""
        return self.met / self.counted if self.counted else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def meets_target(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= TARGET

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.met + other.met, self.missed + other.missed, self.pending + other.pending)


def tally(rows: Iterable[tuple[datetime, datetime | None]], now: datetime) -> Tally:
    """Count ``(due_at, taken_at)`` pairs."""
    counts = {MET: 0, MISSED: 0, PENDING: 0}
    for due_at, taken_at in rows:
        counts[classify(due_at, taken_at, now)] += 1
    return Tally(counts[MET], counts[MISSED], counts[PENDING])


@dataclass(frozen=True)
class Period:
    """Period ``index`` (k, from 0) of a client: dates ``[start, end)``."""

    index: int
    start: date
    end: date

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period: 00:00 Europe/Paris of its first day."""
        return local_midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        return local_midnight(self.end)

    def contains(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS)


def period(support_started_on: date, index: int) -> Period:
    """Period k: [start + 12k months, start + 12(k+1) months), both anchored on the start."""
    if index < 0:
        raise ValueError("period index must be >= 0")
    return Period(
        index,
        add_months(support_started_on, PERIOD_MONTHS * index),
        add_months(support_started_on, PERIOD_MONTHS * (index + 1)),
    )


def period_index(support_started_on: date, day: date) -> int | None:
    """The index of the period containing ``day``; None before support started."""
    if day < support_started_on:
        return None
    # Estimate from whole years, then step back at most once (clamped anniversaries).
    index = day.year - support_started_on.year
    while index > 0 and period(support_started_on, index).start > day:
        index -= 1
    return index


def period_of(support_started_on: date, moment: datetime) -> Period | None:
    """The period containing the instant ``moment`` (by its Europe/Paris date)."""
    index = period_index(support_started_on, moment.astimezone(PARIS).date())
    return None if index is None else period(support_started_on, index)


def periods_until(support_started_on: date, today: date) -> list[Period]:
    """Every period from the first to the one containing ``today`` (empty before start)."""
    last = period_index(support_started_on, today)
    if last is None:
        return []
    return [period(support_started_on, k) for k in range(last + 1)]


@dataclass(frozen=True)
class PeriodCompliance:
    period: Period
    tally: Tally
    is_current: bool = False


def compliance_by_period(
    support_started_on: date,
    rows: Iterable[tuple[datetime, datetime, datetime | None]],
    now: datetime,
) -> list[PeriodCompliance]:
    """Tallies per period for ``(registered_at, due_at, taken_at)`` rows.

    Rows registered before support started are left out (no period holds them).
    The reference implementation against which the SQL aggregation is tested.
    """
    periods = periods_until(support_started_on, now.astimezone(PARIS).date())
    buckets: dict[int, list[tuple[datetime, datetime | None]]] = {p.index: [] for p in periods}
    for registered_at, due_at, taken_at in rows:
        index = period_index(support_started_on, registered_at.astimezone(PARIS).date())
        if index is not None and index in buckets:
            buckets[index].append((due_at, taken_at))
    return [
        PeriodCompliance(p, tally(buckets[p.index], now), is_current=p is periods[-1])
        for p in periods
    ]
