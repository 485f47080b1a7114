"""A real Celery worker on a real Redis delivers the acknowledgment of a Demande
queued after commit (skipped locally without Redis, fails in CI without it)."""

import time

import pytest
from django.core import mail

from support.services import DemandeDraft, file_demande
from tests.celery_helpers import redis_worker


@pytest.fixture
def fresh_amqp():
    """Forget the queue routing Celery cached when an earlier transactional test
    published on the in-memory broker (the default queue is resolved once)."""
    from portal.celery import app

    app.__dict__.pop("amqp", None)
    yield
    app.__dict__.pop("amqp", None)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_acknowledgment(client_user, fresh_amqp):
    with redis_worker():
        demande = file_demande(
            requester=client_user, draft=DemandeDraft(subject="Import bancaire bloqué")
        )
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[client_user.email]]
    assert demande.reference in mail.outbox[0].subject
