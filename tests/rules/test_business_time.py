"""Heures ouvrées and jours ouvrés of the support SLA (art. 1, 12.2, 12.3, 12.10)."""

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from support.business_time import (
    PARIS,
    SUPPORT_CALENDARS,
    BusinessCalendar,
    CalendarSpecError,
    add_working_days,
    explain_working_days,
    is_public_holiday,
    is_working_day,
    public_holiday_name,
)

NEW_YORK = ZoneInfo("America/New_York")
OPEN = SUPPORT_CALENDARS["open"]
PRIVATE = SUPPORT_CALENDARS["private"]
MICROSECOND = timedelta(microseconds=1)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


def real_duration(start: datetime, end: datetime) -> timedelta:
    """Elapsed time; plain subtraction of two Paris datetimes is wall-clock time."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def instant(moment: datetime) -> datetime:
    """The same instant in UTC: datetimes in a repeated hour never equal other zones'."""
    return moment.astimezone(UTC)


def before(moment: datetime) -> datetime:
    """The instant one microsecond earlier (UTC arithmetic, not wall clock)."""
    return (moment.astimezone(UTC) - MICROSECOND).astimezone(PARIS)


# --- jours ouvrés (art. 1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 5, 1), False),  # Fête du Travail, a Friday
        (date(2026, 5, 14), False),  # Ascension, a Thursday
        (date(2026, 5, 25), False),  # Lundi de Pentecôte
        (date(2026, 7, 14), False),  # a Tuesday
        (date(2026, 11, 11), False),  # a Wednesday
        (date(2026, 12, 25), False),  # a Friday
        (date(2026, 12, 26), False),  # Saturday; 26 Dec is only an Alsace-Moselle holiday
        (date(2026, 4, 3), True),  # Good Friday: Alsace-Moselle only
        (date(2026, 12, 24), True),
    ],
)
def test_it_knows_jours_ouvres(day, expected):
    assert is_working_day(day) is expected


def test_it_names_public_holidays_in_french():
    assert public_holiday_name(date(2026, 5, 14)) == "Ascension"
    assert public_holiday_name(date(2026, 7, 14)) == "Fête nationale"
    assert public_holiday_name(date(2026, 7, 15)) is None
    assert is_public_holiday(date(2027, 11, 1))


def test_it_refuses_a_datetime_as_a_day():
    with pytest.raises(TypeError):
        is_working_day(paris(2026, 3, 2, 10))


@pytest.mark.parametrize("year", range(2024, 2031))
def test_the_fourteenth_of_july_is_never_worked(year):
    day = date(year, 7, 14)
    assert not is_working_day(day)
    for calendar in SUPPORT_CALENDARS.values():
        assert not calendar.is_open(paris(year, 7, 14, 10))
        assert calendar.business_time_between(paris(year, 7, 14), paris(year, 7, 15)) == hours(0)


# --- délai in jours ouvrés (art. 12.3, CPC art. 641-642) ----------------------------------


def test_a_crit_2_qualified_on_thursday_30_april_2026_skips_both_may_holidays():
    # Fri 1 May off; Mon 4, Tue 5, Wed 6, Thu 7 count; Fri 8 May off; Mon 11, Tue 12 count.
    assert add_working_days(paris(2026, 4, 30, 15), 6) == paris(2026, 5, 13)


def test_the_trigger_day_does_not_count_even_at_dawn():
    assert add_working_days(paris(2026, 3, 2, 0, 1), 1) == paris(2026, 3, 4)
    assert add_working_days(paris(2026, 3, 2, 23, 59), 1) == paris(2026, 3, 4)


def test_a_friday_trigger_counts_from_monday():
    assert add_working_days(paris(2026, 3, 6, 16), 6) == paris(2026, 3, 17)


def test_a_weekend_trigger_counts_from_monday():
    assert add_working_days(paris(2026, 3, 7, 10), 1) == paris(2026, 3, 10)


def test_the_trigger_day_is_the_paris_day():
    # 22:30 UTC on Wednesday 29 April is 00:30 on Thursday 30 April in Paris.
    start = datetime(2026, 4, 29, 22, 30, tzinfo=UTC)
    assert add_working_days(start, 6) == paris(2026, 5, 13)


