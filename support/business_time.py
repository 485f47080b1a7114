"""Business time and working days of the support SLA (art. 1, 12.2, 12.3, 12.10).

Pure rules: no Django import, no database. The calendar facts (Paris time,
public holidays, jours ouvrés) come from portal/core/calendar.py, shared with
the service-status rules. Two ways of counting a délai:

* **Heures ouvrées** (art. 1, 12.2): the take-in-charge delay (8 h Open, 4 h
  Private) and the crit. 1 action plan (12 h, art. 12.3) run only while the
  support is open. :class:`BusinessCalendar` holds the opening hours as data;
  ``SUPPORT_CALENDARS`` holds the booklet's defaults.
* **Jours ouvrés** (art. 1, 12.3): the crit. 2 fix or workaround within six
  jours ouvrés, counted as French law counts a délai (CPC art. 641-642): the
  day of the triggering event does not count and the délai expires at 24:00 of
  the n-th jour ouvré after it. See :func:`add_working_days`.

Time model. Inputs are aware datetimes in any zone (naive ones are refused);
results are aware datetimes in Europe/Paris. Opening hours are Paris wall-clock
times and business time is measured on that wall clock. Daylight-saving
changes happen on Sunday nights, outside the default hours; for calendars that
are open then (calendars are data), the choices are:

* spring forward: the wall-clock hour that does not exist (02:00-03:00) is
  closed, so it never counts and no deadline falls inside it;
* fall back: the repeated wall-clock hour counts once; a deadline inside it is
  its first occurrence, unless the start was in the second one.

Speed (the SLA clock of every open Demande is recomputed in lists): times are
integers of microseconds on the local wall clock; whole weeks are jumped by
division using the weekly template, and holidays are subtracted with a sorted
per-year table of (day, business time lost) with cumulative sums, built lazily
per calendar and year. A 1,000-hour délai costs about as much as a 1-hour one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any

from portal.core.calendar import (
    PARIS,
    is_public_holiday,
    is_working_day,
    public_holiday_name,
)

__all__ = [
    "PARIS",
    "SUPPORT_CALENDARS",
    "BusinessCalendar",
    "BusinessTimeExplanation",
    "CalendarSpecError",
    "TimeSegment",
    "WorkingDay",
    "WorkingDaysExplanation",
    "add_working_days",
    "explain_working_days",
    "is_public_holiday",
    "is_working_day",
    "public_holiday_name",
]

# Reasons shown to people in explanations (the portal speaks French).
REASON_LUNCH = "pause déjeuner"
REASON_NIGHT = "soirée/nuit"
REASON_WEEKEND = "week-end"
REASON_HOLIDAY = "jour férié"
REASON_BEFORE_OPENING = "avant l'ouverture"
REASON_CLOSED_DAY = "jour de fermeture"
REASON_DST_GAP = "passage à l'heure d'été"
REASON_TRIGGER_DAY = "jour du déclenchement, non compté"

_SECOND = 1_000_000  # all internal times are integers of microseconds
_DAY = 86_400 * _SECOND
_ONE_DAY = timedelta(days=1)
_MAX_SEARCH_STEPS = 10_000  # guards against a calendar whose holidays never end


# --- Délais in jours ouvrés (art. 1, 12.3) --------------------------------------
# What a jour ouvré is (Paris time, public holidays) is portal/core/calendar.py's;
# ``is_working_day`` and the holiday functions are re-exported here as part of
# this module's contract (DOMAIN.md).


def add_working_days(start: datetime, days: int) -> datetime:
    """End of a délai of ``days`` jours ouvrés triggered at ``start`` (art. 12.3).

    Counted as CPC art. 641-642 count a délai: the day of ``start`` (in Paris)
    does not count; the délai expires at 24:00 of the n-th jour ouvré after
    it, returned as 00:00 Europe/Paris of the next calendar day. With
    ``days=0`` it expires at the end of the trigger day itself.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = _to_paris(start).date()
    counted = 0
    while counted < days:
        day += _ONE_DAY
        if is_working_day(day):
            counted += 1
    return _midnight_after(day)


