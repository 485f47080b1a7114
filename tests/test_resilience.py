"""Fail-open cache and broker, the 503 on a dropped database, readiness, the beat
lease and the outbox's Message-ID (issue 16). The real faults: tests/faults/."""

import json
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from portal.core import beat, failopen, resilience
from portal.core.emails import message_id
from portal.core.failopen import FailOpenRedisCache


@pytest.fixture(autouse=True)
def _closed_breakers():
    failopen.CACHE_BREAKER.reset()
    failopen.BROKER_BREAKER.reset()
    yield
    failopen.CACHE_BREAKER.reset()
    failopen.BROKER_BREAKER.reset()


def test_a_cache_on_a_dead_redis_behaves_as_an_empty_cache():
    cache = FailOpenRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    before = failopen.FAILURES["cache"]
    assert cache.get("k", "default") == "default"
    assert cache.add("lock", True) is True
    cache.set("k", 1)
    assert cache.get_many(["a"]) == {}
    assert failopen.FAILURES["cache"] >= before + 4
    assert failopen.CACHE_BREAKER.is_open


def test_one_redis_client_serves_every_operation_of_a_process():
    cache = FailOpenRedisCache("redis://127.0.0.1:1/0", {})
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads and writes share its pool


def test_publishing_to_a_dead_broker_is_skipped_then_left_alone():
    class DeadBroker:
        calls = 0

        def delay(self, *args):
            self.calls += 1
            raise ConnectionRefusedError

    task = DeadBroker()
    assert failopen.publish(task, 1) is False
    assert failopen.publish(task, 2) is False
    assert task.calls == 1  # the breaker is open: no second wait on the broker


def _raising(request, error):
    try:
        raise error
    except Exception:
        return resilience.server_error(request)


def test_a_dropped_database_connection_is_a_503_in_french_with_retry_after():
    page = _raising(RequestFactory().get("/demandes/"), OperationalError("terminating"))
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "momentanément indisponible" in page.content.decode()


def test_the_api_gets_its_503_in_json():
    api = _raising(RequestFactory().get("/api/v1/demandes/"), OperationalError("down"))
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert "indisponible" in json.loads(api.content)["detail"]


def test_other_errors_stay_500():
    assert _raising(RequestFactory().get("/"), ValueError("bug")).status_code == 500


def test_readiness_reports_database_cache_and_broker(client, db):
    body = client.get("/healthz/ready/").json()
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert body["status"] == "ok"


def test_one_beat_holds_the_lease_until_it_expires(db):
    now = timezone.now()
    assert beat.acquire(holder="a", now=now)
    assert not beat.acquire(holder="b", now=now + timedelta(seconds=10))
    assert beat.acquire(holder="a", now=now + timedelta(seconds=10))  # renewed
    assert beat.acquire(holder="b", now=now + beat.LEASE + timedelta(seconds=11))
    assert not beat.acquire(holder="a", now=now + beat.LEASE + timedelta(seconds=12))


def test_a_released_lease_is_taken_at_once(db):
    beat.acquire(holder="a")
    beat.release(holder="a")
    assert beat.acquire(holder="b")


def test_an_email_keeps_its_message_id(db):
    from portal.core.models import OutboundEmail

    email = OutboundEmail.objects.create(to=["x@y.test"], subject="s", body_text="b",
                                         kind="k", created_at=timezone.now())  # fmt: skip
    assert message_id(email) == message_id(OutboundEmail.objects.get(pk=email.pk))
    assert message_id(email).startswith(f"<outbox-{email.pk}.")


def test_the_api_page_size_is_a_parameter_with_a_bound(login, client_user):
    from tests.support.factories import file

    for number in range(3):
        file(client_user, subject=f"Demande {number}")
    client = login(client_user)
    assert len(client.get("/api/v1/demandes/?page_size=2").json()["results"]) == 2
    assert len(client.get("/api/v1/demandes/?page_size=100000").json()["results"]) == 3
    from portal.core.pagination import BoundedPageNumberPagination

    assert BoundedPageNumberPagination.max_page_size == 200