def test_the_result_is_midnight_in_paris_after_the_last_day():
    deadline = add_working_days(datetime(2026, 3, 25, 12, tzinfo=UTC), 6)
    assert deadline == paris(2026, 4, 3)
    assert deadline.tzinfo is PARIS
    assert deadline.utcoffset() == hours(2)  # summer time began on 29 March


def test_zero_working_days_end_with_the_trigger_day():
    assert add_working_days(paris(2026, 3, 7, 10), 0) == paris(2026, 3, 8)


def test_it_refuses_negative_days_and_naive_datetimes():
    with pytest.raises(ValueError):
        add_working_days(paris(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 3, 2, 10), 6)


def test_it_explains_a_working_day_delai():
    explanation = explain_working_days(paris(2026, 4, 30, 15), 6)
    assert explanation.deadline == paris(2026, 5, 13)
    assert explanation.last_day == date(2026, 5, 12)
    listed = [(entry.day.day, entry.rank, entry.reason) for entry in explanation.entries]
    assert listed == [
        (30, None, "jour du déclenchement, non compté"),
        (1, None, "jour férié : Fête du Travail"),
        (2, None, "week-end"),
        (3, None, "week-end"),
        (4, 1, ""),
        (5, 2, ""),
        (6, 3, ""),
        (7, 4, ""),
        (8, None, "jour férié : Fête de la Victoire"),
        (9, None, "week-end"),
        (10, None, "week-end"),
        (11, 5, ""),
        (12, 6, ""),
    ]
    assert [entry.counted for entry in explanation.entries].count(True) == 6


# --- heures ouvrées: examples (art. 12.2, 12.3, 12.10) -----------------------------------


@pytest.mark.parametrize(
    ("calendar", "start", "duration", "deadline"),
    [
        # The domain's example: the earliest instant, not the next opening.
        (OPEN, paris(2026, 3, 2, 9), hours(6.5), paris(2026, 3, 2, 17, 30)),
        # Monday 10:00-12:30 and 14:30-17:30 give 5.5 h; Tuesday 09:00-11:30 the rest.
        (OPEN, paris(2026, 3, 2, 10), hours(8), paris(2026, 3, 3, 11, 30)),
        # A délai running out at noon closing ends at 12:30, not at 14:30.
        (OPEN, paris(2026, 3, 2, 9), hours(3.5), paris(2026, 3, 2, 12, 30)),
        (OPEN, paris(2026, 3, 2, 12, 30), hours(0.5), paris(2026, 3, 2, 15)),
        # Registered on Saturday: the clock starts on Monday at 09:00.
        (OPEN, paris(2026, 3, 7, 11), hours(8), paris(2026, 3, 10, 10, 30)),
        (PRIVATE, paris(2026, 3, 7, 11), hours(4), paris(2026, 3, 9, 13)),
        # Registered before opening or during lunch.
        (OPEN, paris(2026, 3, 3, 7, 45), hours(1), paris(2026, 3, 3, 10)),
        (OPEN, paris(2026, 3, 3, 13), hours(1), paris(2026, 3, 3, 15, 30)),
        # Friday closes at 17:00 on both formulas.
        (OPEN, paris(2026, 3, 6, 14, 30), hours(2.5), paris(2026, 3, 6, 17)),
        (OPEN, paris(2026, 3, 6, 14, 30), hours(3), paris(2026, 3, 9, 9, 30)),
        (OPEN, paris(2026, 3, 6, 16), hours(8), paris(2026, 3, 10, 9, 30)),
        (PRIVATE, paris(2026, 3, 6, 16), hours(4), paris(2026, 3, 9, 12)),
        (PRIVATE, paris(2026, 3, 5, 17), hours(1), paris(2026, 3, 5, 18)),
        # crit. 1 action plan: 12 heures ouvrées (art. 12.3).
        (OPEN, paris(2026, 3, 2, 9), hours(12), paris(2026, 3, 3, 16, 30)),
        (PRIVATE, paris(2026, 3, 2, 9), hours(12), paris(2026, 3, 3, 12)),
        # Holidays on every weekday of 2026.
        (OPEN, paris(2026, 5, 22, 16), hours(8), paris(2026, 5, 27, 9, 30)),  # Whit Monday
        (PRIVATE, paris(2026, 7, 13, 15, 30), hours(4), paris(2026, 7, 15, 10, 30)),  # 14 July
        (OPEN, paris(2026, 11, 10, 17), hours(1), paris(2026, 11, 12, 9, 30)),  # 11 Nov
        (PRIVATE, paris(2026, 5, 13, 17), hours(4), paris(2026, 5, 15, 12)),  # Ascension
        (OPEN, paris(2026, 4, 30, 16), hours(8), paris(2026, 5, 4, 17, 30)),  # 1 May, Friday
        (OPEN, paris(2026, 12, 24, 17), hours(1), paris(2026, 12, 28, 9, 30)),  # Christmas
        (OPEN, paris(2027, 7, 13, 17), hours(1), paris(2027, 7, 15, 9, 30)),  # Wed 14 July
        (OPEN, paris(2028, 7, 13, 17), hours(1), paris(2028, 7, 17, 9, 30)),  # Fri 14 July
        # Christmas to New Year 2026-2027: Fri 25 Dec and Fri 1 Jan are off.
        (OPEN, paris(2026, 12, 24, 9), hours(40), paris(2027, 1, 5, 10)),
    ],
)
def test_it_adds_business_time(calendar, start, duration, deadline):
    result = calendar.add_business_time(start, duration)
    assert result == deadline
    assert result.tzinfo is PARIS
    assert result.utcoffset() == deadline.utcoffset()
    assert calendar.business_time_between(start, result) == duration


