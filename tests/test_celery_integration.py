"""A real Celery worker on a real Redis delivers the e-mail queued after commit."""

import time

import pytest
from django.core import mail

from portal.accounts.services import invite_user
from tests.celery_helpers import redis_worker


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_invitation(client_admin):
    with redis_worker():
        invite_user(
            actor=client_admin,
            organisation=client_admin.organisation,
            email="reel@durand.test",
        )
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["reel@durand.test"]]
