"""Celery workers killed with SIGKILL, and two beats at once (issue 16 items 5, 6; issue 11).

Real worker and beat processes on the fault tests' PostgreSQL and Redis; the
e-mails they send land in a folder, one file per message, so the test counts
what went out.
"""

import json
import time

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from portal.celery import app
from portal.core import emails
from portal.core.models import BeatLock, OutboundEmail
from support.models import Demande, DemandeEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.faults.conftest import kill, process_env, start_process, wait_until
from tests.faults.mailbox import sent
from tests.faults.test_redis import broker_on
from tests.support.factories import file

pytestmark = [pytest.mark.faults]

DEMANDES = 120
WORKER = ["worker", "--pool=solo", "--without-mingle", "--without-gossip", "-l", "INFO"]


def _send(task_name: str, url: str) -> None:
    """What beat does every minute: put the periodic task on the broker."""
    with broker_on(url):
        app.send_task(task_name)


def test_workers_killed_mid_sweep_and_mid_send_lose_and_repeat_nothing(
    postgres, redis_server, tmp_path
):
    user = UserFactory(organisation=OrganisationFactory(), email="client@worker.test")
    for number in range(DEMANDES):  # filed in March 2026: every délai is long past
        file(user, subject=f"Demande {number}")
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    env = process_env(
        redis_server.url,
        EMAIL_BACKEND="tests.faults.mailbox.FileMailbox",
        FAULTS_MAILBOX=str(mailbox),
        OUTBOX_CLAIM_LEASE_SECONDS="3",
    )
    breaches = DemandeEvent.objects.filter(action=DemandeEvent.Action.BREACHED)

    # 1. Killed in the middle of the deadline sweep.
    worker = start_process(WORKER, env, tmp_path / "worker1.log")
    _send("support.tasks.sweep_deadlines", redis_server.url)
    assert wait_until(lambda: breaches.exists(), timeout=60, step=0.02)
    kill(worker)
    assert breaches.count() < DEMANDES, "the sweep finished before the kill"

    # 2. Killed while sending an e-mail (slow mail server).
    worker = start_process(WORKER, {**env, "FAULTS_MAIL_PAUSE": "1"}, tmp_path / "worker2.log")
    _send("support.tasks.sweep_deadlines", redis_server.url)
    _send("portal.core.tasks.sweep_outbox", redis_server.url)
    assert wait_until(lambda: (tmp_path / "sending").exists(), timeout=60, step=0.02)
    kill(worker)
    assert OutboundEmail.objects.filter(claimed_at__isnull=False, sent_at__isnull=True).exists()

    # 3. A restarted worker and the sweep every few seconds, as beat would.
    restarted = time.monotonic()
    worker = start_process(WORKER, env, tmp_path / "worker3.log")
    unsent = OutboundEmail.objects.filter(sent_at__isnull=True)
    try:
        for _ in range(30):
            _send("support.tasks.sweep_deadlines", redis_server.url)
            _send("portal.core.tasks.sweep_outbox", redis_server.url)
            if wait_until(lambda: not unsent.exists() and breaches.count() == DEMANDES, timeout=3):
                break
    finally:
        kill(worker)
    assert time.monotonic() - restarted < 60  # reclaimed within a minute

    # Every breach recorded once, every e-mail sent once.
    assert breaches.count() == DEMANDES
    assert breaches.values("demande").distinct().count() == DEMANDES
    assert Demande.objects.filter(take_in_charge_breached_at__isnull=True).count() == 0
    outbox = list(OutboundEmail.objects.all())
    assert sum(e.kind == "support.acknowledgment" for e in outbox) == DEMANDES
    assert not unsent.exists()
    delivered = sent(mailbox)
    assert sorted(delivered) == sorted(emails.message_id(e).strip("<>") for e in outbox)


def test_two_beats_send_each_periodic_task_once(postgres, redis_server, tmp_path):
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="probe", task="faults.probe", interval=every_second)
    env = process_env(redis_server.url)
    beat = ["beat", "-l", "INFO", "--max-interval", "1"]
    beats = [start_process(beat, env, tmp_path / f"beat{n}.log") for n in (1, 2)]
    try:
        assert wait_until(lambda: _probes(redis_server) >= 2, timeout=60)
        time.sleep(3)  # both beats are up by now
        before = _probes(redis_server)
        time.sleep(10)
        during = _probes(redis_server) - before
    finally:
        for process in beats:
            kill(process)
    assert 5 <= during <= 12, during  # two beats both sending would give about 20
    assert BeatLock.objects.count() == 1


def _probes(redis_server) -> int:
    messages = redis_server.client().lrange("celery", 0, -1)
    return sum(json.loads(m)["headers"]["task"] == "faults.probe" for m in messages)
