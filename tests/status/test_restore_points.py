"""Restore points of art. 9: J-1 … J-7 and M-1, M-2 from the current date."""

from datetime import date

import pytest

from portal.status.restore_points import find_restore_point, restore_points


def test_it_offers_seven_days_and_two_months_most_recent_first():
    points = restore_points(date(2026, 11, 27))
    assert [p.code for p in points] == [
        "J-1", "J-2", "J-3", "J-4", "J-5", "J-6", "J-7", "M-1", "M-2",
    ]  # fmt: skip
    assert points[0].target_date == date(2026, 11, 26)
    assert points[6].target_date == date(2026, 11, 20)
    assert points[7].target_date == date(2026, 10, 27)
    assert points[8].target_date == date(2026, 9, 27)


def test_days_cross_month_and_year_boundaries():
    points = {p.code: p.target_date for p in restore_points(date(2027, 1, 3))}
    assert points["J-3"] == date(2026, 12, 31)
    assert points["J-7"] == date(2026, 12, 27)
    assert points["M-1"] == date(2026, 12, 3)
    assert points["M-2"] == date(2026, 11, 3)


def test_months_clamp_to_the_last_day():
    points = {p.code: p.target_date for p in restore_points(date(2026, 3, 31))}
    assert points["M-1"] == date(2026, 2, 28)
    assert points["M-2"] == date(2026, 1, 31)


def test_label_reads_in_french():
    point = find_restore_point("J-1", date(2026, 11, 2))
    assert point.label == "J-1 — état du dimanche 1er novembre 2026"


@pytest.mark.parametrize("code", ["J-0", "J-8", "M-3", "M-0", "", "hier", "J-1 ; DROP"])
def test_a_point_that_does_not_exist_is_none(code):
    assert find_restore_point(code, date(2026, 11, 27)) is None


def test_code_is_read_case_insensitively():
    assert find_restore_point(" m-2 ", date(2026, 11, 27)).code == "M-2"
