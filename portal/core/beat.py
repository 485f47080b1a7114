"""Exactly one beat: django-celery-beat's scheduler behind a lease in the database.

Two beats started by mistake would each send every periodic task (harmless
today since every task claims its rows, but wasteful and a trap for the next
task). Each tick, the scheduler renews its lease with a conditional UPDATE;
a beat that does not hold it sends nothing and tries again a few seconds
later, so it takes over within ``LEASE`` when the holder dies.

Use: ``celery -A portal beat -S portal.core.beat:LockedDatabaseScheduler``
(the default through ``CELERY_BEAT_SCHEDULER``).
"""

import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from portal.core.models import BeatLock

logger = logging.getLogger(__name__)

LOCK_NAME = "celery-beat"
LEASE = timedelta(seconds=30)
#: A beat never sleeps longer than this, so it renews well within the lease.
MAX_SLEEP = 5.0


def acquire(*, holder: str, now=None, name: str = LOCK_NAME) -> bool:
    """Take or renew the lease; False when another live beat holds it."""
    now = now or timezone.now()
    expires_at = now + LEASE
    mine_or_free = Q(holder=holder) | Q(expires_at__lt=now)
    if BeatLock.objects.filter(mine_or_free, name=name).update(
        holder=holder, expires_at=expires_at
    ):
        return True
    try:
        with transaction.atomic():
            BeatLock.objects.create(name=name, holder=holder, expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def release(*, holder: str, name: str = LOCK_NAME) -> None:
    BeatLock.objects.filter(name=name, holder=holder).delete()


class LockedDatabaseScheduler(DatabaseScheduler):
    """``DatabaseScheduler`` that sends tasks only while it holds the lease."""

    def __init__(self, *args, **kwargs):
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.is_leader = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        try:
            leader = acquire(holder=self.holder)
        except DatabaseError as error:  # database restarting: send nothing, try again
            logger.warning("beat lock unavailable: %s", error)
            leader = False
        if leader != self.is_leader:
            logger.warning("beat %s %s", self.holder, "leads" if leader else "idles")
            self.is_leader = leader
        if not leader:
            return MAX_SLEEP
        return min(super().tick(*args, **kwargs), MAX_SLEEP)

    def close(self):
        super().close()
        if self.is_leader:
            with contextlib.suppress(DatabaseError):  # else the lease expires by itself
                release(holder=self.holder)
