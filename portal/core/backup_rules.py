"""Which restore points of the portal to keep (art. 9). Pure; no Django.

Art. 9 promises that an environment "puisse être restauré à l'état de J-1 à
J-7 en jours calendaires, de M-1 à M-2". The portal keeps the same promise for
itself, with the restore points ``portal.status.restore_points`` already
defines for clients (M-1 is the same day one month before, clamped).

A restore point is named by the day it was taken (Paris time). The backup of
day D holds the state at the end of D (it runs late in the evening), and the
restore point of a target day T is the *latest backup taken on T*, or, when
none ran that day, the latest one before T (an older state, never a later one).

Why more than nine points are kept: M-1 and M-2 slide by one day every day,
so tomorrow's M-2 is today's M-2 plus one day. A store holding only today's
nine points could not serve tomorrow's M-2. Keeping every day since today's M-2
is the smallest set that keeps the promise every day (about 62 points; unchanged
media files are hard-linked between points, so they cost their size once).
"""

from collections.abc import Iterable
from datetime import date, datetime

from portal.status.restore_points import restore_points


def oldest_target(today: date) -> date:
    """The oldest day a restore point may name on ``today`` (M-2)."""
    return min(point.target_date for point in restore_points(today))


def serving_point(taken: Iterable[datetime], target: date) -> datetime | None:
    """The backup that restores the state of ``target``: the latest taken that day or before."""
    candidates = [moment for moment in taken if moment.date() <= target]
    return max(candidates, default=None)


def points_to_keep(taken: Iterable[datetime], today: date) -> set[datetime]:
    """The backups to keep on ``today``; every other one may be deleted.

    ``taken``: when each backup was taken, as Paris wall-clock datetimes.
    Kept: the latest backup of each day from today's M-2 to today, the one
    serving M-2 when no backup ran on that day, the newest backup whatever
    its age (never left with nothing), and any dated after today (a clock
    set back: not ours to judge).
    """
    taken = set(taken)
    if not taken:
        return set()
    start = oldest_target(today)
    latest_of_day: dict[date, datetime] = {}
    for moment in taken:
        day = moment.date()
        if day not in latest_of_day or moment > latest_of_day[day]:
            latest_of_day[day] = moment
    keep = {moment for day, moment in latest_of_day.items() if start <= day <= today}
    keep |= {moment for moment in taken if moment.date() > today}
    keep.add(max(taken))
    before_start = serving_point(taken, start)
    if before_start is not None:
        keep.add(before_start)
    return keep