def test_zero_duration_returns_the_start_even_outside_hours():
    saturday = datetime(2026, 3, 7, 10, tzinfo=UTC)
    result = OPEN.add_business_time(saturday, timedelta(0))
    assert result == saturday
    assert result.tzinfo is PARIS


def test_it_accepts_any_time_zone_and_answers_in_paris():
    start_utc = datetime(2026, 3, 2, 8, tzinfo=UTC)  # 09:00 in Paris
    assert OPEN.add_business_time(start_utc, hours(6.5)) == paris(2026, 3, 2, 17, 30)
    # Sunday 20:00 in New York is Monday 02:00 in Paris: the clock starts at 09:00.
    start_new_york = datetime(2026, 3, 1, 20, tzinfo=NEW_YORK)
    result = OPEN.add_business_time(start_new_york, hours(8))
    assert result == paris(2026, 3, 3, 10, 30)
    assert result.tzinfo is PARIS
    india = timezone(timedelta(hours=5, minutes=30))
    assert OPEN.is_open(datetime(2026, 3, 2, 14, tzinfo=india))  # 09:30 in Paris


def test_it_refuses_naive_datetimes_and_negative_durations():
    with pytest.raises(ValueError):
        OPEN.add_business_time(datetime(2026, 3, 2, 10), hours(1))
    with pytest.raises(ValueError):
        OPEN.business_time_between(paris(2026, 3, 2, 10), datetime(2026, 3, 2, 11))
    with pytest.raises(ValueError):
        OPEN.is_open(datetime(2026, 3, 2, 10))
    with pytest.raises(ValueError):
        OPEN.add_business_time(paris(2026, 3, 2, 10), -hours(1))


def test_opening_hours_are_half_open():
    assert OPEN.is_open(paris(2026, 3, 2, 9))
    assert OPEN.is_open(paris(2026, 3, 2, 12, 29, 59, 999999))
    assert not OPEN.is_open(paris(2026, 3, 2, 12, 30))
    assert not OPEN.is_open(paris(2026, 3, 6, 17))
    assert OPEN.is_open(paris(2026, 3, 5, 17, 15))
    assert PRIVATE.is_open(paris(2026, 3, 5, 17, 45))
    assert not PRIVATE.is_open(paris(2026, 3, 6, 17, 30))
    assert not OPEN.is_open(paris(2026, 3, 7, 10))


def test_business_time_between():
    assert OPEN.business_time_between(paris(2026, 3, 2, 9), paris(2026, 3, 9, 9)) == hours(32)
    assert PRIVATE.business_time_between(paris(2026, 3, 2, 9), paris(2026, 3, 9, 9)) == hours(44)
    assert OPEN.business_time_between(paris(2026, 3, 2, 11), paris(2026, 3, 2, 10)) == hours(0)
    # 2026 is 52 weeks and Thursday 31 Dec. Nine public holidays fall on a weekday:
    # Thu 1 Jan, Mon 6 Apr, Thu 14 May, Mon 25 May, Tue 14 Jul, Wed 11 Nov (6.5 h each)
    # and Fri 1 May, Fri 8 May, Fri 25 Dec (6 h each).
    year = OPEN.business_time_between(paris(2026, 1, 1), paris(2027, 1, 1))
    assert year == 52 * hours(32) + hours(6.5) - 6 * hours(6.5) - 3 * hours(6)
    assert OPEN.weekly_business_time == hours(32)


