from datetime import date

import time_machine

from subscriptions import tasks
from subscriptions.models import Invoice, Overage
from subscriptions.schedule import BEAT_SCHEDULE
from tests.factories import UserFactory
from tests.subscriptions.factories import started_contract


def test_the_tasks_are_scheduled():
    names = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert names == {
        "subscriptions.tasks.issue_due_invoices",
        "subscriptions.tasks.detect_overages",
    }


def test_the_invoice_task_run_twice_issues_one_invoice(organisation):
    started_contract(organisation, first=date(2025, 1, 31))
    with time_machine.travel("2025-01-31 08:00 +01:00", tick=False):
        assert tasks.issue_due_invoices() == 1
        assert tasks.issue_due_invoices() == 0
    assert Invoice.objects.count() == 1


def test_the_invoice_task_catches_up_after_downtime(organisation):
    started_contract(organisation, first=date(2025, 1, 31))
    with time_machine.travel("2025-01-30 23:00 +01:00", tick=False):
        assert tasks.issue_due_invoices() == 0
    with time_machine.travel("2025-11-02 08:00 +01:00", tick=False):
        assert tasks.issue_due_invoices() == 4
        assert tasks.issue_due_invoices() == 0
    assert list(Invoice.objects.order_by("sequence").values_list("sequence", "issued_on")) == [
        (0, date(2025, 1, 31)),
        (1, date(2025, 4, 30)),
        (2, date(2025, 7, 31)),
        (3, date(2025, 10, 31)),
    ]


def test_the_invoice_date_is_the_paris_day(organisation):
    """At 00:30 in Paris on 31 January it is still 30 January in UTC."""
    started_contract(organisation, first=date(2025, 1, 31))
    with time_machine.travel("2025-01-31 00:30 +01:00", tick=False):
        assert tasks.issue_due_invoices() == 1


def test_the_overage_task_is_idempotent(organisation, client_admin):
    started_contract(organisation, first=date(2025, 1, 31), users=1)
    UserFactory(organisation=organisation)
    with time_machine.travel("2025-02-10 08:00 +01:00", tick=False):
        assert tasks.detect_overages() == 1
        assert tasks.detect_overages() == 1
    assert Overage.objects.count() == 1


def test_a_catch_up_numbers_invoices_in_date_order_across_contracts(
    organisation, other_organisation
):
    started_contract(organisation, first=date(2025, 1, 31))
    started_contract(other_organisation, first=date(2025, 2, 3))
    with time_machine.travel("2025-06-01 08:00 +02:00", tick=False):
        assert tasks.issue_due_invoices() == 4
    rows = list(Invoice.objects.order_by("number").values_list("issued_on", flat=True))
    assert rows == sorted(rows)
    assert rows == [date(2025, 1, 31), date(2025, 2, 3), date(2025, 4, 30), date(2025, 5, 3)]
