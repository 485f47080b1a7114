"""The incidents' list is written without the serializer (issue 11): the same JSON as
IncidentSerializer, the API's contract; one query when the caller follows no service."""

import json
from datetime import timedelta

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from portal.status import selectors
from portal.status.api import IncidentSerializer
from portal.status.models import Incident
from tests.status.conftest import paris
from tests.status.factories import IncidentFactory, ServiceFactory

pytestmark = pytest.mark.django_db
INCIDENTS = "/api/v1/incidents/"
NOW = paris(2026, 11, 3, 10, 0)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_gives_what_the_serializer_gives(client_admin, organisation, service):
    not_followed = ServiceFactory(code="autre", name="Autre", subscribers=[])
    IncidentFactory(services=[service, not_followed], description="Connexions lentes")
    IncidentFactory(
        services=[service],
        end=None,
        environment=Incident.Environment.OTHER,
        start=NOW - timedelta(minutes=5),
    )
    IncidentFactory(
        services=[service], organisation=organisation, cause=Incident.Cause.FORCE_MAJEURE
    )

    shown = api(client_admin).get(INCIDENTS).json()["results"]
    incidents = selectors.incidents_for(client_admin)
    expected = json.loads(JSONRenderer().render(IncidentSerializer(incidents, many=True).data))
    assert shown == expected
    assert [list(incident) for incident in shown] == [list(incident) for incident in expected]
    assert len(shown) == 3
    assert {incident["ongoing"] for incident in shown} == {True, False}
    assert {incident["counted"] for incident in shown} == {True, False}
    # Only the services the caller follows are named.
    assert {s["code"] for incident in shown for s in incident["services"]} == {service.code}


def test_following_no_service_costs_one_query(client_admin, django_assert_num_queries):
    IncidentFactory(services=[ServiceFactory(code="autre", name="Autre", subscribers=[])])
    client = api(client_admin)
    client.get(INCIDENTS)
    with django_assert_num_queries(1):
        body = client.get(INCIDENTS).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(INCIDENTS, {"page": 2}).status_code == 404


def test_the_list_costs_the_same_queries_whatever_its_size(
    client_admin, service, django_assert_num_queries
):
    client = api(client_admin)
    for size in (1, 6):
        while Incident.objects.count() < size:
            IncidentFactory(services=[service])
        client.get(INCIDENTS)
        # The services followed, the count, the page and the page's services.
        with django_assert_num_queries(4):
            assert len(client.get(INCIDENTS).json()["results"]) == size