def test_spring_forward_weekend_shortens_the_real_elapsed_time():
    start = paris(2026, 3, 27, 16)  # Friday before the last Sunday of March
    result = OPEN.add_business_time(start, hours(8))
    assert result == paris(2026, 3, 31, 9, 30)
    assert (start.utcoffset(), result.utcoffset()) == (hours(1), hours(2))
    assert OPEN.business_time_between(start, result) == hours(8)
    assert real_duration(start, result) == (
        result.replace(tzinfo=None) - start.replace(tzinfo=None)
    ) - hours(1)


def test_fall_back_weekend():
    start = paris(2026, 10, 23, 16)  # Friday before the last Sunday of October
    result = PRIVATE.add_business_time(start, hours(4))
    assert result == paris(2026, 10, 26, 12)
    assert (start.utcoffset(), result.utcoffset()) == (hours(2), hours(1))
    assert PRIVATE.business_time_between(start, result) == hours(4)
    assert real_duration(start, result) == timedelta(days=2, hours=21)


# --- calendars as data, and the daylight-saving choices -----------------------------------

NIGHT_VENDOR = BusinessCalendar.from_spec("night", {6: [("00:00", "06:00")]})


def test_a_calendar_open_at_spring_forward_loses_the_missing_hour():
    sunday = paris(2026, 3, 29)
    assert NIGHT_VENDOR.business_time_between(sunday, paris(2026, 3, 29, 6)) == hours(5)
    # Wall-clock 02:00 does not exist: the earliest instant two hours in is 03:00 CEST.
    result = NIGHT_VENDOR.add_business_time(sunday, hours(2))
    assert result == paris(2026, 3, 29, 3)
    assert result.utcoffset() == hours(2)
    assert real_duration(sunday, result) == hours(2)
    assert NIGHT_VENDOR.add_business_time(sunday, hours(3)) == paris(2026, 3, 29, 4)
    reasons = [s.reason for s in NIGHT_VENDOR.explain(sunday, hours(3)).segments]
    assert reasons == ["", "passage à l'heure d'été", ""]


def test_a_calendar_open_at_fall_back_counts_the_repeated_hour_once():
    sunday = paris(2026, 10, 25)
    assert NIGHT_VENDOR.business_time_between(sunday, paris(2026, 10, 25, 6)) == hours(6)
    first = NIGHT_VENDOR.add_business_time(sunday, hours(2.5))
    assert (first.hour, first.minute, first.utcoffset()) == (2, 30, hours(2))
    second_occurrence = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 02:15 CET
    result = NIGHT_VENDOR.add_business_time(second_occurrence, timedelta(minutes=30))
    assert (result.hour, result.minute, result.utcoffset()) == (2, 45, hours(1))
    assert real_duration(second_occurrence, result) == timedelta(minutes=30)


def test_it_builds_calendars_from_json_data():
    spec = OPEN.to_spec()
    assert spec["0"] == [["09:00", "12:30"], ["14:30", "17:30"]]
    assert spec["4"] == [["09:00", "12:30"], ["14:30", "17:00"]]
    assert spec["5"] == spec["6"] == []
    stored = json.loads(json.dumps(spec))
    assert stored == spec
    copy = BusinessCalendar.from_spec("copie", stored)
    assert copy.to_spec() == spec
    assert copy.add_business_time(paris(2026, 3, 2, 10), hours(8)) == paris(2026, 3, 3, 11, 30)


def test_spec_accepts_seconds_end_of_day_and_joins_touching_intervals():
    calendar = BusinessCalendar.from_spec(
        "x", {"2": [["20:00", "24:00"]], 3: [("08:00", "10:00"), ("10:00", "10:30:15")]}
    )
    assert calendar.to_spec()["2"] == [["20:00", "24:00"]]
    assert calendar.to_spec()["3"] == [["08:00", "10:30:15"]]
    wednesday = paris(2026, 3, 4, 23)
    assert calendar.add_business_time(wednesday, hours(1)) == paris(2026, 3, 5, 0)
    assert calendar.add_business_time(wednesday, hours(2)) == paris(2026, 3, 5, 9)


