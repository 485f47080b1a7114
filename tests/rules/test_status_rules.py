"""Maintenance windows, planned maintenance and availability rate (art. 5, 6)."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.status.rules import (
    counted_unavailability,
    format_day_fr,
    in_maintenance_window,
    is_public_holiday,
    maintenance_windows,
    monthly_availability,
    planned_maintenance_problems,
    prt_duration,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def real_duration(start: datetime, end: datetime) -> timedelta:
    """Elapsed time; plain subtraction of two Paris datetimes is wall-clock time."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def shift(at: datetime, delta: timedelta) -> datetime:
    """``at`` moved by ``delta`` of real time, in ``at``'s own zone.

    ``at + delta`` is wall-clock arithmetic that drops ``fold``: across a DST
    switch it can even move backwards.
    """
    return (at.astimezone(UTC) + delta).astimezone(at.tzinfo)


aware_datetimes = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([PARIS, UTC, NEW_YORK, timezone(timedelta(hours=5, minutes=30))]),
    allow_imaginary=False,
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=4))


# --- maintenance window (art. 5) ------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2026, 11, 3, 0, 0), True),  # Tuesday night
        (paris(2026, 11, 3, 6, 59, 59), True),
        (paris(2026, 11, 3, 7, 0), False),  # 07:00 is outside
        (paris(2026, 11, 3, 23, 59), False),
        (paris(2026, 11, 14, 3, 0), True),  # Saturday night
        (paris(2026, 11, 14, 12, 0), False),  # Saturday daytime is not in the window
        (paris(2026, 11, 15, 12, 0), True),  # Sunday
        (paris(2026, 11, 16, 6, 30), True),  # Monday night, joined to Sunday
        (paris(2026, 11, 16, 7, 0), False),
        (paris(2026, 7, 14, 15, 0), True),  # Fête nationale, a Tuesday
        (paris(2026, 11, 11, 15, 0), True),  # Armistice, a Wednesday
        (paris(2026, 5, 25, 15, 0), True),  # Lundi de Pentecôte
        (datetime(2026, 11, 3, 5, 30, tzinfo=UTC), True),  # 06:30 CET
        (datetime(2026, 7, 7, 5, 30, tzinfo=UTC), False),  # 07:30 CEST
    ],
)
def test_in_maintenance_window(at, expected):
    assert in_maintenance_window(at) is expected


def test_new_york_input_is_converted_to_paris_time():
    # 00:30 in New York (EST) on 3 Nov 2026 is 05:30 UTC, 06:30 in Paris.
    assert in_maintenance_window(datetime(2026, 11, 3, 0, 30, tzinfo=NEW_YORK)) is True
    assert in_maintenance_window(datetime(2026, 11, 3, 1, 30, tzinfo=NEW_YORK)) is False


def test_only_national_holidays_count():
    assert is_public_holiday(paris(2026, 4, 6).date())  # Lundi de Pâques
    assert not is_public_holiday(paris(2026, 4, 3).date())  # Vendredi saint (Alsace-Moselle)
    assert not is_public_holiday(paris(2026, 12, 26).date())  # Saint-Étienne (Alsace-Moselle)


def test_it_refuses_naive_datetimes():
    naive = datetime(2026, 11, 3, 3, 0)
    with pytest.raises(ValueError):
        in_maintenance_window(naive)
    with pytest.raises(ValueError):
        maintenance_windows(naive, paris(2026, 11, 4))
    with pytest.raises(ValueError):
        planned_maintenance_problems(naive, paris(2026, 11, 6, 1), paris(2026, 11, 6, 2))
    with pytest.raises(ValueError):
        monthly_availability(2026, 11, [(naive, paris(2026, 11, 4))])


def test_windows_of_an_ordinary_week():
    windows = maintenance_windows(paris(2026, 11, 16, 12, 0), paris(2026, 11, 23, 0, 0))
    assert windows == [
        (paris(2026, 11, 17, 0, 0), paris(2026, 11, 17, 7, 0)),
        (paris(2026, 11, 18, 0, 0), paris(2026, 11, 18, 7, 0)),
        (paris(2026, 11, 19, 0, 0), paris(2026, 11, 19, 7, 0)),
        (paris(2026, 11, 20, 0, 0), paris(2026, 11, 20, 7, 0)),
        (paris(2026, 11, 21, 0, 0), paris(2026, 11, 21, 7, 0)),
        # Saturday night, Sunday and Monday night are one window.
        (paris(2026, 11, 22, 0, 0), paris(2026, 11, 23, 7, 0)),
    ]
    assert all(start.tzinfo is PARIS and end.tzinfo is PARIS for start, end in windows)


