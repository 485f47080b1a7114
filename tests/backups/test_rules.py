"""Retention of the portal's restore points (art. 9): J-1 … J-7 and M-1, M-2 every day."""

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.core.backup_rules import oldest_target, points_to_keep, serving_point
from portal.status.restore_points import restore_points


def nightly(day: date, hour: int = 23) -> datetime:
    return datetime.combine(day, time(hour, 30))


def test_it_keeps_every_night_since_m_minus_2_and_nothing_older():
    today = date(2026, 11, 29)
    taken = [nightly(today - timedelta(days=n)) for n in range(120)]

    kept = points_to_keep(taken, today)

    assert min(kept).date() == date(2026, 9, 29) == oldest_target(today)
    assert len(kept) == (today - date(2026, 9, 29)).days + 1  # 62 nights
    for point in restore_points(today):
        assert serving_point(kept, point.target_date).date() == point.target_date


def test_it_keeps_the_latest_backup_of_a_day_only():
    today = date(2026, 11, 29)
    morning, evening = datetime(2026, 11, 28, 9), nightly(date(2026, 11, 28))

    assert points_to_keep([morning, evening], today) == {evening}


def test_a_missed_night_on_m_minus_2_keeps_the_one_before():
    today = date(2026, 11, 29)  # M-2 = 29 September: no backup that night
    taken = [nightly(date(2026, 9, 27)), nightly(date(2026, 9, 28)), nightly(date(2026, 9, 30))]

    assert points_to_keep(taken, today) == {taken[1], taken[2]}


def test_the_newest_backup_is_kept_even_when_old_and_a_future_one_too():
    today = date(2026, 11, 29)
    old = nightly(date(2025, 1, 1))
    future = nightly(date(2026, 12, 5))  # clock set back: not ours to judge

    assert points_to_keep([old], today) == {old}
    assert points_to_keep([old, future], today) == {old, future}
    assert points_to_keep([], today) == set()


def test_month_ends_are_clamped_as_restore_points_are():
    today = date(2026, 5, 31)  # M-2 = 31 March, M-1 = 30 April
    taken = [nightly(date(2026, 3, 1) + timedelta(days=n)) for n in range(92)]

    kept = points_to_keep(taken, today)

    assert min(kept).date() == date(2026, 3, 31)


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=1, max_value=200),
    missed=st.sets(st.integers(min_value=0, max_value=199), max_size=60),
    extra=st.sets(st.integers(min_value=0, max_value=199), max_size=20),
)
def test_pruning_every_night_never_changes_what_a_restore_point_restores(
    start, days, missed, extra
):
    """Simulated nights (some missed, some with a manual run too), pruned after each
    run: on every day, each promised restore point is restored from the same backup
    as if nothing had ever been deleted."""
    everything: set[datetime] = set()
    kept: set[datetime] = set()
    for offset in range(days):
        today = start + timedelta(days=offset)
        runs = [] if offset in missed else [nightly(today)]
        if offset in extra:
            runs.append(nightly(today, hour=10))
        everything |= set(runs)
        kept = points_to_keep(kept | set(runs), today)
        assert kept <= everything
        for point in restore_points(today):
            target = point.target_date
            assert serving_point(kept, target) == serving_point(everything, target)
        assert len(kept) <= 64