@pytest.mark.parametrize(
    "spec",
    [
        {7: [("09:00", "10:00")]},
        {"lundi": [("09:00", "10:00")]},
        {0: [("10:00", "09:00")]},
        {0: [("09:00", "09:00")]},
        {0: [("09:00", "12:00"), ("11:00", "13:00")]},
        {0: [("9h", "12:00")]},
        {0: [("0900", "12:00")]},
        {0: [("09:00:00.5", "12:00")]},
        {0: [("09:00", "12:00", "13:00")]},
    ],
)
def test_it_refuses_a_bad_spec_with_a_french_message(spec):
    with pytest.raises(CalendarSpecError):
        BusinessCalendar.from_spec("bad", spec)


def test_it_accepts_time_objects_and_custom_holidays():
    hours_ = {day: [(time(9), time(17))] for day in range(5)}
    closed_christmas_eve = BusinessCalendar("x", hours_, holidays={date(2026, 12, 24)})
    assert not closed_christmas_eve.is_open(paris(2026, 12, 24, 10))
    assert closed_christmas_eve.is_open(paris(2026, 12, 25, 10))  # only the given days
    named = BusinessCalendar("y", hours_, holidays={date(2026, 12, 24): "Réveillon"})
    reasons = {s.reason for s in named.explain(paris(2026, 12, 23, 16), hours(2)).segments}
    assert "jour férié : Réveillon" in reasons
    wednesdays = BusinessCalendar("z", hours_, holidays=lambda day: day.weekday() == 2)
    assert wednesdays.add_business_time(paris(2026, 3, 3, 16), hours(2)) == paris(2026, 3, 5, 10)
    whole_library = BusinessCalendar("w", hours_, holidays=holidays.France(language="fr"))
    assert not whole_library.is_open(paris(2026, 5, 14, 10))


def test_a_calendar_that_never_opens_cannot_reach_a_deadline():
    closed = BusinessCalendar.from_spec("fermé", {})
    with pytest.raises(ValueError):
        closed.add_business_time(paris(2026, 3, 2), hours(1))
    assert closed.add_business_time(paris(2026, 3, 2), timedelta(0)) == paris(2026, 3, 2)
    assert closed.business_time_between(paris(2026, 3, 2), paris(2026, 4, 2)) == hours(0)


def test_next_opening():
    assert OPEN.next_opening(paris(2026, 4, 30, 17, 30)) == paris(2026, 5, 4, 9)
    assert OPEN.next_opening(paris(2026, 3, 2, 10)) == paris(2026, 3, 2, 10)


# --- explanations --------------------------------------------------------------------------


def test_it_explains_a_deadline_segment_by_segment():
    explanation = OPEN.explain(paris(2026, 4, 30, 7, 45), hours(12))
    assert explanation.deadline == paris(2026, 5, 4, 16, 30)
    listed = [(s.start, s.end, s.counted, s.duration, s.reason) for s in explanation.segments]
    assert listed == [
        (paris(2026, 4, 30, 7, 45), paris(2026, 4, 30, 9), False, hours(1.25), "avant l'ouverture"),
        (paris(2026, 4, 30, 9), paris(2026, 4, 30, 12, 30), True, hours(3.5), ""),
        (paris(2026, 4, 30, 12, 30), paris(2026, 4, 30, 14, 30), False, hours(2), "pause déjeuner"),
        (paris(2026, 4, 30, 14, 30), paris(2026, 4, 30, 17, 30), True, hours(3), ""),
        (
            paris(2026, 4, 30, 17, 30),
            paris(2026, 5, 2),
            False,
            hours(30.5),
            "jour férié : Fête du Travail",
        ),
        (paris(2026, 5, 2), paris(2026, 5, 4, 9), False, hours(57), "week-end"),
        (paris(2026, 5, 4, 9), paris(2026, 5, 4, 12, 30), True, hours(3.5), ""),
        (paris(2026, 5, 4, 12, 30), paris(2026, 5, 4, 14, 30), False, hours(2), "pause déjeuner"),
        (paris(2026, 5, 4, 14, 30), paris(2026, 5, 4, 16, 30), True, hours(2), ""),
    ]