def test_windows_are_returned_whole():
    # Asking about Sunday noon only still gives the whole weekend window.
    windows = maintenance_windows(paris(2026, 11, 22, 12, 0), paris(2026, 11, 22, 12, 1))
    assert windows == [(paris(2026, 11, 22, 0, 0), paris(2026, 11, 23, 7, 0))]


def test_holiday_after_a_sunday_extends_the_window():
    # Sunday of Pentecost and Whit Monday: Sunday 00:00 to Tuesday 07:00.
    windows = maintenance_windows(paris(2026, 5, 25, 12, 0), paris(2026, 5, 25, 13, 0))
    assert windows == [(paris(2026, 5, 24, 0, 0), paris(2026, 5, 26, 7, 0))]


def test_windows_on_both_dst_nights_have_their_real_length():
    spring = maintenance_windows(paris(2026, 3, 29, 12), paris(2026, 3, 29, 13))
    assert spring == [(paris(2026, 3, 29, 0, 0), paris(2026, 3, 30, 7, 0))]
    assert real_duration(*spring[0]) == timedelta(hours=30)

    autumn = maintenance_windows(paris(2026, 10, 25, 12), paris(2026, 10, 25, 13))
    assert autumn == [(paris(2026, 10, 25, 0, 0), paris(2026, 10, 26, 7, 0))]
    assert real_duration(*autumn[0]) == timedelta(hours=32)

    # 01:30 UTC on 29 March is 03:30 CEST; 00:30 UTC on 25 October is 02:30 CEST.
    assert in_maintenance_window(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    assert in_maintenance_window(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))


def test_empty_range_has_no_window():
    assert maintenance_windows(paris(2026, 11, 3, 3), paris(2026, 11, 3, 3)) == []


@settings(max_examples=60)
@given(aware_datetimes)
def test_in_window_agrees_with_the_windows(at):
    windows = maintenance_windows(at, shift(at, timedelta(microseconds=1)))
    instant = at.astimezone(UTC)  # compare instants, whatever the zones and folds
    inside = any(start.astimezone(UTC) <= instant < end.astimezone(UTC) for start, end in windows)
    assert in_maintenance_window(at) is inside


@given(aware_datetimes)
def test_in_window_ignores_the_input_time_zone(at):
    assert in_maintenance_window(at) is in_maintenance_window(at.astimezone(UTC))


@given(aware_datetimes, durations)
def test_windows_are_merged_and_bounded(start, length):
    end = shift(start, length + timedelta(minutes=1))
    windows = maintenance_windows(start, end)
    for window_start, window_end in windows:
        assert window_start < end and window_end > start
        assert in_maintenance_window(window_start)
        assert in_maintenance_window(window_end - timedelta(microseconds=1))
        assert not in_maintenance_window(window_end)
        assert not in_maintenance_window(window_start - timedelta(microseconds=1))
        assert window_end.astimezone(PARIS).hour == 7
    for (_, previous_end), (next_start, _) in zip(windows, windows[1:], strict=False):
        assert real_duration(previous_end, next_start) > timedelta(0)


# --- planned maintenance (art. 5) ------------------------------------------------


def test_valid_planned_maintenance_has_no_problem():
    announced = paris(2026, 11, 1, 10, 0)
    assert (
        planned_maintenance_problems(announced, paris(2026, 11, 5, 1), paris(2026, 11, 5, 6)) == []
    )


def test_saturday_night_to_monday_morning_is_one_window():
    announced = paris(2026, 11, 10, 9, 0)
    start, end = paris(2026, 11, 15, 0, 0), paris(2026, 11, 16, 7, 0)
    assert planned_maintenance_problems(announced, start, end) == []


