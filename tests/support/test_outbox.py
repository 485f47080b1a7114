"""The broker is down when a Demande is filed: it is saved, and the sweep sends
the acknowledgment later, exactly once."""

import pytest
from django.core import mail

from portal.core import tasks
from support.models import Demande
from tests.support.factories import file


@pytest.mark.django_db
def test_the_acknowledgment_survives_a_broker_outage(
    client_user, monkeypatch, django_capture_on_commit_callbacks, send_queued_emails
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demande = file(client_user)
    assert callbacks  # the enqueue ran after commit, and failed
    assert Demande.objects.filter(pk=demande.pk).exists()
    assert mail.outbox == []

    assert send_queued_emails() == 1
    assert send_queued_emails() == 0
    (ack,) = mail.outbox
    assert demande.reference in ack.subject
