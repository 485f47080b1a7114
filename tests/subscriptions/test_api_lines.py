"""The contract's lines through the API are read as values (issue 11): the same JSON
as LineSerializer, the API's contract, in one query (two when there is no line)."""

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from subscriptions import selectors
from subscriptions.api import LineSerializer
from subscriptions.models import ContractLine, Product
from tests.subscriptions.factories import add_line, started_contract

pytestmark = pytest.mark.django_db
LINES = "/api/v1/contract/lines/"
TODAY = "2025-03-10 10:00 +01:00"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@time_machine.travel(TODAY, tick=False)
def test_the_lines_give_what_the_serializer_gives(client_admin, organisation):
    contract = started_contract(organisation)
    m365 = Product.objects.get(code="m365")
    ending = add_line(contract, m365, 3, ordered_on=date(2025, 2, 1), unit_price=Decimal("7.5"))
    ContractLine.objects.filter(pk=ending.pk).update(ended_on=date(2025, 6, 30))
    ended = add_line(contract, m365, 1, ordered_on=date(2024, 2, 1))
    ContractLine.objects.filter(pk=ended.pk).update(ended_on=date(2025, 1, 31))

    shown = api(client_admin).get(LINES).json()
    expected = json.loads(
        JSONRenderer().render(LineSerializer(selectors.contract_lines(contract), many=True).data)
    )
    assert shown == expected
    assert [list(line) for line in shown] == [list(line) for line in expected]
    assert len(shown) == 3 and str(ended.public_id) not in {line["id"] for line in shown}
    assert {line["ended_on"] for line in shown} == {None, "2025-06-30"}
    assert "7.50" in {line["unit_price"] for line in shown}


@time_machine.travel(TODAY, tick=False)
def test_one_query_with_lines_two_without(client_admin, organisation, django_assert_num_queries):
    client = api(client_admin)
    client.get(LINES)
    with django_assert_num_queries(2):
        assert client.get(LINES).json() == []
    started_contract(organisation)
    with django_assert_num_queries(1):
        assert len(client.get(LINES).json()) == 2


def test_an_organisation_without_a_contract_gets_404(client_admin, organisation):
    organisation.contract.delete()
    assert api(client_admin).get(LINES).status_code == 404
