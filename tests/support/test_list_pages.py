"""The list pages (issue 11, cheaper requests): a page's keys come first, then its
rows as plain values (support/list_rows.py). What they show must be what the
Demande itself says, and a page costs the same few queries whatever the data."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from support.deadlines import business_time_left
from support.list_rows import CLIENT_FIELDS, QUEUE_FIELDS, client_rows, queue_rows
from support.models import Demande
from support.services import qualify, take_in_charge
from tests.support.factories import MONDAY_10, file

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.request_cost_urls")]

#: The queue's own queries: its count, its page's rows, the agents' select.
QUEUE_QUERIES = 3
#: The client list's: its count, its page's rows, the organisation and its
#: contract (the formula), the support hours' calendar.
CLIENT_LIST_QUERIES = 5


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def _queries(client, url, django_assert_max_num_queries, data=None) -> int:
    client.get(url, data)  # the session's first request costs more
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url, data).status_code == 200
    return len(captured)


def test_queue_rows_say_what_each_demande_says(agent, client_user):
    waiting = file(client_user, subject="Attend")
    taken = file(client_user, subject="Prise", now=MONDAY_10 - timedelta(hours=1))
    take_in_charge(demande=taken, agent=agent)
    qualify(demande=taken, agent=agent, qualification="anomalie", criticality=1)
    late = file(client_user, subject="En retard", now=MONDAY_10 - timedelta(days=3))
    now = MONDAY_10 + timedelta(days=1, hours=2)
    rows = queue_rows(Demande.objects.order_by("registered_at").values(*QUEUE_FIELDS), now)
    assert [row.reference for row in rows] == [late.reference, taken.reference, waiting.reference]
    for row in rows:
        demande = Demande.objects.get(reference=row.reference)
        assert row.left == business_time_left(demande, now)
        assert row.overdue == demande.is_overdue(now)
        assert row.state == demande.get_state_display()
        assert row.url == reverse("support:detail", args=[demande.reference])
        assert row.late == row.overdue  # none is marked breached yet
    assert [row.overdue for row in rows] == [True, False, True]
    assert rows[1].assignee == str(agent) and rows[1].criticality == 1
    assert rows[2].assignee == "—"


def test_client_rows_say_what_each_demande_says(client_user):
    demande = file(client_user, subject="Export FEC")
    (row,) = client_rows(Demande.objects.filter(pk=demande.pk).values(*CLIENT_FIELDS))
    assert row.requester == str(client_user)
    assert row.nature == demande.get_kind_display()
    assert row.state == demande.get_state_display()
    assert row.registered_iso.startswith("2026-03-02T10:00:00")
    assert row.registered_text == "02/03/2026 10:00"


def test_the_queue_costs_three_queries_of_its_own_whatever_its_size(
    login, agent, client_user, django_assert_max_num_queries
):
    client = login(agent)
    empty = _queries(client, "/__page-vide__/", django_assert_max_num_queries)
    file(client_user)
    one = _queries(client, reverse("support:queue"), django_assert_max_num_queries)
    for _ in range(30):
        file(client_user)
    many = _queries(client, reverse("support:queue"), django_assert_max_num_queries, {"page": 2})
    assert one - empty <= QUEUE_QUERIES
    assert many == one


def test_the_queue_table_alone_does_not_read_the_agents(
    login, agent, client_user, django_assert_max_num_queries
):
    client = login(agent)
    file(client_user)
    page = _queries(client, reverse("support:queue"), django_assert_max_num_queries)
    client.defaults["HTTP_HX_REQUEST"] = "true"
    table = _queries(client, reverse("support:queue"), django_assert_max_num_queries)
    assert table == page - 1


def test_the_client_list_costs_five_queries_of_its_own_whatever_its_size(
    login, client_admin, client_user, django_assert_max_num_queries
):
    client = login(client_admin)
    empty = _queries(client, "/__page-vide__/", django_assert_max_num_queries)
    url = reverse("support:list")
    file(client_user)
    one = _queries(client, url, django_assert_max_num_queries, {"scope": "organisation"})
    for _ in range(30):
        file(client_user)
    many = _queries(
        client, url, django_assert_max_num_queries, {"scope": "organisation", "page": 2}
    )
    assert one - empty <= CLIENT_LIST_QUERIES
    assert many == one