def test_saturday_daytime_is_outside_the_window_as_art_5_says():
    # Decided reading: art. 5 (nights, Sundays, holidays) wins over DOMAIN.md's
    # "Saturday 00:00 to Monday 07:00 is one window".
    assert in_maintenance_window(paris(2026, 11, 14, 6, 59))
    assert not in_maintenance_window(paris(2026, 11, 14, 7, 0))
    assert not in_maintenance_window(paris(2026, 11, 14, 23, 59))
    windows = maintenance_windows(paris(2026, 11, 14, 0, 0), paris(2026, 11, 16, 0, 0))
    assert windows == [
        (paris(2026, 11, 14, 0, 0), paris(2026, 11, 14, 7, 0)),
        (paris(2026, 11, 15, 0, 0), paris(2026, 11, 16, 7, 0)),
    ]


def test_french_day_says_1er_for_the_first():
    assert format_day_fr(datetime(2026, 11, 1).date()) == "dimanche 1er novembre 2026"
    assert format_day_fr(datetime(2026, 11, 3).date()) == "mardi 3 novembre 2026"


def test_it_refuses_saturday_daytime():
    announced = paris(2026, 11, 10, 9, 0)
    problems = planned_maintenance_problems(
        announced, paris(2026, 11, 14, 23, 0), paris(2026, 11, 16, 7, 0)
    )
    assert problems == [
        "La maintenance déborde de la fenêtre de maintenance "
        "le samedi 14 novembre 2026 de 23:00 à 24:00."
    ]


def test_holiday_daytime_maintenance_is_valid():
    announced = paris(2026, 7, 10, 9, 0)
    assert (
        planned_maintenance_problems(announced, paris(2026, 7, 14, 9), paris(2026, 7, 14, 18)) == []
    )


def test_it_refuses_47_hours_notice():
    announced = paris(2026, 11, 3, 3, 30)
    start = announced + timedelta(hours=47)
    problems = planned_maintenance_problems(announced, start, start + timedelta(hours=1))
    assert problems == [
        "Une maintenance planifiée doit être annoncée au moins 48 heures à l'avance : "
        "préavis de 47 h seulement. Début au plus tôt le jeudi 5 novembre 2026 à 03:30."
    ]


def test_it_accepts_exactly_48_hours_notice():
    announced = paris(2026, 11, 3, 2, 0)
    start = announced + timedelta(hours=48)
    assert planned_maintenance_problems(announced, start, start + timedelta(hours=1)) == []


def test_notice_is_real_elapsed_time_across_dst():
    # Friday 04:00 to Sunday 04:00 on 27–29 March 2026 is 48 h of wall clock but 47 h.
    problems = planned_maintenance_problems(
        paris(2026, 3, 27, 4, 0), paris(2026, 3, 29, 4, 0), paris(2026, 3, 29, 5, 0)
    )
    assert len(problems) == 1
    assert "préavis de 47 h seulement" in problems[0]
    assert "dimanche 29 mars 2026 à 05:00" in problems[0]
    # Friday 05:00 to Sunday 04:00 on 23–25 October 2026 is 47 h of wall clock but 48 h.
    assert (
        planned_maintenance_problems(
            paris(2026, 10, 23, 5, 0), paris(2026, 10, 25, 4, 0), paris(2026, 10, 25, 5, 0)
        )
        == []
    )


def test_it_reports_minutes_of_notice():
    announced = paris(2026, 11, 3, 10, 0)
    problems = planned_maintenance_problems(
        announced, paris(2026, 11, 4, 1, 15), paris(2026, 11, 4, 2, 0)
    )
    assert "préavis de 15 h 15 seulement" in problems[0]


def test_it_refuses_an_announcement_after_the_start():
    problems = planned_maintenance_problems(
        paris(2026, 11, 4, 3, 0), paris(2026, 11, 4, 1, 0), paris(2026, 11, 4, 2, 0)
    )
    assert problems == [
        "Une maintenance planifiée doit être annoncée au moins 48 heures à l'avance : "
        "elle est annoncée 2 h après son début. Début au plus tôt le vendredi 6 novembre 2026 "
        "à 03:00."
    ]


