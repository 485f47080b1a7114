"""E-mails survive a broker outage and are never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from portal.core import emails
from portal.core.models import OutboundEmail
from portal.core.tasks import send_email, sweep_outbox

pytestmark = pytest.mark.django_db


def _queue(**kwargs):
    return emails.queue_email(
        to=["a@x.test"],
        template="accounts/email/invitation",
        context={
            "user": {"first_name": "Ana", "email": "a@x.test"},
            "organisation": {"name": "Org"},
            "link": "http://x/invitation/t/",
        },
        kind="test",
        **kwargs,
    )


def test_broker_down_the_email_is_kept_and_swept_once(monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(send_email, "delay", broker_down)
    with TestCase.captureOnCommitCallbacks(execute=True):
        email = _queue()
    assert OutboundEmail.objects.get(pk=email.pk).sent_at is None
    assert sweep_outbox() == 1
    assert sweep_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_delivered_task_and_the_sweep_do_not_both_send():
    email = _queue()
    assert send_email(email.pk) is True
    assert send_email(email.pk) is False
    assert sweep_outbox() == 0
    assert len(mail.outbox) == 1


def test_an_email_claimed_by_a_killed_worker_is_retried_after_the_lease():
    email = _queue()
    now = timezone.now()
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_at=now)
    assert emails.send_pending(now=now) == 0
    assert emails.send_pending(now=now + emails.CLAIM_LEASE + timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1


def test_dedup_key_queues_once():
    assert _queue(dedup_key="k1") is not None
    assert _queue(dedup_key="k1") is None
    assert OutboundEmail.objects.count() == 1
