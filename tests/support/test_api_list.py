"""The API's Demande list is built from plain values (issue 11): the same JSON as
DemandeSerializer, the API's contract, in two queries of its own whatever the size."""

import json
from datetime import timedelta

import pytest
import time_machine
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from support import services
from support.api import DemandeSerializer
from support.models import Demande
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db
LIST = "/api/v1/demandes/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_serializer_gives(reference: str) -> dict:
    demande = Demande.objects.select_related("organisation", "requester", "assignee").get(
        reference=reference
    )
    return json.loads(JSONRenderer().render(DemandeSerializer(demande).data))


def varied_demandes(client_user, private_user, agent):
    """Registered, taken and qualified, resolved: null and set dates, an assignee, a criticality."""
    file(client_user, subject="Registered")
    taken = file(private_user, subject="Taken")
    services.take_in_charge(demande=taken, agent=agent, now=MONDAY_10 + timedelta(minutes=5))
    services.qualify(
        demande=taken,
        agent=agent,
        qualification=Demande.Qualification.ANOMALIE,
        criticality=Demande.Criticality.MAJOR,
        now=MONDAY_10 + timedelta(minutes=10),
    )
    done = file(client_user, subject="Résolue « vite »")
    services.take_in_charge(demande=done, agent=agent, now=MONDAY_10 + timedelta(minutes=20))
    services.qualify(
        demande=done,
        agent=agent,
        qualification=Demande.Qualification.OTHER,
        now=MONDAY_10 + timedelta(minutes=30),
    )
    services.resolve(demande=done, agent=agent, message="Fait", now=MONDAY_10 + timedelta(hours=2))


@pytest.mark.parametrize("who", ["agent", "client_admin"])
def test_the_list_gives_what_the_serializer_gives(
    who, client_user, client_admin, private_user, agent, request
):
    varied_demandes(client_user, private_user, agent)
    with time_machine.travel(MONDAY_10 + timedelta(hours=3), tick=False):
        query = {"scope": "organisation"} if who == "client_admin" else {}
        results = api(request.getfixturevalue(who)).get(LIST, query).json()["results"]
    # The agent's queue: the open ones; the client's organisation: its two.
    assert len(results) == 2
    for shown in results:
        expected = as_serializer_gives(shown["reference"])
        assert list(shown) == list(expected)
        assert shown == expected
    if who == "agent":
        assert {shown["assignee"] for shown in results} == {None, agent.email}
        assert {shown["criticality"] for shown in results} == {None, 2}
    else:
        assert any(shown["resolved_at"] for shown in results)


def test_the_list_runs_three_queries_of_its_own_whatever_its_size(
    client_user, django_assert_num_queries
):
    """The list's version, the count and the page; the user and the organisation
    are the request's. Read again while no Demande changed: the version alone."""
    client = api(client_user)
    file(client_user)
    client.get(LIST)  # the request's own reads are warm from here
    for size in (2, 12):
        while Demande.objects.count() < size:
            file(client_user)
        with django_assert_num_queries(3):
            assert len(client.get(LIST).json()["results"]) == size
        with django_assert_num_queries(1):
            assert len(client.get(LIST).json()["results"]) == size


def test_a_page_and_its_size(client_user):
    for number in range(5):
        file(client_user, subject=f"Demande {number}")
    client = api(client_user)
    first = client.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page_size=2" in first["next"] and "page=2" in first["next"]
    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get(LIST, {"page_size": 2, "page": 4}).status_code == 404
    # Not a positive number: the default size (50), not an error.
    for size in ("0", "-1", "deux"):
        assert len(client.get(LIST, {"page_size": size}).json()["results"]) == 5


def test_a_bad_filter_is_still_a_400(client_user):
    response = api(client_user).get(LIST, {"state": "perdu"})
    assert response.status_code == 400
    assert "state" in response.json()