def test_it_refuses_spilling_past_seven_on_a_weekday():
    announced = paris(2026, 10, 20, 9, 0)
    problems = planned_maintenance_problems(
        announced, paris(2026, 11, 3, 5, 0), paris(2026, 11, 3, 8, 30)
    )
    assert problems == [
        "La maintenance déborde de la fenêtre de maintenance "
        "le mardi 3 novembre 2026 de 07:00 à 08:30."
    ]


def test_it_lists_every_outside_part():
    announced = paris(2026, 11, 20, 9, 0)
    problems = planned_maintenance_problems(
        announced, paris(2026, 11, 30, 5, 0), paris(2026, 12, 2, 8, 0)
    )
    assert problems == [
        "La maintenance déborde de la fenêtre de maintenance "
        "le lundi 30 novembre 2026 de 07:00 à 24:00, "
        "le mardi 1er décembre 2026 de 07:00 à 24:00 "
        "et le mercredi 2 décembre 2026 de 07:00 à 08:00."
    ]


def test_outside_parts_are_shown_in_paris_time():
    announced = datetime(2026, 10, 1, tzinfo=UTC)
    problems = planned_maintenance_problems(
        announced,
        datetime(2026, 11, 3, 5, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 7, 15, tzinfo=UTC),
    )
    assert problems == [
        "La maintenance déborde de la fenêtre de maintenance "
        "le mardi 3 novembre 2026 de 07:00 à 08:15."
    ]


@pytest.mark.parametrize("length", [timedelta(0), timedelta(hours=-1)])
def test_it_refuses_an_end_not_after_the_start(length):
    start = paris(2026, 11, 5, 3, 0)
    problems = planned_maintenance_problems(paris(2026, 11, 1), start, start + length)
    assert problems == ["La fin de la maintenance doit être postérieure à son début."]


def test_it_reports_every_broken_rule():
    start = paris(2026, 11, 3, 12, 0)
    problems = planned_maintenance_problems(start - timedelta(hours=1), start, start)
    assert len(problems) == 2
    start_end = paris(2026, 11, 3, 6, 0), paris(2026, 11, 3, 9, 0)
    problems = planned_maintenance_problems(paris(2026, 11, 3, 5, 0), *start_end)
    assert len(problems) == 2
    assert problems[0].startswith("Une maintenance planifiée")
    assert problems[1].startswith("La maintenance déborde")


@settings(max_examples=60)
@given(aware_datetimes, st.data())
def test_maintenance_inside_one_window_with_notice_is_valid(at, data):
    windows = maintenance_windows(at, shift(at, timedelta(days=3)))
    window_start, window_end = data.draw(st.sampled_from(windows))
    length = real_duration(window_start, window_end)
    offset = data.draw(st.timedeltas(timedelta(0), length - timedelta(microseconds=1)))
    duration = data.draw(st.timedeltas(timedelta(microseconds=1), length - offset))
    start = window_start.astimezone(UTC) + offset  # real time, not wall-clock time
    announced = start - data.draw(st.timedeltas(timedelta(hours=48), timedelta(days=30)))
    assert planned_maintenance_problems(announced, start, start + duration) == []


@given(aware_datetimes, durations)
def test_outside_problem_iff_not_inside_a_single_window(start, length):
    end = shift(start, length + timedelta(microseconds=1))
    announced = shift(start, -timedelta(days=3))
    problems = planned_maintenance_problems(announced, start, end)
    inside = any(
        window_start <= start and end <= window_end
        for window_start, window_end in maintenance_windows(start, end)
    )
    assert (problems == []) is inside
    assert len(problems) <= 1


@given(aware_datetimes, aware_datetimes, durations)
def test_notice_problem_iff_under_48_hours(announced, start, length):
    end = shift(start, length + timedelta(microseconds=1))
    problems = planned_maintenance_problems(announced, start, end)
    has_notice_problem = any(p.startswith("Une maintenance planifiée") for p in problems)
    assert has_notice_problem is (real_duration(announced, start) < timedelta(hours=48))


# --- availability rate (art. 6) ----------------------------------------------------