def test_it_explains_nights_weekends_and_the_clock_start():
    saturday = OPEN.explain(paris(2026, 3, 7, 11), hours(1))
    assert [s.reason for s in saturday.segments] == ["week-end", ""]
    assert saturday.clock_start == paris(2026, 3, 9, 9)
    night = OPEN.explain(paris(2026, 3, 2, 17), hours(1))
    assert [(s.reason, s.end) for s in night.segments] == [
        ("", paris(2026, 3, 2, 17, 30)),
        ("soirée/nuit", paris(2026, 3, 3, 9)),
        ("", paris(2026, 3, 3, 9, 30)),
    ]
    evening_start = OPEN.explain(paris(2026, 3, 2, 20), hours(1))
    assert [s.reason for s in evening_start.segments] == ["soirée/nuit", ""]
    ascension = PRIVATE.explain(paris(2026, 5, 13, 17), hours(4))
    assert [s.reason for s in ascension.segments] == ["", "jour férié : Ascension", ""]
    assert OPEN.explain(paris(2026, 3, 7, 11), timedelta(0)).segments == ()


def test_weekend_and_holiday_runs_are_reported_separately():
    # Friday 22 May 2026 evening, then the week-end, then Whit Monday.
    explanation = OPEN.explain(paris(2026, 5, 22, 16, 30), hours(1))
    assert [(s.reason, s.start, s.end) for s in explanation.segments[1:3]] == [
        ("week-end", paris(2026, 5, 22, 17), paris(2026, 5, 25)),
        ("jour férié : Lundi de Pentecôte", paris(2026, 5, 25), paris(2026, 5, 26, 9)),
    ]


# --- properties, against a slow reference written independently ----------------------------

FRENCH_HOLIDAYS = holidays.France()


def _clock(text: str) -> timedelta:
    hour, minute = map(int, text.split(":")[:2])
    return timedelta(hours=hour, minutes=minute)


def _missing_hours(day: date) -> list[tuple[datetime, datetime]]:
    """Wall-clock hours of ``day`` that do not exist in Paris (naive)."""
    midnight = datetime.combine(day, time())
    if paris(*day.timetuple()[:3]).utcoffset() == (
        datetime.combine(day + timedelta(days=1), time(), tzinfo=PARIS).utcoffset()
    ):
        return []
    missing = []
    for hour in range(24):
        wall = midnight + timedelta(hours=hour)
        back = wall.replace(tzinfo=PARIS).astimezone(UTC).astimezone(PARIS)
        if back.replace(tzinfo=None) != wall:
            missing.append((wall, wall + timedelta(hours=1)))
    return missing


class Reference:
    """Walk the opening intervals one by one on the naive Paris wall clock."""

    def __init__(self, spec):
        self.spec = {
            int(day): [(_clock(a), _clock(b)) for a, b in ivs] for day, ivs in spec.items()
        }

    def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if day in FRENCH_HOLIDAYS:
            return []
        midnight = datetime.combine(day, time())
        result = [(midnight + a, midnight + b) for a, b in self.spec.get(day.weekday(), [])]
        for hole_start, hole_end in _missing_hours(day):
            cut = []
            for start, end in result:
                if start < hole_start:
                    cut.append((start, min(end, hole_start)))
                if end > hole_end:
                    cut.append((max(start, hole_end), end))
            result = cut
        return result

    def add(self, start: datetime, duration: timedelta) -> datetime:
        local = start.astimezone(PARIS)
        if not duration:
            return local
        wall, day, remaining = local.replace(tzinfo=None), local.date(), duration
        while True:
            for begin, end in self.intervals(day):
                begin = max(begin, wall)
                if end <= begin:
                    continue
                if end - begin >= remaining:
                    result = (begin + remaining).replace(tzinfo=PARIS)
                    result = result.astimezone(UTC).astimezone(PARIS)
                    if local.fold and result.date() == local.date():
                        result = result.replace(fold=1)
                    return result
                remaining -= end - begin
            day += timedelta(days=1)

    def between(self, start: datetime, end: datetime) -> timedelta:
        first, last = (m.astimezone(PARIS).replace(tzinfo=None) for m in (start, end))
        total, day = timedelta(0), first.date()
        while day <= last.date():
            for begin, stop in self.intervals(day):
                total += max(timedelta(0), min(stop, last) - max(begin, first))
            day += timedelta(days=1)
        return total


