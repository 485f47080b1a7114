"""Maintenance windows and the monthly availability rate (art. 5, 6).

Pure functions; no Django. Local times are Europe/Paris wall-clock times
(CET/CEST). Inputs are aware datetimes in any time zone; naive ones are
refused with ``ValueError``. Returned datetimes are aware, in Europe/Paris.

Interval arithmetic is done on UTC instants. Python compares and subtracts
two datetimes that share a ``tzinfo`` by their wall-clock values, which is
wrong across a DST switch (the night of 29 March 2026 lasts 6 h from 00:00
to 07:00, not 7 h): callers measuring durations between returned datetimes
should convert them to UTC first, as this module does.

Public holidays are the eleven national days of metropolitan France
(``holidays.France`` without subdivision); Alsace-Moselle's extra days are
not included. Paris time and the holidays are portal/core/calendar.py's,
the same facts the support's SLA clock counts on.

Decided reading of the maintenance window (keep it): DOMAIN.md ("Time
rules") says "Saturday 00:00 to Monday 07:00 is one window", but art. 5 of
the booklet puts only the nights (00:00–07:00), Sundays and French public
holidays in the window — not Saturday daytime. This module follows art. 5:
Saturday 00:00–07:00 is a night window, **Saturday 07:00–24:00 is outside
the window**, and Sunday 00:00 to Monday 07:00 is one joined window (with
Saturday's night it is two windows, not one). A planned maintenance on
Saturday afternoon is therefore refused.
"""

import calendar
import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from portal.core.calendar import PARIS, is_public_holiday

NIGHT_WINDOW_END = time(7, 0)  # art. 5: every night between 00:00 and 07:00
PRT_START = time(7, 0)  # art. 6: PRT covers 07:00–20:00, Monday to Friday
PRT_END = time(20, 0)
PLANNED_MAINTENANCE_NOTICE = timedelta(hours=48)  # art. 5: planned at least 48 h ahead

Interval = tuple[datetime, datetime]

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

MSG_END_NOT_AFTER_START = "La fin de la maintenance doit être postérieure à son début."
MSG_NOTICE_TOO_SHORT = (
    "Une maintenance planifiée doit être annoncée au moins 48 heures à l'avance : "
    "préavis de {notice} seulement. Début au plus tôt le {earliest}."
)
MSG_ANNOUNCED_AFTER_START = (
    "Une maintenance planifiée doit être annoncée au moins 48 heures à l'avance : "
    "elle est annoncée {delay} après son début. Début au plus tôt le {earliest}."
)
MSG_OUTSIDE_WINDOW = "La maintenance déborde de la fenêtre de maintenance {parts}."
MSG_OUTSIDE_PART = "le {day} de {start} à {end}"


# --- Calendar -------------------------------------------------------------


def _is_whole_day_window(day: date) -> bool:
    # art. 5: every Sunday and every French public holiday, whole days.
    return day.weekday() == calendar.SUNDAY or is_public_holiday(day)


def _is_prt_day(day: date) -> bool:
    # art. 6: Monday to Friday, French public holidays excluded.
    return day.weekday() < calendar.SATURDAY and not is_public_holiday(day)


def _instant(day: date, at: time) -> datetime:
    """The UTC instant of a Paris wall-clock time (00:00, 07:00, 20:00 always exist)."""
    return datetime.combine(day, at, tzinfo=PARIS).astimezone(UTC)


def _midnight(day: date) -> datetime:
    return _instant(day, time(0, 0))