@dataclass(frozen=True, slots=True)
class WorkingDay:
    """One calendar day of a jours-ouvrés délai, counted or not."""

    day: date
    counted: bool
    rank: int | None = None  # 1 for the first jour ouvré counted, ...
    reason: str = ""  # why the day does not count (French), "" when counted


@dataclass(frozen=True, slots=True)
class WorkingDaysExplanation:
    """How :func:`add_working_days` reached its deadline, day by day."""

    start: datetime
    days: int
    last_day: date  # shown to people as "fin de journée du <last_day>"
    deadline: datetime  # 00:00 Europe/Paris after ``last_day``
    entries: tuple[WorkingDay, ...]


def explain_working_days(start: datetime, days: int) -> WorkingDaysExplanation:
    """List the days of a jours-ouvrés délai (art. 12.3, CPC art. 641-642)."""
    if days < 0:
        raise ValueError("days must not be negative")
    start = _to_paris(start)
    day = start.date()
    entries = [WorkingDay(day, counted=False, reason=REASON_TRIGGER_DAY)]
    rank = 0
    while rank < days:
        day += _ONE_DAY
        if is_working_day(day):
            rank += 1
            entries.append(WorkingDay(day, counted=True, rank=rank))
        elif day.weekday() >= 5:
            entries.append(WorkingDay(day, counted=False, reason=REASON_WEEKEND))
        else:
            name = public_holiday_name(day)
            entries.append(WorkingDay(day, counted=False, reason=_holiday_reason(name)))
    return WorkingDaysExplanation(
        start=start, days=days, last_day=day, deadline=_midnight_after(day), entries=tuple(entries)
    )


# --- Business-time explanations ------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeSegment:
    """A stretch of a business-time délai, either counted or skipped."""

    start: datetime  # aware, Europe/Paris
    end: datetime
    counted: bool
    duration: timedelta  # wall-clock length; the business time when counted
    reason: str = ""  # why the clock stopped (French), "" when counted


@dataclass(frozen=True, slots=True)
class BusinessTimeExplanation:
    """How :meth:`BusinessCalendar.add_business_time` reached its deadline."""

    calendar: str
    start: datetime
    duration: timedelta
    deadline: datetime
    segments: tuple[TimeSegment, ...]

    @property
    def clock_start(self) -> datetime:
        """When the clock started: the first counted instant (or ``start``)."""
        for segment in self.segments:
            if segment.counted:
                return segment.start
        return self.start


# --- Time helpers ----------------------------------------------------------------


def _to_paris(moment: datetime) -> datetime:
    tz = moment.tzinfo
    if tz is PARIS:
        return moment
    if tz is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime")
    return moment.astimezone(PARIS)


def _wall(local: datetime) -> tuple[int, int]:
    """(ordinal of the day, microseconds since local midnight) of a Paris datetime."""
    seconds = (local.hour * 60 + local.minute) * 60 + local.second
    return local.toordinal(), seconds * _SECOND + local.microsecond


def _from_wall(ordinal: int, micros: int) -> datetime:
    """Aware Paris datetime of a wall-clock position (a nonexistent time moves forward)."""
    if micros >= _DAY:
        ordinal, micros = ordinal + micros // _DAY, micros % _DAY
    day = date.fromordinal(ordinal)
    gap = _dst_gaps(day.year).get(ordinal)
    if gap is not None and gap[0] <= micros < gap[1]:
        micros = gap[1]
    seconds, micro = divmod(micros, _SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=PARIS)


def _midnight_after(day: date) -> datetime:
    after = day + _ONE_DAY
    return datetime(after.year, after.month, after.day, tzinfo=PARIS)


def _holiday_reason(name: str | None) -> str:
    return f"{REASON_HOLIDAY} : {name}" if name else REASON_HOLIDAY


