"""The stored deadlines and warning instants (support/deadlines.py), by example
and by property: the arithmetic itself is support/business_time.py's."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from support.business_time import PARIS, SUPPORT_CALENDARS, is_working_day
from support.deadlines import (
    ACTION_PLAN,
    FIX,
    TAKE_IN_CHARGE,
    business_deadline,
    working_days_deadline,
)

instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
formulas = st.sampled_from(sorted(TAKE_IN_CHARGE.delays))


@settings(max_examples=300, deadline=None)
@given(start=instants, formula=formulas)
def test_the_take_in_charge_warning_falls_at_75_percent_of_the_business_time(start, formula):
    calendar = SUPPORT_CALENDARS[formula]
    delay = timedelta(hours=TAKE_IN_CHARGE.delays[formula])
    due, warn = business_deadline(calendar, start, delay)
    assert start <= warn < due
    assert calendar.business_time_between(start, warn) == delay * 0.75
    assert calendar.business_time_between(start, due) == delay


@settings(max_examples=300, deadline=None)
@given(start=instants)
def test_the_crit_1_plan_deadline_is_12_business_hours(start):
    calendar = SUPPORT_CALENDARS["open"]
    due, warn = business_deadline(calendar, start, timedelta(hours=ACTION_PLAN.delays["open"]))
    assert calendar.business_time_between(start, due) == timedelta(hours=12)
    assert warn < due


@settings(max_examples=300, deadline=None)
@given(start=instants)
def test_the_crit_2_warning_is_noon_of_the_fifth_working_day(start):
    due, warn = working_days_deadline(start, FIX.delays["open"])
    local = warn.astimezone(PARIS)
    assert start < warn < due
    assert (local.hour, local.minute) == (12, 0)
    assert is_working_day(local.date())
    day, counted = start.astimezone(PARIS).date(), 0
    while day < local.date():
        day += timedelta(days=1)
        counted += is_working_day(day)
    assert counted == 5


def test_a_crit_2_qualified_before_easter_skips_the_holiday():
    # Qualified Thursday 2 April 2026; Easter Monday 6 April is not a jour ouvré.
    due, warn = working_days_deadline(datetime(2026, 4, 2, 15, tzinfo=PARIS), 6)
    # Fri 3 (1), Tue 7 … Fri 10 (2-5), Mon 13 (6): expires at the end of Monday 13 April.
    assert due == datetime(2026, 4, 14, 0, 0, tzinfo=PARIS)
    assert warn == datetime(2026, 4, 10, 12, 0, tzinfo=PARIS)
