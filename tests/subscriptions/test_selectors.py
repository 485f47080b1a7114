from datetime import date

from subscriptions.selectors import (
    STORAGE_PER_NAMED_USER_BYTES,
    named_users_ordered,
    storage_entitlement_bytes,
)
from tests.subscriptions.factories import add_line, catalogue

TODAY = date(2025, 6, 1)


def test_entitlement_is_zero_without_lines(organisation):
    assert named_users_ordered(organisation, TODAY) == 0
    assert storage_entitlement_bytes(organisation, TODAY) == 0


def test_entitlement_is_5_gib_per_named_user_plus_extensions(organisation):
    products = catalogue()
    contract = organisation.contract
    add_line(contract, products["expert"], 3)
    add_line(contract, products["expert"], 2)  # additional sale
    add_line(contract, products["m365"], 5)
    add_line(contract, products["storage"], 2)

    assert STORAGE_PER_NAMED_USER_BYTES == 5 * 1024**3
    assert named_users_ordered(organisation, TODAY) == 5
    assert storage_entitlement_bytes(organisation, TODAY) == 5 * 5 * 1024**3 + 2 * 10 * 1024**3


def test_lines_ordered_later_or_ended_do_not_count(organisation):
    products = catalogue()
    contract = organisation.contract
    add_line(contract, products["expert"], 3)
    add_line(contract, products["expert"], 4, ordered_on=date(2025, 7, 1))
    ended = add_line(contract, products["expert"], 1)
    ended.ended_on = date(2025, 5, 1)
    ended.save()

    assert named_users_ordered(organisation, TODAY) == 3


def test_vendor_lists_and_invoice_api_do_a_bounded_number_of_queries(
    vendor_admin, client_admin, organisation, django_assert_max_num_queries
):
    import time_machine
    from django.test import Client
    from django.urls import reverse
    from rest_framework.test import APIClient

    from subscriptions.services import issue_all_due_invoices
    from tests.factories import OrganisationFactory
    from tests.subscriptions.factories import issued_invoice, started_contract

    def pages():
        browser = Client()
        browser.force_login(vendor_admin)
        api = APIClient()
        api.force_authenticate(client_admin)
        counts = []
        for name in ["subscriptions:vendor_contracts", "subscriptions:vendor_notice_deadlines"]:
            with django_assert_max_num_queries(12) as context:
                assert browser.get(reverse(name)).status_code == 200
            counts.append(len(context.captured_queries))
        with django_assert_max_num_queries(12) as context:
            assert api.get("/api/v1/invoices/").status_code == 200
        counts.append(len(context.captured_queries))
        return counts

    with time_machine.travel("2027-09-01 10:00 +02:00", tick=False):
        issued_invoice(organisation)
        few = pages()
        for _ in range(5):
            started_contract(OrganisationFactory())
        assert len(issue_all_due_invoices()) > 50
        assert pages() == few