def _require_aware(value: datetime, name: str) -> datetime:
    """Return ``value`` as a UTC instant; refuse naive datetimes."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


def _local_date(instant: datetime) -> date:
    return instant.astimezone(PARIS).date()


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge intervals that overlap or touch; drop empty ones."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _to_paris(intervals: Iterable[Interval]) -> list[Interval]:
    return [(start.astimezone(PARIS), end.astimezone(PARIS)) for start, end in intervals]


# --- Maintenance window (art. 5) --------------------------------------------


def in_maintenance_window(at: datetime) -> bool:
    """Whether the instant ``at`` lies in the maintenance window (art. 5).

    The window is every night 00:00–07:00 local time, every Sunday and every
    French public holiday (whole days). Start inclusive, end exclusive:
    07:00 on a Monday is already outside. Saturday 07:00–24:00 is outside:
    art. 5 wins over DOMAIN.md's "Saturday 00:00 to Monday 07:00" (see the
    module docstring).
    """
    local = _require_aware(at, "at").astimezone(PARIS)
    return local.time() < NIGHT_WINDOW_END or _is_whole_day_window(local.date())


def _window_piece(day: date) -> Interval:
    """The part of the maintenance window that starts on the local ``day`` (UTC)."""
    if _is_whole_day_window(day):
        return _midnight(day), _midnight(day + timedelta(days=1))
    return _midnight(day), _instant(day, NIGHT_WINDOW_END)


def _windows_utc(start: datetime, end: datetime) -> list[Interval]:
    """Whole merged windows overlapping ``[start, end)``, as UTC intervals."""
    first_day, last_day = _local_date(start), _local_date(end)
    # A piece joins the previous day's piece only when that day is a whole-day
    # window (it ends at 24:00); walk back and forward to get whole windows.
    while _is_whole_day_window(first_day - timedelta(days=1)):
        first_day -= timedelta(days=1)
    while _is_whole_day_window(last_day):
        last_day += timedelta(days=1)
    pieces = []
    day = first_day
    while day <= last_day:
        pieces.append(_window_piece(day))
        day += timedelta(days=1)
    return [(s, e) for s, e in _merge(pieces) if s < end and e > start]


def maintenance_windows(start: datetime, end: datetime) -> list[Interval]:
    """Return the maintenance windows that overlap ``[start, end)`` (art. 5).

    Windows that touch are merged, so Sunday 00:00 (the end of Saturday) to
    Monday 07:00 is one window; Saturday 07:00–24:00 is not in any window
    (art. 5, not DOMAIN.md's "Saturday 00:00 to Monday 07:00": see the module
    docstring). Each window is returned whole (not clipped to ``[start, end)``),
    as ``(start, end)`` aware datetimes in Europe/Paris, end exclusive, in
    chronological order. Use it to show the next windows:
    ``maintenance_windows(now, now + timedelta(days=7))``.
    """
    start = _require_aware(start, "start")
    end = _require_aware(end, "end")
    if end <= start:
        return []
    return _to_paris(_windows_utc(start, end))


def planned_maintenance_problems(
    announced_at: datetime, start: datetime, end: datetime
) -> list[str]:
    """Return why a planned maintenance announcement breaks art. 5; empty when valid.

    A planned maintenance is announced at least 48 h (real elapsed time)
    before it starts, and lies wholly inside the maintenance window. One
    French sentence per broken rule: notice too short, parts outside the
    window (each listed with its local day and times), end not after start.
    Urgent maintenance needs none of this and must not be checked here.
    """
    announced_at = _require_aware(announced_at, "announced_at")
    start = _require_aware(start, "start")
    end = _require_aware(end, "end")
    problems = []
    notice_problem = _notice_problem(announced_at, start)
    if notice_problem:
        problems.append(notice_problem)
    if end <= start:
        problems.append(MSG_END_NOT_AFTER_START)
    else:
        outside = _outside_window(start, end)
        if outside:
            problems.append(MSG_OUTSIDE_WINDOW.format(parts=_join_fr(map(_format_part, outside))))
    return problems


def _notice_problem(announced_at: datetime, start: datetime) -> str | None:
    notice = start - announced_at
    if notice >= PLANNED_MAINTENANCE_NOTICE:
        return None
    earliest = _format_instant(announced_at + PLANNED_MAINTENANCE_NOTICE)
    if notice < timedelta(0):
        return MSG_ANNOUNCED_AFTER_START.format(delay=_format_duration(-notice), earliest=earliest)
    return MSG_NOTICE_TOO_SHORT.format(notice=_format_duration(notice), earliest=earliest)


def _outside_window(start: datetime, end: datetime) -> list[Interval]:
    """The parts of ``[start, end)`` outside every maintenance window (UTC)."""
    outside = []
    cursor = start
    for window_start, window_end in _windows_utc(start, end):
        if window_start > cursor:
            outside.append((cursor, window_start))
        cursor = max(cursor, window_end)
    if cursor < end:
        outside.append((cursor, end))
    return outside


# --- French formatting --------------------------------------------------------


def format_day_fr(day: date) -> str:
    """``mardi 3 novembre 2026``; ``dimanche 1er novembre 2026`` (the one French
    date format of the status app: rules, restore points, pages)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS_FR[day.weekday()]} {number} {MONTHS_FR[day.month - 1]} {day.year}"