@st.composite
def data_calendars(draw):
    """A random calendar of quarter-hour intervals, open at least once a week."""
    spec = {}
    for weekday in range(7):
        bounds = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
        bounds = bounds[: len(bounds) // 2 * 2]
        spec[weekday] = [
            (f"{a // 4:02d}:{a % 4 * 15:02d}", f"{b // 4:02d}:{b % 4 * 15:02d}")
            for a, b in zip(bounds[::2], bounds[1::2], strict=True)
        ]
    assume(any(spec.values()))
    return spec


calendar_specs = st.one_of(st.sampled_from([OPEN.to_spec(), PRIVATE.to_spec()]), data_calendars())
DST_SUNDAYS = [
    datetime(year, month, day, tzinfo=UTC)
    for year, month, day in [(2026, 3, 29), (2026, 10, 25), (2027, 3, 28), (2028, 10, 29)]
]
starts = st.one_of(
    st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.sampled_from([PARIS, UTC, NEW_YORK, timezone(timedelta(hours=5, minutes=30))]),
        allow_imaginary=False,
    ),
    st.builds(  # around a daylight-saving change, to the minute
        lambda sunday, minutes: (sunday + timedelta(minutes=minutes)).astimezone(PARIS),
        st.sampled_from(DST_SUNDAYS),
        st.integers(-3 * 24 * 60, 24 * 60),
    ),
)
durations = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=hours(200)),
    st.integers(0, 200 * 4).map(lambda quarters: timedelta(minutes=15 * quarters)),
)
property_settings = settings(max_examples=150, deadline=None)


@property_settings
@given(spec=calendar_specs, start=starts, duration=durations)
def test_it_agrees_with_the_slow_reference(spec, start, duration):
    calendar, reference = BusinessCalendar.from_spec("data", spec), Reference(spec)
    result = calendar.add_business_time(start, duration)
    expected = reference.add(start, duration)
    assert instant(result) == instant(expected)
    assert (result.utcoffset(), result.tzinfo) == (expected.utcoffset(), PARIS)
    assert calendar.business_time_between(start, result) == reference.between(start, result)


@property_settings
@given(spec=calendar_specs, start=starts, duration=durations)
def test_the_deadline_is_the_earliest_instant(spec, start, duration):
    calendar = BusinessCalendar.from_spec("data", spec)
    result = calendar.add_business_time(start, duration)
    assert instant(result) >= instant(start)
    assert calendar.business_time_between(start, result) == duration
    if duration:
        assert calendar.business_time_between(start, before(result)) < duration
        assert calendar.is_open(before(result))  # open, or the result is a closing instant


@property_settings
@given(
    spec=calendar_specs,
    start=starts,
    first=durations,
    second=durations,
)
def test_it_is_monotonic_and_additive(spec, start, first, second):
    calendar = BusinessCalendar.from_spec("data", spec)
    short, long = sorted([first, second])
    add = calendar.add_business_time
    assert instant(add(start, short)) <= instant(add(start, long))
    assert instant(add(add(start, first), second)) == instant(add(start, first + second))


@property_settings
@given(spec=calendar_specs, start=starts, duration=durations)
def test_the_explanation_adds_up(spec, start, duration):
    calendar = BusinessCalendar.from_spec("data", spec)
    explanation = calendar.explain(start, duration)
    segments = explanation.segments
    assert sum((s.duration for s in segments if s.counted), timedelta(0)) == duration
    assert all(s.reason for s in segments if not s.counted)
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    if segments:
        assert instant(segments[0].start) == instant(start)
        assert instant(segments[-1].end) == instant(explanation.deadline)
        assert segments[-1].counted


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(0, 40))
def test_a_working_day_delai_ends_at_midnight_after_a_working_day(start, days):
    deadline = add_working_days(start, days)
    assert deadline.tzinfo is PARIS
    assert (deadline.hour, deadline.minute, deadline.second) == (0, 0, 0)
    last_day = deadline.date() - timedelta(days=1)
    trigger_day = start.astimezone(PARIS).date()
    counted = [
        trigger_day + timedelta(days=n)
        for n in range(1, (last_day - trigger_day).days + 1)
        if is_working_day(trigger_day + timedelta(days=n))
    ]
    assert len(counted) == days
    assert days == 0 or counted[-1] == last_day
    assert explain_working_days(start, days).deadline == deadline
