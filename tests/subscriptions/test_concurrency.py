"""Two invoice runs at the same time on PostgreSQL issue each invoice once, without gaps."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from subscriptions import services
from subscriptions.models import Invoice
from tests.subscriptions.factories import started_contract

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_invoice_runs_issue_each_invoice_once(organisation, other_organisation):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs the suite on both)")
    contracts = [
        started_contract(organisation, first=date(2025, 1, 31)),
        started_contract(other_organisation, first=date(2025, 2, 3)),
    ]
    now = datetime(2025, 11, 5, 8, tzinfo=ZoneInfo("Europe/Paris"))
    barrier = threading.Barrier(4)
    errors = []

    def run(contract_id):
        try:
            barrier.wait()
            services.issue_due_invoices(contract_id=contract_id, now=now)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(contract.pk,)) for contract in contracts for _ in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Invoice.objects.count() == 8
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"F-2025-{n:06d}" for n in range(1, 9)]