def _ceil_to_minute(instant: datetime) -> datetime:
    floored = instant.replace(second=0, microsecond=0)
    return floored if floored == instant else floored + timedelta(minutes=1)


def _format_instant(instant: datetime) -> str:
    """``jeudi 5 novembre 2026 à 10:30`` (local time, rounded up to the minute)."""
    local = _ceil_to_minute(instant.astimezone(UTC)).astimezone(PARIS)
    return f"{format_day_fr(local.date())} à {local:%H:%M}"


def _format_part(part: Interval) -> str:
    """An outside part lies within one local day, between 07:00 and 24:00."""
    start = part[0].astimezone(PARIS)
    end = _ceil_to_minute(part[1].astimezone(UTC)).astimezone(PARIS)
    end_text = "24:00" if end.date() > start.date() else f"{end:%H:%M}"
    return MSG_OUTSIDE_PART.format(
        day=format_day_fr(start.date()), start=f"{start:%H:%M}", end=end_text
    )


def _format_duration(duration: timedelta) -> str:
    """``47 h``, ``47 h 30``, ``25 min`` (whole minutes, rounded down)."""
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def _join_fr(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " et " + items[-1]


# --- Availability rate (art. 6) -----------------------------------------------


def _month_days(year: int, month: int) -> list[date]:
    days_in_month = calendar.monthrange(year, month)[1]
    return [date(year, month, d) for d in range(1, days_in_month + 1)]


@functools.lru_cache(maxsize=64)
def _prt_intervals(year: int, month: int) -> tuple[Interval, ...]:
    """PRT of the month as UTC intervals: 07:00–20:00 local on each PRT day (art. 6)."""
    return tuple(
        (_instant(day, PRT_START), _instant(day, PRT_END))
        for day in _month_days(year, month)
        if _is_prt_day(day)
    )


def prt_duration(year: int, month: int) -> timedelta:
    """Return the PRT of a calendar month (art. 6).

    Monday to Friday 07:00–20:00 local time, French public holidays excluded;
    13 h of real time per PRT day (DST switches happen on Sunday nights).
    """
    return sum((end - start for start, end in _prt_intervals(year, month)), timedelta())


def counted_unavailability(
    year: int, month: int, outages: Iterable[tuple[datetime, datetime]]
) -> timedelta:
    """Return ΣTI for a calendar month: the outages' time inside PRT (art. 6).

    ``outages`` are ``(start, end)`` aware datetimes of counted unavailability
    of the production environment, exclusions (urgent maintenance, force
    majeure, client equipment, systems outside the service) already removed.
    Overlapping outages count once; time outside PRT — including the
    maintenance window, which never meets PRT — and outside the month is
    ignored. An outage whose end precedes its start is refused.
    """
    intervals = []
    for start, end in outages:
        start = _require_aware(start, "outage start")
        end = _require_aware(end, "outage end")
        if end < start:
            raise ValueError(f"outage ends before it starts: {start} > {end}")
        intervals.append((start, end))
    total = timedelta()
    for outage_start, outage_end in _merge(intervals):
        for prt_start, prt_end in _prt_intervals(year, month):
            overlap = min(outage_end, prt_end) - max(outage_start, prt_start)
            if overlap > timedelta(0):
                total += overlap
    return total


def monthly_availability(
    year: int, month: int, outages: Iterable[tuple[datetime, datetime]]
) -> float:
    """Return the availability rate TD of a calendar month, in percent (art. 6).

    ``TD = (PRT − ΣTI) / PRT × 100`` with ΣTI from
    :func:`counted_unavailability`. Not rounded (the commitment is TD ≥ 99 %;
    the UI shows two decimals). A month without PRT has nothing to be
    unavailable during and counts as 100.
    """
    prt = prt_duration(year, month)
    unavailable = counted_unavailability(year, month, outages)
    if prt <= timedelta(0):
        return 100.0
    # Exact integer microseconds, one rounding: TD never rises when ΣTI grows.
    prt_us = prt // timedelta(microseconds=1)
    unavailable_us = unavailable // timedelta(microseconds=1)
    return (prt_us - unavailable_us) * 100 / prt_us
