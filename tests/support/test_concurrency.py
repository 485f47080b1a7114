"""Agents and clients acting at the same moment (PostgreSQL; SQLite serialises
writers, so the races cannot happen there and the tests are skipped)."""

import threading

import pytest
from django.db import connection, connections

from portal.accounts.models import Role
from portal.core.errors import IllegalStateChange
from support.models import Demande
from support.services import DemandeDraft, file_demande, take_in_charge
from tests.factories import StaffFactory
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db(transaction=True)
AGENTS = 6


def _race(count, work):
    barrier = threading.Barrier(count)
    outcomes, lock = [], threading.Lock()

    def run(index):
        try:
            barrier.wait()
            result = work(index)
        except IllegalStateChange:
            result = "refused"
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a database with concurrent writers (PostgreSQL)")
    yield
    # The acknowledgments were published on the in-memory broker, which makes
    # Celery cache its queue routing: forget it so later tests start afresh.
    from portal.celery import app

    app.__dict__.pop("amqp", None)


def test_of_agents_taking_the_same_demande_at_once_exactly_one_wins(client_user):
    demande = file(client_user)
    agents = [StaffFactory(role=Role.AGENT) for _ in range(AGENTS)]

    def take(index):
        copy = Demande.objects.get(pk=demande.pk)
        take_in_charge(demande=copy, agent=agents[index], now=MONDAY_10)
        return "won"

    outcomes = _race(AGENTS, take)
    assert sorted(outcomes) == ["refused"] * (AGENTS - 1) + ["won"]
    assert Demande.objects.get(pk=demande.pk).events.filter(action="taken_in_charge").count() == 1


def test_references_filed_at_once_are_unique_and_without_gaps(client_user):
    def create(index):
        return file_demande(
            requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject=f"n° {index}")
        ).reference

    outcomes = _race(AGENTS, create)
    assert sorted(outcomes) == [f"D-2026-{n:06d}" for n in range(1, AGENTS + 1)]