def test_prt_of_a_month():
    # November 2026: 21 weekdays, minus Armistice (Wed 11); 1 Nov is a Sunday.
    assert prt_duration(2026, 11) == timedelta(hours=20 * 13)
    # March 2026: 22 weekdays; the DST switch on Sunday 29 changes nothing.
    assert prt_duration(2026, 3) == timedelta(hours=22 * 13)
    # October 2026: 22 weekdays; the switch back on Sunday 25 changes nothing.
    assert prt_duration(2026, 10) == timedelta(hours=22 * 13)
    # May 2026: 21 weekdays minus 1 May, 8 May, Ascension, Whit Monday.
    assert prt_duration(2026, 5) == timedelta(hours=17 * 13)


def test_month_without_outage_is_100():
    assert monthly_availability(2026, 11, []) == 100.0


def test_outages_outside_prt_are_not_counted():
    outages = [
        (paris(2026, 11, 3, 0, 0), paris(2026, 11, 3, 7, 0)),  # night
        (paris(2026, 11, 3, 20, 0), paris(2026, 11, 4, 0, 0)),  # evening
        (paris(2026, 11, 7, 8, 0), paris(2026, 11, 7, 18, 0)),  # Saturday
        (paris(2026, 11, 8, 0, 0), paris(2026, 11, 9, 7, 0)),  # weekend window
        (paris(2026, 11, 11, 7, 0), paris(2026, 11, 11, 20, 0)),  # Armistice
    ]
    assert counted_unavailability(2026, 11, outages) == timedelta(0)
    assert monthly_availability(2026, 11, outages) == 100.0


def test_one_hour_outage():
    outages = [(paris(2026, 11, 3, 10, 0), paris(2026, 11, 3, 11, 0))]
    assert monthly_availability(2026, 11, outages) == pytest.approx(259 / 260 * 100)


def test_only_the_part_inside_prt_counts():
    outages = [(paris(2026, 11, 3, 6, 0), paris(2026, 11, 3, 8, 0))]
    assert counted_unavailability(2026, 11, outages) == timedelta(hours=1)
    outages = [(paris(2026, 11, 3, 19, 0), paris(2026, 11, 4, 8, 0))]
    assert counted_unavailability(2026, 11, outages) == timedelta(hours=2)


def test_overlapping_outages_count_once():
    outages = [
        (paris(2026, 11, 3, 10, 0), paris(2026, 11, 3, 12, 0)),
        (paris(2026, 11, 3, 11, 0), paris(2026, 11, 3, 13, 0)),
        (paris(2026, 11, 3, 11, 30), paris(2026, 11, 3, 11, 45)),
    ]
    assert counted_unavailability(2026, 11, outages) == timedelta(hours=3)
    assert monthly_availability(2026, 11, outages) == pytest.approx(257 / 260 * 100)


def test_outage_spanning_two_months_is_clipped():
    outages = [(paris(2026, 11, 30, 19, 0), paris(2026, 12, 1, 8, 0))]
    assert counted_unavailability(2026, 11, outages) == timedelta(hours=1)
    assert counted_unavailability(2026, 12, outages) == timedelta(hours=1)
    assert counted_unavailability(2026, 10, outages) == timedelta(0)


def test_outage_during_a_whole_month():
    outages = [(paris(2026, 10, 20), paris(2026, 12, 5))]
    assert monthly_availability(2026, 11, outages) == 0.0


def test_outages_in_any_time_zone():
    outages = [(datetime(2026, 11, 3, 9, 0, tzinfo=UTC), datetime(2026, 11, 3, 10, 0, tzinfo=UTC))]
    assert counted_unavailability(2026, 11, outages) == timedelta(hours=1)


def test_it_refuses_an_outage_ending_before_it_starts():
    with pytest.raises(ValueError):
        counted_unavailability(2026, 11, [(paris(2026, 11, 3, 11), paris(2026, 11, 3, 10))])


def test_it_accepts_a_generator_of_outages():
    outages = ((paris(2026, 11, 3, h), paris(2026, 11, 3, h + 1)) for h in (9, 10))
    assert monthly_availability(2026, 11, outages) == pytest.approx(258 / 260 * 100)


months = st.tuples(st.integers(2024, 2028), st.integers(1, 12))


