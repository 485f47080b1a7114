from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.subscriptions.factories import issued_invoice, started_contract

TODAY = "2025-03-10 10:00 +01:00"


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@time_machine.travel(TODAY, tick=False)
def test_contract_of_the_callers_organisation(api, client_admin, organisation):
    started_contract(organisation)
    data = api(client_admin).get("/api/v1/contract/").json()
    assert data["organisation"] == str(organisation.public_id)
    assert data["status"] == "initial_term"
    assert data["access_codes_sent_on"] == "2025-01-31"
    assert data["notice_deadline"] == "2027-10-31"
    assert data["current_period_last_day"] == "2028-01-30"
    assert data["next_invoice_on"] == "2025-01-31"  # due, not yet issued
    assert data["named_users_ordered"] == 2
    assert Decimal(data["quarterly_amount"]) == Decimal("555.00")


@time_machine.travel(TODAY, tick=False)
def test_lines_and_usage(api, client_admin, organisation):
    started_contract(organisation)
    lines = api(client_admin).get("/api/v1/contract/lines/").json()
    assert {line["product_code"] for line in lines} == {"cegid-expert", "m365"}
    usage = api(client_admin).get("/api/v1/contract/usage/").json()
    assert usage == {
        "named_users_ordered": 2,
        "named_users_active": 1,
        "storage_entitlement": 10 * 1024**3,
        "storage_used": 0,
        "named_users_over": False,
        "storage_over": False,
    }


@time_machine.travel(TODAY, tick=False)
def test_invoices_are_scoped(api, client_admin, outsider, organisation, other_organisation):
    invoice = issued_invoice(organisation)
    issued_invoice(other_organisation)
    data = api(client_admin).get("/api/v1/invoices/").json()
    results = data["results"] if isinstance(data, dict) else data
    assert [row["number"] for row in results] == [invoice.number]
    detail = api(client_admin).get(f"/api/v1/invoices/{invoice.public_id}/").json()
    assert detail["total_excl_tax"] == str(invoice.total_excl_tax)
    assert len(detail["lines"]) == 2
    assert api(outsider).get(f"/api/v1/invoices/{invoice.public_id}/").status_code == 404
    pdf = api(client_admin).get(f"/api/v1/invoices/{invoice.public_id}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@time_machine.travel(TODAY, tick=False)
def test_the_api_is_read_only(api, client_admin, organisation):
    invoice = issued_invoice(organisation)
    client = api(client_admin)
    assert client.post("/api/v1/invoices/", {}).status_code == 405
    assert client.delete(f"/api/v1/invoices/{invoice.public_id}/").status_code == 405
    assert client.post("/api/v1/contract/", {}).status_code == 405


@time_machine.travel(TODAY, tick=False)
def test_an_outsider_reads_only_their_own_contract(api, outsider, organisation):
    started_contract(organisation)
    client = api(outsider)
    data = client.get("/api/v1/contract/").json()
    assert data["organisation"] == str(outsider.organisation.public_id)
    assert data["named_users_ordered"] == 0 and data["access_codes_sent_on"] is None
    assert client.get("/api/v1/contract/lines/").json() == []
    assert client.get("/api/v1/contract/usage/").json()["named_users_ordered"] == 0