_DST_GAPS: dict[int, dict[int, tuple[int, int]]] = {}


def _utc_offset_seconds(utc_seconds: int) -> int:
    """UTC offset of Paris at an instant given in seconds since 0001-01-01 UTC."""
    days, seconds = divmod(utc_seconds, 86_400)
    instant = datetime.fromordinal(days).replace(tzinfo=UTC) + timedelta(seconds=seconds)
    offset = instant.astimezone(PARIS).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _dst_gaps(year: int) -> dict[int, tuple[int, int]]:
    """Nonexistent Paris wall-clock ranges (clocks going forward) in ``year``.

    Maps the ordinal of the local day to the (start, end) microseconds of the
    missing wall-clock range, e.g. 02:00-03:00 on the last Sunday of March.
    """
    gaps = _DST_GAPS.get(year)
    if gaps is not None:
        return gaps
    gaps = {}
    first, last = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
    offset = _utc_offset_seconds(first * 86_400)
    for ordinal in range(first + 1, last + 1):
        new_offset = _utc_offset_seconds(ordinal * 86_400)
        if new_offset == offset:
            continue
        low, high = (ordinal - 1) * 86_400, ordinal * 86_400  # offset changes in (low, high]
        while high - low > 1:
            middle = (low + high) // 2
            if _utc_offset_seconds(middle) == offset:
                low = middle
            else:
                high = middle
        if new_offset > offset:  # wall clock jumps from high + offset to high + new_offset
            wall_from, wall_to = high + offset, high + new_offset
            while wall_from < wall_to:
                day, seconds = divmod(wall_from, 86_400)
                end = min(wall_to, (day + 1) * 86_400)
                gaps[day] = (seconds * _SECOND, (end - day * 86_400) * _SECOND)
                wall_from = end
        offset = new_offset
    _DST_GAPS[year] = gaps
    return gaps


# --- Business calendars --------------------------------------------------------------

Interval = tuple[int, int]  # [start, end) in microseconds since local midnight
DayHours = tuple[int, tuple[Interval, ...]]  # (total business µs, intervals)
HolidaySource = Callable[[date], Any] | Mapping[date, str] | Iterable[date]


_CLOCK = re.compile(r"\d\d:\d\d(:\d\d)?")
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class CalendarSpecError(ValueError):
    """Opening hours that do not make a calendar; the message is French."""


class _YearTable:
    """Days of one year whose business hours differ from the weekly template."""

    __slots__ = ("cumulative_loss", "days", "ordinals", "stop")

    def __init__(self, stop: int) -> None:
        self.stop = stop  # ordinal of the next 1st of January
        self.ordinals: list[int] = []  # sorted ordinals of days that lose business time
        self.cumulative_loss: list[int] = [0]  # loss of the first k of those days
        self.days: dict[int, DayHours] = {}  # their actual hours


