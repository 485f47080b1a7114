"""Redis stopped while clients sign in, read and file (issue 16 item 3; issue 11).

Rate limits and cache fail open, publishing to the broker is skipped within a
bounded time, and once Redis is back a real worker sends every acknowledgment,
each once.
"""

import time
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.celery import app
from portal.core import failopen
from portal.core.models import OutboundEmail
from portal.core.tasks import sweep_outbox
from support.models import Demande
from tests.celery_helpers import _forget_connections, redis_worker
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.faults.conftest import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

#: No request may wait on a stopped Redis longer than this (seconds).
BOUND = 1.5


@contextmanager
def broker_on(url: str):
    """The app publishes to the test's Redis, with the production transport options."""
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url = url
    app.conf.broker_transport_options = dict(django_settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    _forget_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = saved
        _forget_connections()


def _timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def test_redis_stopped_signs_in_reads_and_files_then_sends_each_ack_once(redis_server):
    user = UserFactory(organisation=OrganisationFactory(), email="client@redis.test")
    client = Client()
    with broker_on(redis_server.url):
        redis_server.stop()
        failopen.CACHE_BREAKER.reset()
        failopen.BROKER_BREAKER.reset()

        login, took = _timed(
            lambda: client.post(
                reverse("account_login"), {"login": user.email, "password": PASSWORD}
            )
        )
        assert login.status_code == 302 and took < BOUND, (login.status_code, took)
        listing, took = _timed(lambda: client.get("/api/v1/demandes/"))
        assert listing.status_code == 200 and took < BOUND

        for number in range(3):
            filed, took = _timed(
                lambda n=number: client.post(
                    "/api/v1/demandes/",
                    {
                        "subject": f"Panne Redis {n}",
                        "kind": "customer_service",
                        "category": "billing",
                    },  # fmt: skip
                )
            )
            assert filed.status_code == 201 and took < BOUND, (filed.status_code, took)
        token = client.get(reverse("support:create")).context["filing_token"]
        form, took = _timed(
            lambda: client.post(
                reverse("support:create"),
                {
                    "subject": "Panne Redis, formulaire",
                    "kind": "customer_service",
                    "category": "billing",
                    "filing_token": token,
                },  # fmt: skip
            )
        )
        assert form.status_code == 302 and took < BOUND, (form.status_code, took)
        assert failopen.FAILURES["cache"] and failopen.FAILURES["broker"]

    filed = Demande.objects.filter(requester=user)
    assert filed.count() == 4
    acknowledgments = OutboundEmail.objects.filter(kind="support.acknowledgment")
    assert acknowledgments.count() == 4 and not acknowledgments.filter(sent_at__isnull=False)

    # Redis is back: the periodic sweep, through the broker, to a real worker.
    redis_server.start()
    failopen.BROKER_BREAKER.reset()
    with redis_worker():
        sweep_outbox.delay()
        assert wait_until(
            lambda: not acknowledgments.filter(sent_at__isnull=True).exists(), timeout=30
        )
        sweep_outbox.delay()  # a second sweep finds nothing to send
        time.sleep(1)
    subjects = sorted(message.subject for message in mail.outbox)
    references = sorted(filed.values_list("reference", flat=True))
    assert len(subjects) == 4  # lost: 0, duplicated: 0
    assert all(any(ref in subject for subject in subjects) for ref in references)
