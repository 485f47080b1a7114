"""The deadline sweep: warn at 75 % of a délai, mark breaches (art. 12.2-12.3).

Every deadline is a stored column with its warning instant beside it, so one
step is a handful of range queries on small partial indexes (only pending
timers are in them): cheap when nothing is due. Each row is claimed with a
conditional UPDATE before anything is sent, so two sweeps never warn twice,
and a sweep after downtime catches up with everything that fell due. The
claim, the event and the queued e-mail commit together: a worker killed
mid-step rolls back and the next minute's sweep claims the row again.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from support.deadlines import DEADLINES, Deadline
from support.models import Demande, DemandeEvent
from support.services.common import log_event, notify_deadline

logger = logging.getLogger(__name__)

BATCH = 500


def sweep_deadlines(*, now: datetime | None = None, batch: int = BATCH) -> dict[str, int]:
    """One step: returns how many warnings and breaches were handled."""
    now = now or timezone.now()
    done = {"warned": 0, "breached": 0}
    for deadline in DEADLINES:
        done["warned"] += _sweep(deadline, now, batch, breach=False)
        done["breached"] += _sweep(deadline, now, batch, breach=True)
    return done


def _sweep(deadline: Deadline, now: datetime, batch: int, *, breach: bool) -> int:
    instant, mark = (
        (deadline.due_at, deadline.breached_at)
        if breach
        else (deadline.warn_at, deadline.warned_at)
    )
    # A warning is due at its instant; a breach only once the deadline has passed:
    # meeting it at the deadline instant itself is on time.
    lookup = "lt" if breach else "lte"
    pending = {
        f"{instant}__{lookup}": now,
        f"{mark}__isnull": True,
        f"{deadline.met_at}__isnull": True,
    }
    ids = list(
        Demande.objects.filter(**pending).order_by(instant).values_list("pk", flat=True)[:batch]
    )
    handled = 0
    for pk in ids:
        try:
            handled += _claim(pk, pending, deadline, mark, now, breach=breach)
        except Exception:  # one bad row must not stop the others
            logger.exception("deadline sweep failed for Demande %s", pk)
    return handled


def _claim(
    pk: int,
    pending: dict[str, object],
    deadline: Deadline,
    mark: str,
    now: datetime,
    *,
    breach: bool,
) -> int:
    # The breach instant is the deadline itself, whenever the sweep notices it.
    fields = {mark: F(deadline.due_at), "is_breached": True} if breach else {mark: now}
    with transaction.atomic():
        if not Demande.objects.filter(pk=pk, **pending).update(**fields):
            return 0  # another sweep, or the agent, got there first
        demande = Demande.objects.select_related("organisation", "assignee").get(pk=pk)
        due = deadline.due(demande)
        if not breach and due is not None and due < now:
            return 1  # caught up after downtime: the breach notice says it all
        log_event(
            demande,
            actor=None,
            action=DemandeEvent.Action.BREACHED if breach else DemandeEvent.Action.WARNED,
            now=now,
            public=False,
            data={"deadline": deadline.key},
        )
        notify_deadline(demande, deadline=deadline, breached=breach, now=now)
    return 1