class BusinessCalendar:
    """Opening hours as data: the clock of heures ouvrées (art. 1, 12.2, 12.10).

    ``weekly_hours`` maps a weekday (0 = Monday ... 6 = Sunday) to wall-clock
    intervals ``(start, end)`` of Paris time, half-open ``[start, end)``; an
    end of ``time(0)`` means midnight at the end of the day. Missing weekdays
    are closed. ``holidays`` are closed days: by default the French public
    holidays; otherwise a mapping ``date -> name``, a collection of dates, or
    a callable returning a name, True, or a falsy value.
    """

    __slots__ = ("_cumulative_week", "_holiday_name", "_overrides", "_tables", "_week", "name")

    def __init__(
        self,
        name: str,
        weekly_hours: Mapping[int, Iterable[tuple[time, time]]],
        holidays: HolidaySource | None = None,
    ) -> None:
        self.name = name
        hours: list[list[Interval]] = [[] for _ in range(7)]
        for weekday, intervals in weekly_hours.items():
            if weekday not in range(7):
                raise CalendarSpecError(f"Jour de semaine inconnu : {weekday!r} (0 à 6).")
            for start, end in intervals:
                hours[weekday].append((_clock_micros(start), _clock_micros(end) or _DAY))
        self._week = tuple(
            _day_hours(weekday, intervals) for weekday, intervals in enumerate(hours)
        )
        cumulative = [0]
        for total, _ in self._week:
            cumulative.append(cumulative[-1] + total)
        self._cumulative_week = tuple(cumulative)  # business µs before each weekday
        self._holiday_name = _holiday_lookup(holidays)
        self._tables: dict[int, _YearTable] = {}
        self._overrides: dict[int, DayHours] = {}  # union of the loaded years' days

    # -- serialisable form, so that calendars can be stored as JSON data --

    @classmethod
    def from_spec(
        cls,
        name: str,
        spec: Mapping[int | str, Iterable[Iterable[str]]],
        holidays: HolidaySource | None = None,
    ) -> BusinessCalendar:
        """Build from ``{"0": [["09:00", "12:30"], ...], ...}`` (keys int or str).

        Times are "HH:MM" or "HH:MM:SS"; an end may be "24:00". Raises
        :class:`CalendarSpecError` (a ValueError with a French message).
        """
        weekly: dict[int, list[tuple[time, time]]] = {}
        for key, intervals in spec.items():
            try:
                weekday = int(key)
            except (TypeError, ValueError):
                raise CalendarSpecError(f"Jour de semaine inconnu : {key!r} (0 à 6).") from None
            pairs = []
            for interval in intervals:
                bounds = list(interval)
                if len(bounds) != 2:
                    raise CalendarSpecError(f"Plage horaire invalide : {interval!r}.")
                pairs.append((_parse_clock(bounds[0]), _parse_clock(bounds[1])))
            weekly[weekday] = pairs
        return cls(name, weekly, holidays)

    def to_spec(self) -> dict[str, list[list[str]]]:
        """The weekly hours as JSON-ready data, all seven weekdays: ``from_spec`` input."""
        return {
            str(weekday): [[_format_clock(start), _format_clock(end)] for start, end in intervals]
            for weekday, (_, intervals) in enumerate(self._week)
        }

    def __repr__(self) -> str:
        return f"<BusinessCalendar {self.name!r} {self.to_spec()}>"

    @property
    def weekly_business_time(self) -> timedelta:
        """Business time of a week without holidays."""
        return timedelta(microseconds=self._cumulative_week[7])

    # -- the contract --

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` is inside the opening hours, [start, end) (art. 1)."""
        ordinal, micros = _wall(_to_paris(at))
        return any(start <= micros < end for start, end in self._day(ordinal)[1])

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """Earliest instant at which ``duration`` of business time has elapsed (art. 12.2).

        A ``start`` outside the hours starts the clock at the next opening; a
        délai that runs out exactly at a closing time ends at that closing
        instant. A zero duration returns ``start`` unchanged (in Paris).
        """
        amount = _micros(duration)
        local = _to_paris(start)
        if amount == 0:
            return local
        ordinal, micros = self._advance(local.year, *_wall(local), amount)
        result = _from_wall(ordinal, micros)
        if local.fold and ordinal == local.toordinal():
            result = result.replace(fold=1)  # still in the repeated hour: keep the 2nd one
        return result

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Business time elapsed from ``start`` to ``end``; zero if ``end <= start``."""
        elapsed = self._between(_wall(_to_paris(start)), _wall(_to_paris(end)))
        return timedelta(microseconds=elapsed)

    def next_opening(self, at: datetime) -> datetime:
        """``at`` if the support is open then, otherwise the next opening instant."""
        ordinal, micros = _wall(_to_paris(at))
        if not self._cumulative_week[7]:
            raise ValueError(f"calendar {self.name!r} is never open")
        for _ in range(_MAX_SEARCH_STEPS):
            for start, end in self._day(ordinal)[1]:
                if micros < end:
                    return _from_wall(ordinal, max(start, micros))
            ordinal, micros = ordinal + 1, 0
        raise ValueError(f"calendar {self.name!r} has no opening after {at}")

    def explain(self, start: datetime, duration: timedelta) -> BusinessTimeExplanation:
        """The segments counted and skipped between ``start`` and the deadline."""
        deadline = self.add_business_time(start, duration)
        local = _to_paris(start)
        remaining = _micros(duration)
        ordinal, cursor = _wall(local)
        cursor += ordinal * _DAY  # absolute wall-clock position
        segments: list[TimeSegment] = []
        at_start = True
        while remaining:
            for begin, end in self._day(ordinal)[1]:
                begin, end = begin + ordinal * _DAY, end + ordinal * _DAY
                if end <= cursor:
                    continue
                if begin > cursor:
                    segments += self._closed_segments(cursor, begin, at_start)
                    cursor = begin
                counted = min(end - cursor, remaining)
                segments.append(_segment(cursor, cursor + counted))
                cursor += counted
                remaining -= counted
                at_start = False
                if not remaining:
                    break
            ordinal += 1
        if segments:  # the exact instants, whatever the wall clock says in a repeated hour
            segments[0] = replace(segments[0], start=local)
            segments[-1] = replace(segments[-1], end=deadline)
        return BusinessTimeExplanation(
            calendar=self.name,
            start=local,
            duration=duration,
            deadline=deadline,
            segments=tuple(segments),
        )

    explain_working_days = staticmethod(explain_working_days)

    # -- arithmetic on the wall clock, in microseconds --

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._build_year(year)
        return table

    def _build_year(self, year: int) -> _YearTable:
        """Holidays (art. 1) and DST gaps of ``year`` that remove business time."""
        table = _YearTable(stop=date(year + 1, 1, 1).toordinal())
        gaps = _dst_gaps(year)
        for ordinal in range(date(year, 1, 1).toordinal(), table.stop):
            total, intervals = self._week[(ordinal - 1) % 7]
            if not total:
                continue
            if self._holiday_name(date.fromordinal(ordinal)) is not None:
                actual: DayHours = (0, ())
            elif ordinal in gaps:
                actual = _day_hours_without(intervals, gaps[ordinal])
            else:
                continue
            if actual[0] < total:
                table.ordinals.append(ordinal)
                table.cumulative_loss.append(table.cumulative_loss[-1] + total - actual[0])
                table.days[ordinal] = actual
        self._overrides.update(table.days)
        self._tables[year] = table
        return table

    def _day(self, ordinal: int) -> DayHours:
        """Actual hours of a day (loads the day's year if needed)."""
        self._table(date.fromordinal(ordinal).year)
        return self._overrides.get(ordinal) or self._week[(ordinal - 1) % 7]

    def _template_before(self, ordinal: int) -> int:
        """Template business µs of all days before ``ordinal`` (day 1 is a Monday)."""
        weeks, weekday = divmod(ordinal - 1, 7)
        return weeks * self._cumulative_week[7] + self._cumulative_week[weekday]

    def _loss(self, first: int, stop: int) -> int:
        """Business µs that holidays and DST gaps remove from days [first, stop)."""
        loss = 0
        while first < stop:
            table = self._table(date.fromordinal(first).year)
            chunk_stop = min(stop, table.stop)
            ordinals, cumulative = table.ordinals, table.cumulative_loss
            loss += (
                cumulative[bisect_left(ordinals, chunk_stop)]
                - cumulative[bisect_left(ordinals, first)]
            )
            first = chunk_stop
        return loss

    def _between(self, start: tuple[int, int], end: tuple[int, int]) -> int:
        """Business µs between two wall positions (ordinal, µs); 0 if end <= start."""
        if end <= start:
            return 0
        (first, start_micros), (last, end_micros) = start, end
        return (
            self._template_before(last)
            - self._template_before(first)
            - self._loss(first, last)
            + _business_before(self._day(last)[1], end_micros)
            - _business_before(self._day(first)[1], start_micros)
        )

    def _closed_segments(self, begin: int, end: int, at_start: bool) -> list[TimeSegment]:
        """Label a closed stretch [begin, end) of absolute wall µs before a counted one.

        Whole closed days are grouped by reason (week-end, holiday, ...); the
        evening before and the morning after join the neighbouring group, so
        that Friday 17:00 to Monday 09:00 reads as one "week-end".
        """
        first_day, end_day = begin // _DAY, end // _DAY
        closed = [
            day for day in range(first_day, end_day) if day > first_day or not self._day(day)[1]
        ]
        if closed:
            segments: list[TimeSegment] = []
            group_start, group_reason = begin, self._closed_day_reason(closed[0])
            for day in closed[1:]:
                reason = self._closed_day_reason(day)
                if reason != group_reason:
                    segments.append(_segment(group_start, day * _DAY, reason=group_reason))
                    group_start, group_reason = day * _DAY, reason
            segments.append(_segment(group_start, end, reason=group_reason))
            return segments
        offset = first_day * _DAY
        gap = _dst_gaps(date.fromordinal(first_day).year).get(first_day)
        if end_day != first_day:
            reason = REASON_NIGHT
        elif at_start and all(stop > begin - offset for _, stop in self._day(first_day)[1]):
            reason = REASON_BEFORE_OPENING
        elif gap and gap[0] < end - offset and begin - offset < gap[1]:
            reason = REASON_DST_GAP
        else:
            reason = REASON_LUNCH
        return [_segment(begin, end, reason=reason)]

    def _closed_day_reason(self, ordinal: int) -> str:
        weekday = (ordinal - 1) % 7
        if not self._week[weekday][0]:
            return REASON_WEEKEND if weekday >= 5 else REASON_CLOSED_DAY
        name = self._holiday_name(date.fromordinal(ordinal))
        if name is not None:
            return _holiday_reason(name)
        return REASON_DST_GAP

    def _advance(self, year: int, ordinal: int, micros: int, amount: int) -> tuple[int, int]:
        """Wall position at which ``amount`` µs of business time have elapsed."""
        if year not in self._tables:
            self._build_year(year)
        total, intervals = self._overrides.get(ordinal) or self._week[(ordinal - 1) % 7]
        target = _business_before(intervals, micros) + amount  # counted from local midnight
        if target <= total:
            return ordinal, _locate(intervals, target)
        week = self._cumulative_week[7]
        if not week:
            raise ValueError(f"calendar {self.name!r} is never open")
        cumulative_week = self._cumulative_week
        target += self._template_before(ordinal)
        lost = 0  # business µs removed from days [ordinal, checked)
        checked = ordinal
        for _ in range(_MAX_SEARCH_STEPS):
            # Day on which the template would reach target + lost, jumping whole weeks.
            weeks, rest = divmod(target + lost - 1, week)
            day = weeks * 7 + bisect_left(cumulative_week, rest + 1)  # ordinal of that day
            if day < checked:
                break
            extra = self._loss(checked, day + 1)
            checked = day + 1
            if not extra:
                break
            lost += extra
        else:
            raise ValueError(f"calendar {self.name!r} has no opening hours left")
        total, intervals = self._overrides.get(day) or self._week[(day - 1) % 7]
        lost_before_day = lost - (self._week[(day - 1) % 7][0] - total)
        rest = target - (self._template_before(day) - lost_before_day)
        return day, _locate(intervals, rest)


def _business_before(intervals: tuple[Interval, ...], micros: int) -> int:
    """Business µs in [00:00, micros) of a day with these intervals."""
    elapsed = 0
    for start, end in intervals:
        if micros <= start:
            break
        elapsed += (end if micros > end else micros) - start
    return elapsed


def _locate(intervals: tuple[Interval, ...], amount: int) -> int:
    """Earliest wall time of the day by which ``amount`` > 0 business µs have elapsed."""
    for start, end in intervals:
        if amount <= end - start:
            return start + amount
        amount -= end - start
    raise AssertionError("amount exceeds the day's business time")


def _micros(duration: timedelta) -> int:
    amount = (duration.days * 86_400 + duration.seconds) * _SECOND + duration.microseconds
    if amount < 0:
        raise ValueError("duration must not be negative")
    return amount


def _day_hours(weekday: int, intervals: list[Interval]) -> DayHours:
    """Sorted intervals of one weekday; touching ones are joined, overlaps refused."""
    joined: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            raise CalendarSpecError(
                f"Plage horaire vide ou inversée ({_format_clock(start)}-{_format_clock(end)})."
            )
        if joined and start < joined[-1][1]:
            raise CalendarSpecError(f"Plages horaires qui se chevauchent le {_WEEKDAYS[weekday]}.")
        if joined and start == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return sum(end - start for start, end in joined), tuple(joined)


def _day_hours_without(intervals: tuple[Interval, ...], hole: Interval) -> DayHours:
    kept: list[Interval] = []
    for start, end in intervals:
        if start < hole[0]:
            kept.append((start, min(end, hole[0])))
        if end > hole[1]:
            kept.append((max(start, hole[1]), end))
    return sum(end - start for start, end in kept), tuple(kept)


def _holiday_lookup(source: HolidaySource | None) -> Callable[[date], str | None]:
    """Normalise a holiday source to ``day -> name`` ("" if unnamed) or None."""
    if source is None:
        return public_holiday_name
    if isinstance(source, Mapping):
        return source.get
    if callable(source):

        def named(day: date) -> str | None:
            answer = source(day)
            if not answer:
                return None
            return answer if isinstance(answer, str) else ""

        return named
    days = frozenset(source)
    return lambda day: "" if day in days else None


def _clock_micros(moment: time) -> int:
    if not isinstance(moment, time) or moment.tzinfo is not None or moment.microsecond:
        raise CalendarSpecError(f"Heure invalide : {moment!r}.")
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * _SECOND


def _parse_clock(text: str) -> time:
    """Parse "HH:MM" or "HH:MM:SS"; "24:00" is midnight at the end of the day."""
    if text in ("24:00", "24:00:00"):
        return time(0)
    try:
        if not _CLOCK.fullmatch(text):
            raise ValueError(text)
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        raise CalendarSpecError(f"Heure invalide : {text!r} (attendu HH:MM).") from None


def _format_clock(micros: int) -> str:
    seconds = micros // _SECOND
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _segment(begin: int, end: int, *, reason: str = "") -> TimeSegment:
    """A segment of absolute wall µs: counted unless it has a reason to be skipped."""
    return TimeSegment(
        start=_from_wall(*divmod(begin, _DAY)),
        end=_from_wall(*divmod(end, _DAY)),
        counted=not reason,
        duration=timedelta(microseconds=end - begin),
        reason=reason,
    )


def _support_calendar(
    name: str, weekday_hours: list[list[str]], friday: list[list[str]]
) -> BusinessCalendar:
    spec: dict[int | str, list[list[str]]] = dict.fromkeys(range(4), weekday_hours)
    spec[4] = friday
    return BusinessCalendar.from_spec(name, spec)


SUPPORT_CALENDARS: Mapping[str, BusinessCalendar] = MappingProxyType(
    {
        # art. 12.2: 9h-12h30 and 14h30-17h30 Monday to Thursday, until 17h on Friday.
        "open": _support_calendar(
            "open",
            [["09:00", "12:30"], ["14:30", "17:30"]],
            [["09:00", "12:30"], ["14:30", "17:00"]],
        ),
        # art. 12.10: extended hours, 9h-18h Monday to Thursday, 9h-17h on Friday.
        "private": _support_calendar("private", [["09:00", "18:00"]], [["09:00", "17:00"]]),
    }
)
