"""The Demande lists read from the cache under their version (support/list_cache.py).

The version is the database's (migration 0011's trigger): every insert and
update of a Demande moves it, whoever writes — a form, a service, a bulk
``UPDATE`` — so a list never shows a Demande as it was.
"""

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from portal.accounts.models import Role
from portal.accounts.rights import Right
from support.list_cache import demandes_version
from support.models import Demande
from support.services import take_in_charge
from tests.factories import StaffFactory
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db

QUEUE = reverse("support:queue")
MINE = reverse("support:list")
API = "/api/v1/demandes/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def test_every_write_moves_the_version_of_the_demandes_organisation(client_user, outsider):
    start, theirs = (
        demandes_version(client_user.organisation_id),
        demandes_version(outsider.organisation_id),
    )
    demande = file(client_user)
    after_filing = demandes_version(client_user.organisation_id)
    assert after_filing > start and demandes_version() == after_filing
    demande.subject = "Autre objet"
    demande.save()
    after_save = demandes_version(client_user.organisation_id)
    assert after_save > after_filing
    # A bulk UPDATE, as the deadline sweep writes: no code of the portal runs per row.
    Demande.objects.filter(pk=demande.pk).update(is_breached=True)
    assert demandes_version(client_user.organisation_id) > after_save
    assert demandes_version(outsider.organisation_id) == theirs


def test_each_row_of_a_bulk_update_gets_its_own_version(client_user):
    file(client_user)
    file(client_user)
    Demande.objects.update(is_breached=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT list_version FROM support_demande")
        versions = [version for (version,) in cursor.fetchall()]
    assert len(set(versions)) == 2 and min(versions) > 0


def test_a_list_read_again_unchanged_reads_its_version_alone(
    login, agent, client_user, django_assert_num_queries
):
    file(client_user)
    client = login(agent)
    client.get(QUEUE)
    # The session, the user, the list's version and the agents (the filters' select).
    with django_assert_num_queries(4) as warm:
        client.get(QUEUE)
    assert "MAX(list_version)" in warm.captured_queries[2]["sql"]


def test_the_queue_shows_a_bulk_update_at_once(login, agent, client_user):
    demande = file(client_user, subject="Bientôt en retard")
    client = login(agent)
    assert "Bientôt en retard" not in client.get(QUEUE, {"breached": "on"}).content.decode()
    Demande.objects.filter(pk=demande.pk).update(is_breached=True)
    assert "Bientôt en retard" in client.get(QUEUE, {"breached": "on"}).content.decode()


def test_a_client_list_shows_a_change_of_state_at_once(login, agent, client_user):
    demande = file(client_user)
    client = login(client_user)
    assert "Enregistrée" in client.get(MINE).content.decode()
    take_in_charge(demande=demande, agent=agent)
    assert "Prise en charge" in client.get(MINE).content.decode()


def test_the_api_list_shows_a_new_demande_at_once(client_user):
    client = APIClient()
    client.force_authenticate(client_user)
    file(client_user, subject="Première")
    assert client.get(API).json()["count"] == 1
    file(client_user, subject="Seconde")
    listed = client.get(API).json()
    assert listed["count"] == 2
    assert {row["subject"] for row in listed["results"]} == {"Première", "Seconde"}


def test_each_agent_has_their_own_list_of_mine(login, agent, client_user):
    other = StaffFactory(role=Role.AGENT, email="autre@editeur.test")
    mine, theirs = file(client_user, subject="Pour moi"), file(client_user, subject="Pour Nadia")
    take_in_charge(demande=mine, agent=agent)
    take_in_charge(demande=theirs, agent=other)
    first = login(agent).get(QUEUE, {"assignee": "me", "state": "taken_in_charge"})
    second = login(other).get(QUEUE, {"assignee": "me", "state": "taken_in_charge"})
    assert "Pour moi" in first.content.decode() and "Pour Nadia" not in first.content.decode()
    assert "Pour Nadia" in second.content.decode() and "Pour moi" not in second.content.decode()


def test_a_right_withdrawn_is_not_answered_from_the_cache(login, client_user, client_admin):
    file(client_admin, subject="Celle de Sophie")
    client_user.rights = [Right.SEE_ORG_DEMANDES, Right.FILE_DEMANDES]
    client_user.save()
    client = login(client_user)
    listed = client.get(MINE, {"scope": "organisation"}).content.decode()
    assert "Celle de Sophie" in listed
    client_user.rights = [Right.FILE_DEMANDES]
    client_user.save()
    listed = client.get(MINE, {"scope": "organisation"}).content.decode()
    assert "Celle de Sophie" not in listed


def test_the_api_list_links_name_the_host_that_was_asked(client_user):
    for number in range(3):
        file(client_user, subject=f"Demande {number}")
    client = APIClient()
    client.force_authenticate(client_user)
    first = client.get(API, {"page_size": 2}, HTTP_HOST="localhost").json()
    second = client.get(API, {"page_size": 2}, HTTP_HOST="127.0.0.1").json()
    assert first["next"].startswith("http://localhost/")
    assert second["next"].startswith("http://127.0.0.1/")