@st.composite
def month_and_outages(draw, max_size=8):
    year, month = draw(months)
    around = st.datetimes(
        min_value=datetime(year, month, 1) - timedelta(days=3),
        max_value=datetime(year, month, 28) + timedelta(days=6),
        timezones=st.sampled_from([PARIS, UTC, NEW_YORK]),
        allow_imaginary=False,
    )
    outages = draw(
        st.lists(
            st.tuples(around, st.timedeltas(timedelta(0), timedelta(days=2))).map(
                lambda pair: (pair[0], shift(*pair))
            ),
            max_size=max_size,
        )
    )
    return year, month, outages


@settings(max_examples=40)  # the strategy, not the rule, is the slow part
@given(month_and_outages())
def test_availability_is_a_percentage(case):
    year, month, outages = case
    assert 0.0 <= monthly_availability(year, month, outages) <= 100.0
    assert counted_unavailability(year, month, outages) <= prt_duration(year, month)


@settings(max_examples=40)  # the strategy, not the rule, is the slow part
@given(month_and_outages())
def test_adding_an_outage_never_increases_availability(case):
    year, month, outages = case
    for count in range(len(outages)):
        fewer, more = outages[:count], outages[: count + 1]
        assert monthly_availability(year, month, more) <= monthly_availability(year, month, fewer)


@settings(max_examples=40)  # the strategy, not the rule, is the slow part
@given(month_and_outages(), st.randoms(use_true_random=False))
def test_order_and_duplicates_of_outages_are_irrelevant(case, random):
    year, month, outages = case
    shuffled = outages + outages[: len(outages) // 2]
    random.shuffle(shuffled)
    assert monthly_availability(year, month, shuffled) == monthly_availability(year, month, outages)


@settings(max_examples=40)  # the strategy, not the rule, is the slow part
@given(month_and_outages(max_size=1), st.floats(0, 1))
def test_splitting_an_outage_changes_nothing(case, fraction):
    year, month, outages = case
    if not outages:
        return
    start, end = outages[0]
    middle = shift(start, real_duration(start, end) * fraction)
    split = [(start, middle), (middle, end)]
    assert counted_unavailability(year, month, split) == counted_unavailability(
        year, month, outages
    )


def brute_force_unavailable_minutes(year, month, outages):
    """Count the minutes inside PRT and inside some outage, one by one."""
    minutes = set()
    for start, end in outages:
        minute = start.astimezone(UTC)
        while minute < end:
            minutes.add(minute)
            minute += timedelta(minutes=1)
    counted = 0
    for minute in minutes:
        local = minute.astimezone(PARIS)
        in_prt = (
            (local.year, local.month) == (year, month)
            and local.weekday() < 5
            and not is_public_holiday(local.date())
            and 7 <= local.hour < 20
        )
        counted += in_prt
    return counted


@st.composite
def minute_outages(draw):
    """Minute-aligned outages over a few days around a month boundary or a holiday."""
    base = draw(
        st.sampled_from(
            [
                datetime(2026, 3, 28, tzinfo=UTC),  # spring DST, end of March
                datetime(2026, 10, 23, tzinfo=UTC),  # autumn DST
                datetime(2026, 11, 9, tzinfo=UTC),  # Armistice
                datetime(2026, 4, 29, tzinfo=UTC),  # 1 May and a month boundary
            ]
        )
    )
    offsets = st.integers(0, 4 * 24 * 60)
    pairs = draw(st.lists(st.tuples(offsets, st.integers(0, 16 * 60)), max_size=4))
    return [
        (base + timedelta(minutes=o), base + timedelta(minutes=o + length)) for o, length in pairs
    ]


# No deadline: each example counts minutes one by one over several months, which a
# loaded CI worker (xdist, two databases) can take longer than 200 ms to do.
@settings(max_examples=25, deadline=None)
@given(minute_outages())
def test_counted_unavailability_matches_a_minute_by_minute_count(outages):
    months_seen = {
        (start.astimezone(PARIS).year, start.astimezone(PARIS).month) for start, _ in outages
    }
    for year, month in months_seen | {(2026, 3), (2026, 4), (2026, 5)}:
        expected = timedelta(minutes=brute_force_unavailable_minutes(year, month, outages))
        assert counted_unavailability(year, month, outages) == expected
