"""PostgreSQL restarted under the portal's feet (issue 16, items 1, 2, 4; issue 11).

Each test restarts the real cluster at the worst moment and counts what was
lost or duplicated: zero.
"""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from portal.core import emails
from portal.core.models import OutboundEmail
from support.models import Demande
from tests.factories import OrganisationFactory, UserFactory
from tests.support.factories import file

pytestmark = [pytest.mark.faults]


@pytest.fixture
def requester(transactional_db):
    return UserFactory(organisation=OrganisationFactory(), email="client@pannes.test")


class ServerClient(Client):
    """The test client, with the request boundary of a real WSGI server: stale or
    broken connections are closed before each request (the test client skips it)."""

    def request(self, **request):
        close_old_connections()
        return super().request(**request)


def _client(user) -> Client:
    client = ServerClient(raise_request_exception=False)
    client.force_login(user)
    return client


# --- 1. An e-mail sent, then PostgreSQL restarts before it is marked sent -------------


class RestartAfterSending(locmem.EmailBackend):
    """The test mail backend, but the database restarts once the message is out."""

    postgres = None

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        self.postgres.restart()
        return sent


def test_an_email_sent_before_a_restart_is_marked_sent_and_never_resent(
    postgres, requester, settings
):
    file(requester, now=timezone.now())
    email = OutboundEmail.objects.get(kind="support.acknowledgment")
    RestartAfterSending.postgres = postgres
    settings.EMAIL_BACKEND = f"{__name__}.RestartAfterSending"

    assert emails.deliver(email.pk) is True

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    # The claim expires: the sweep finds nothing to resend.
    later = timezone.now() + emails.CLAIM_LEASE + timedelta(minutes=1)
    assert emails.send_pending(now=later) == 0
    assert len(mail.outbox) == 1  # duplicated: 0
    assert mail.outbox[0].extra_headers["Message-ID"] == emails.message_id(email)


# --- 2. A filing commits, then reading it back fails --------------------------------


def test_a_filing_committed_before_a_restart_answers_201_and_a_retry_files_nothing(
    postgres, requester, monkeypatch
):
    from support.api import DemandeViewSet

    answer = DemandeViewSet._answer
    restarts = []

    def restart_then_answer(self, demande, code=200):
        if not restarts:
            restarts.append(postgres.restart())
        return answer(self, demande, code)

    monkeypatch.setattr(DemandeViewSet, "_answer", restart_then_answer)
    client, key = _client(requester), str(uuid.uuid4())
    payload = {"subject": "Le lettrage ne se lance pas", "kind": "customer_service",
               "category": "billing"}  # fmt: skip

    first = client.post("/api/v1/demandes/", payload, HTTP_IDEMPOTENCY_KEY=key)
    retry = client.post("/api/v1/demandes/", payload, HTTP_IDEMPOTENCY_KEY=key)

    assert restarts, "the database was not restarted"
    assert first.status_code == 201, first.content
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert first.json()["reference"] == retry.json()["reference"]
    assert Demande.objects.filter(requester=requester).count() == 1  # ghost Demandes: 0
    acknowledgments = OutboundEmail.objects.filter(kind="support.acknowledgment")
    assert acknowledgments.count() == 1


# --- 4. Requests while PostgreSQL is down, and after --------------------------------


def test_requests_while_the_database_is_down_get_503_then_succeed(postgres, requester):
    client = _client(requester)
    assert client.get("/demandes/").status_code == 200
    postgres.stop()
    try:
        page = client.get("/demandes/")
        api = client.get("/api/v1/demandes/")
        filing = client.post("/api/v1/demandes/", {"subject": "Pendant la panne"})
        ready = ServerClient().get("/healthz/ready/")  # the load balancer: no session
    finally:
        postgres.start()
    assert page.status_code == 503 and page["Retry-After"]
    assert "momentanément indisponible" in page.content.decode()
    assert "Traceback" not in page.content.decode()
    assert api.status_code == 503 and api.json()["detail"]
    assert filing.status_code == 503
    assert ready.status_code == 503 and ready.json()["checks"]["database"] == "unavailable"
    # Back without restarting anything.
    assert client.get("/demandes/").status_code == 200
    assert client.get("/api/v1/demandes/").status_code == 200
    assert ServerClient().get("/healthz/ready/").json()["checks"]["database"] == "ok"


def test_a_read_that_meets_a_restart_is_retried_once_on_a_fresh_connection(postgres, requester):
    client = _client(requester)
    restarts = []

    def restart_on_first_query(execute, sql, params, many, context):
        if not restarts:
            restarts.append(postgres.restart())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(restart_on_first_query):
        response = client.get("/demandes/")
    assert restarts
    assert response.status_code == 200
