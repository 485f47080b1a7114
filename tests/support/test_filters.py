"""One filter class per Demande list validates its query string for the page
and the API alike (``support/filters.py``): a bad value is a French form error
on the page, a 400 with field errors in the API, and changes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from support.filters import AgentQueueFilter, YesNoField
from support.models import Demande
from tests.support.factories import MONDAY_10, file

LIST = "/api/v1/demandes/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _late_and_on_time(client_user):
    late = file(client_user, subject="En retard", now=MONDAY_10 - timedelta(days=3))
    Demande.objects.filter(pk=late.pk).update(is_breached=True)
    on_time = file(client_user, subject="À l'heure")
    return late, on_time


@pytest.mark.parametrize(
    "query,field,message",
    [
        ({"breached": "peut-etre"}, "breached", "Indiquez true ou false."),
        ({"state": "inconnu"}, "state", "inconnu n’en fait pas partie"),
        ({"assignee": "pas-un-uuid"}, "assignee", "Indiquez me, none ou l"),
        ({"formula": "gold"}, "formula", "gold n’en fait pas partie"),
    ],
)
def test_the_queue_page_answers_a_bad_filter_value_with_a_french_form_error(
    login, agent, client_user, query, field, message
):
    _late_and_on_time(client_user)
    response = login(agent).get(reverse("support:queue"), query)
    assert response.status_code == 200
    assert response.context["filters"].errors[field]
    assert message in response.content.decode()
    # The other filters still apply: the open queue, with both Demandes.
    assert len(response.context["page"].object_list) == 2


def test_the_page_and_the_api_agree_on_the_agents_filters(login, agent, client_user):
    late, _on_time = _late_and_on_time(client_user)
    for value in ("on", "true", "1", "yes"):
        page = login(agent).get(reverse("support:queue"), {"breached": value})
        assert [d.reference for d, *_ in page.context["page"].object_list] == [late.reference]
        listed = _api(agent).get(LIST, {"breached": value}).json()["results"]
        assert [row["reference"] for row in listed] == [late.reference]
    for value in ("off", "false", "0", ""):
        page = login(agent).get(reverse("support:queue"), {"breached": value})
        assert len(page.context["page"].object_list) == 2
        assert _api(agent).get(LIST, {"breached": value}).json()["count"] == 2


def test_a_bad_filter_value_is_a_400_with_the_same_message_as_the_page(agent):
    response = _api(agent).get(LIST, {"breached": "peut-etre", "state": "open"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Données invalides")
    assert body["breached"] == ["Indiquez true ou false."]


def test_the_client_list_page_answers_a_bad_state_in_french(login, client_user):
    file(client_user, subject="Ma demande")
    response = login(client_user).get(reverse("support:list"), {"state": "inconnu"})
    assert response.status_code == 200
    assert response.context["filters"].errors["state"]
    assert "Ma demande" in response.content.decode()


def test_the_scope_filter_is_offered_only_with_the_right(login, client_user, client_admin):
    assert "scope" not in login(client_user).get(reverse("support:list")).context["filters"].fields
    assert "scope" in login(client_admin).get(reverse("support:list")).context["filters"].fields


def test_the_queue_page_offers_the_agents_by_name(login, agent):
    page = login(agent).get(reverse("support:queue")).content.decode()
    assert f'<option value="{agent.public_id}">{agent}</option>' in page
    assert '<option value="none">Non attribuées</option>' in page


@pytest.mark.parametrize(
    "value,expected", [("on", True), ("TRUE", True), ("0", False), ("", False), (None, False)]
)
def test_yes_no_words(value, expected):
    assert YesNoField(required=False).clean(value) is expected


def test_the_api_filter_set_does_not_list_the_agents(agent, django_assert_num_queries):
    """The select of agents is the page's; the API's filter set costs no query."""
    from support.filters import DemandeApiFilter

    with django_assert_num_queries(0):
        DemandeApiFilter({}).form  # noqa: B018 - building the form is the point
    assert AgentQueueFilter.offers_agents and not DemandeApiFilter.offers_agents
