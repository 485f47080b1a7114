"""Billing dates and term of a subscription (art. 14, 15)."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subscriptions.terms import (
    add_months,
    billing_period,
    invoice_date,
    invoices_between,
    notice_deadline,
    period_end,
    renewals_at,
)

first_invoices = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
month_offsets = st.integers(min_value=-600, max_value=600)
invoice_numbers = st.integers(min_value=0, max_value=200)
renewal_counts = st.integers(min_value=0, max_value=50)


def last_day_of(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --- add_months --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 1, 29), 1, date(2026, 2, 28)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 5, 31), -1, date(2026, 4, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 8, 31), 0, date(2026, 8, 31)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


@given(first_invoices)
def test_add_months_zero_is_identity(day):
    assert add_months(day, 0) == day


@given(first_invoices, month_offsets)
def test_add_months_keeps_the_day_or_clamps_it(day, months):
    result = add_months(day, months)
    month_index = day.year * 12 + day.month - 1 + months
    assert (result.year, result.month - 1) == divmod(month_index, 12)
    assert result.day == min(day.day, last_day_of(result.year, result.month))


@given(first_invoices, month_offsets)
def test_add_months_round_trip_when_no_clamping(day, months):
    result = add_months(day, months)
    if result.day == day.day:
        assert add_months(result, -months) == day


# --- invoices (art. 14) -------------------------------------------------------


def test_invoice_dates_are_anchored_on_the_first_invoice_not_chained():
    first = date(2026, 1, 31)
    assert [invoice_date(first, n) for n in range(5)] == [
        date(2026, 1, 31),
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
        date(2027, 1, 31),
    ]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (
            date(2026, 11, 29),
            [date(2026, 11, 29), date(2027, 2, 28), date(2027, 5, 29), date(2027, 8, 29)],
        ),
        (
            date(2027, 11, 29),
            [date(2027, 11, 29), date(2028, 2, 29), date(2028, 5, 29), date(2028, 8, 29)],
        ),
        (
            date(2026, 11, 30),
            [date(2026, 11, 30), date(2027, 2, 28), date(2027, 5, 30), date(2027, 8, 30)],
        ),
        (
            date(2026, 8, 31),
            [date(2026, 8, 31), date(2026, 11, 30), date(2027, 2, 28), date(2027, 5, 31)],
        ),
    ],
)
def test_invoice_dates_on_the_29th_30th_and_31st(first, expected):
    assert [invoice_date(first, n) for n in range(4)] == expected


def test_first_invoice_on_29_february_of_a_leap_year():
    first = date(2024, 2, 29)
    assert [invoice_date(first, n) for n in range(6)] == [
        date(2024, 2, 29),
        date(2024, 5, 29),
        date(2024, 8, 29),
        date(2024, 11, 29),
        date(2025, 2, 28),
        date(2025, 5, 29),
    ]
    assert invoice_date(first, 16) == date(2028, 2, 29)
    assert period_end(first) == date(2027, 2, 28)
    assert notice_deadline(first) == date(2026, 11, 29)
    assert period_end(first, 1) == date(2028, 2, 29)
    assert notice_deadline(first, 1) == date(2027, 11, 29)


def test_it_refuses_a_negative_invoice_number():
    with pytest.raises(ValueError):
        invoice_date(date(2026, 1, 1), -1)


@given(first_invoices, invoice_numbers)
def test_invoice_dates_strictly_increase(first, n):
    assert invoice_date(first, n) < invoice_date(first, n + 1)


@given(first_invoices, invoice_numbers)
def test_invoice_day_is_the_first_day_clamped(first, n):
    day = invoice_date(first, n)
    assert day.day == min(first.day, last_day_of(day.year, day.month))
    assert (day.year * 12 + day.month) - (first.year * 12 + first.month) == 3 * n


@given(first_invoices, invoice_numbers)
def test_invoice_dates_are_never_chained(first, n):
    assert invoice_date(first, n + 1) == add_months(first, 3 * (n + 1))
    # Chaining may only agree when the previous date was not clamped.
    previous = invoice_date(first, n)
    if previous.day == first.day:
        assert add_months(previous, 3) == invoice_date(first, n + 1)


@given(first_invoices, invoice_numbers)
def test_billing_periods_follow_each_other_without_gap(first, n):
    start, end = billing_period(first, n)
    assert start == invoice_date(first, n)
    assert end == billing_period(first, n + 1)[0]
    assert timedelta(days=89) <= end - start <= timedelta(days=92)


def test_billing_period_is_paid_in_advance():
    assert billing_period(date(2026, 1, 31), 0) == (date(2026, 1, 31), date(2026, 4, 30))
    assert billing_period(date(2026, 1, 31), 1) == (date(2026, 4, 30), date(2026, 7, 31))


def test_invoices_between_is_half_open():
    first = date(2026, 1, 31)
    assert invoices_between(first, date(2026, 4, 30), date(2026, 10, 31)) == [
        (1, date(2026, 4, 30)),
        (2, date(2026, 7, 31)),
    ]
    assert invoices_between(first, date(2025, 1, 1), date(2026, 2, 1)) == [(0, date(2026, 1, 31))]
    assert invoices_between(first, date(2026, 5, 1), date(2026, 7, 31)) == []
    assert invoices_between(first, date(2026, 7, 31), date(2026, 7, 31)) == []


@given(
    first_invoices,
    st.dates(min_value=date(1985, 1, 1), max_value=date(2110, 1, 1)),
    st.integers(min_value=0, max_value=800),
)
def test_invoices_between_matches_the_schedule(first, start, length):
    end = start + timedelta(days=length)
    expected = []
    for n in range(0, 600):
        day = invoice_date(first, n)
        if day >= end:
            break
        if day >= start:
            expected.append((n, day))
    assert invoices_between(first, start, end) == expected


# --- term (art. 15) ---------------------------------------------------------------


def test_initial_term_is_36_months_of_billing():
    first = date(2026, 3, 15)
    assert period_end(first) == date(2029, 3, 15)
    assert notice_deadline(first) == date(2028, 12, 15)
    assert [invoice_date(first, n) for n in range(12)][-1] == date(2028, 12, 15)
    assert invoice_date(first, 12) == period_end(first)


def test_tacit_renewals_add_one_year_each():
    first = date(2026, 1, 31)
    assert [period_end(first, r) for r in range(4)] == [
        date(2029, 1, 31),
        date(2030, 1, 31),
        date(2031, 1, 31),
        date(2032, 1, 31),
    ]
    assert [notice_deadline(first, r) for r in range(4)] == [
        date(2028, 10, 31),
        date(2029, 10, 31),
        date(2030, 10, 31),
        date(2031, 10, 31),
    ]


def test_notice_deadline_is_anchored_on_the_first_invoice():
    # period_end clamps 29 Feb to 28 Feb 2027; the deadline is still the 29th.
    first = date(2024, 2, 29)
    assert period_end(first) == date(2027, 2, 28)
    assert notice_deadline(first) == date(2026, 11, 29)
    assert add_months(period_end(first), -3) == date(2026, 11, 28)


def test_it_refuses_negative_renewals():
    with pytest.raises(ValueError):
        period_end(date(2026, 1, 1), -1)
    with pytest.raises(ValueError):
        notice_deadline(date(2026, 1, 1), -1)


@given(first_invoices, renewal_counts)
def test_notice_deadline_comes_before_period_end(first, renewals):
    deadline = notice_deadline(first, renewals)
    end = period_end(first, renewals)
    assert deadline < end
    assert timedelta(days=89) <= end - deadline <= timedelta(days=92)


@given(first_invoices, renewal_counts)
def test_period_end_is_a_quarterly_invoice_date(first, renewals):
    assert period_end(first, renewals) == invoice_date(first, 12 + 4 * renewals)
    assert notice_deadline(first, renewals) == invoice_date(first, 11 + 4 * renewals)


@given(first_invoices, renewal_counts)
def test_period_ends_strictly_increase(first, renewals):
    assert period_end(first, renewals) < period_end(first, renewals + 1)


def test_renewals_at_examples():
    first = date(2026, 1, 31)
    assert renewals_at(first, date(2025, 6, 1)) == 0
    assert renewals_at(first, first) == 0
    assert renewals_at(first, date(2029, 1, 30)) == 0
    assert renewals_at(first, date(2029, 1, 31)) == 1
    assert renewals_at(first, date(2030, 1, 30)) == 1
    assert renewals_at(first, date(2030, 1, 31)) == 2
    assert renewals_at(first, date(2040, 6, 1)) == 12


@given(first_invoices, st.integers(min_value=-400, max_value=20_000))
def test_renewals_at_finds_the_period_containing_today(first, offset):
    today = first + timedelta(days=offset)
    renewals = renewals_at(first, today)
    assert today < period_end(first, renewals)
    if renewals:
        assert period_end(first, renewals - 1) <= today
