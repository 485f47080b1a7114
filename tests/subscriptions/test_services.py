from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, IllegalStateChange
from subscriptions import services
from subscriptions.models import Contract, ContractLine, Invoice
from tests.subscriptions.factories import TariffFactory, add_line, catalogue

PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def products(db):
    return catalogue()


@pytest.fixture
def contract(organisation, products):
    contract = organisation.contract
    add_line(contract, products["expert"], 5)
    add_line(contract, products["m365"], 5)
    return contract


# Orders and amendments ---------------------------------------------------------------------


def test_an_order_captures_the_tariff_in_force(contract, products, vendor_admin):
    TariffFactory(
        product=products["data"], unit_price=Decimal("18.00"), effective_from=date(2025, 3, 1)
    )

    [line] = services.order_lines(
        contract=contract,
        items=[(products["data"], 5)],
        actor=vendor_admin,
        now=at(date(2025, 4, 2)),
    )

    assert line.unit_price == Decimal("18.00")
    assert line.ordered_on == date(2025, 4, 2)
    assert AuditEvent.objects.filter(action="subscriptions.order").exists()


def test_it_refuses_a_data_ouverture_quantity_different_from_production(
    contract, products, vendor_admin
):
    with pytest.raises(DomainError) as error:
        services.order_lines(
            contract=contract,
            items=[(products["data"], 3)],
            actor=vendor_admin,
            now=at(date(2025, 4, 2)),
        )
    assert "article 17" in error.value.message
    assert not contract.lines.filter(product=products["data"]).exists()


def test_an_additional_sale_of_cegid_expert_needs_its_pack_and_seats(
    contract, products, vendor_admin
):
    services.order_lines(
        contract=contract,
        items=[(products["data"], 5)],
        actor=vendor_admin,
        now=at(date(2025, 4, 2)),
    )
    with pytest.raises(DomainError) as error:
        services.order_lines(
            contract=contract,
            items=[(products["expert"], 2)],
            actor=vendor_admin,
            now=at(date(2025, 5, 2)),
        )
    assert "article 17" in error.value.message and "article 16" in error.value.message

    services.order_lines(
        contract=contract,
        items=[(products["expert"], 2), (products["data"], 2), (products["m365"], 2)],
        actor=vendor_admin,
        now=at(date(2025, 5, 2)),
    )
    assert contract.lines.count() == 6


def test_it_refuses_too_few_microsoft_365_seats(organisation, products, vendor_admin):
    with pytest.raises(DomainError) as error:
        services.order_lines(
            contract=organisation.contract,
            items=[(products["expert"], 4), (products["m365"], 3)],
            actor=vendor_admin,
            now=at(date(2025, 4, 2)),
        )
    assert "il en manque 1" in error.value.message
    assert not ContractLine.objects.exists()


def test_ending_a_line_is_refused_when_it_breaks_a_rule(contract, products, vendor_admin):
    seats = contract.lines.get(product=products["m365"])
    with pytest.raises(DomainError):
        services.end_line(line=seats, actor=vendor_admin, now=at(date(2025, 4, 2)))
    seats.refresh_from_db()
    assert seats.ended_on is None


def test_adding_an_optional_service_mid_term_changes_no_date(contract, products, vendor_admin):
    contract = services.set_access_codes_sent(
        contract=contract, sent_on=date(2024, 1, 31), actor=vendor_admin, now=at(date(2024, 2, 1))
    )
    today = date(2025, 6, 10)
    before = (contract.current_period_end(today), contract.notice_deadline_on(today))

    services.order_lines(
        contract=contract, items=[(products["service"], 1)], actor=vendor_admin, now=at(today)
    )

    contract.refresh_from_db()
    assert contract.access_codes_sent_on == date(2024, 1, 31)
    assert (contract.current_period_end(today), contract.notice_deadline_on(today)) == before
    assert before == (date(2027, 1, 31), date(2026, 10, 31))


# Access codes, status, notice ----------------------------------------------------------------


def test_a_contract_is_pending_until_access_codes_are_sent(contract, vendor_admin):
    assert contract.status_on(date(2025, 1, 1)) == Contract.Status.PENDING
    services.set_access_codes_sent(
        contract=contract, sent_on=date(2025, 1, 15), actor=vendor_admin, now=at(date(2025, 1, 16))
    )
    contract.refresh_from_db()
    assert contract.support_started_on == date(2025, 1, 2)  # already set: kept
    assert contract.status_on(date(2025, 1, 16)) == Contract.Status.INITIAL_TERM
    assert contract.next_invoice_on == date(2025, 1, 15)
    assert contract.status_on(date(2028, 1, 15)) == Contract.Status.RENEWED
    assert contract.renewals_on(date(2029, 1, 15)) == 2


def test_access_codes_date_cannot_be_in_the_future(contract, vendor_admin):
    with pytest.raises(DomainError):
        services.set_access_codes_sent(
            contract=contract,
            sent_on=date(2025, 2, 1),
            actor=vendor_admin,
            now=at(date(2025, 1, 16)),
        )


def _started(contract, vendor_admin, first=date(2024, 1, 31)):
    services.set_access_codes_sent(
        contract=contract, sent_on=first, actor=vendor_admin, now=at(first)
    )
    contract.refresh_from_db()
    return contract


def test_a_notice_in_time_ends_the_contract_at_the_end_of_the_period(contract, vendor_admin):
    contract = _started(contract, vendor_admin)
    services.record_notice(
        contract=contract,
        party=Contract.Party.CLIENT,
        received_on=date(2026, 10, 31),  # the deadline itself
        actor=vendor_admin,
        now=at(date(2026, 11, 2)),
    )
    contract.refresh_from_db()
    assert contract.ends_on == date(2027, 1, 31)
    assert contract.status_on(date(2026, 12, 1)) == Contract.Status.NOTICE_GIVEN
    assert contract.status_on(date(2027, 1, 31)) == Contract.Status.ENDED


def test_a_late_notice_is_recorded_for_the_next_period(contract, vendor_admin):
    # art. 15: after the 31 October 2026 deadline the contract is renewed for a year;
    # the letter ends that renewal instead of being lost.
    contract = _started(contract, vendor_admin)
    services.record_notice(
        contract=contract,
        party=Contract.Party.CLIENT,
        received_on=date(2026, 11, 1),
        actor=vendor_admin,
        now=at(date(2026, 11, 2)),
    )
    contract.refresh_from_db()
    assert contract.notice_received_on == date(2026, 11, 1)
    assert contract.ends_on == date(2028, 1, 31)
    assert contract.current_period_last_day(date(2027, 6, 1)) == date(2028, 1, 30)
    assert contract.status_on(date(2027, 2, 1)) == Contract.Status.NOTICE_GIVEN
    assert contract.status_on(date(2028, 1, 31)) == Contract.Status.ENDED
    audit = AuditEvent.objects.get(action="subscriptions.notice")
    assert audit.data["late"] is True and audit.data["missed_deadline"] == "2026-10-31"


def test_the_contract_says_its_last_day_and_when_the_deadline_has_passed(contract, vendor_admin):
    contract = _started(contract, vendor_admin)  # first invoice 31 January 2024
    assert contract.current_period_last_day(date(2026, 10, 31)) == date(2027, 1, 30)
    assert contract.passed_notice(date(2026, 10, 31)) is None  # the deadline day is in time
    assert contract.passed_notice(date(2026, 11, 1)) == (date(2026, 10, 31), date(2027, 1, 31))


def test_an_ended_contract_takes_no_order_and_says_when_it_ended(contract, products, vendor_admin):
    contract = _started(contract, vendor_admin)
    services.record_notice(
        contract=contract,
        party=Contract.Party.VENDOR,
        received_on=date(2026, 10, 1),
        actor=vendor_admin,
        now=at(date(2026, 10, 2)),
    )
    with pytest.raises(IllegalStateChange) as error:
        services.order_lines(
            contract=contract,
            items=[(products["service"], 1)],
            actor=vendor_admin,
            now=at(date(2027, 2, 1)),
        )
    assert "a pris fin le 30 janvier 2027 au soir" in error.value.message


def test_an_order_without_a_tariff_in_force_is_refused_with_the_date(
    contract, products, vendor_admin
):
    late = TariffFactory(effective_from=date(2026, 1, 1)).product
    with pytest.raises(DomainError) as error:
        services.order_lines(
            contract=contract, items=[(late, 1)], actor=vendor_admin, now=at(date(2025, 4, 2))
        )
    assert error.value.message == (f"Aucun tarif de {late.name} n'est en vigueur le 2 avril 2025.")
    assert not contract.lines.filter(product=late).exists()


def test_a_notice_during_a_renewal_ends_that_renewal(contract, vendor_admin):
    contract = _started(contract, vendor_admin)
    services.record_notice(
        contract=contract,
        party=Contract.Party.VENDOR,
        received_on=date(2027, 5, 1),
        actor=vendor_admin,
        now=at(date(2027, 5, 2)),
    )
    contract.refresh_from_db()
    assert contract.ends_on == date(2028, 1, 31)
    assert contract.renewals_on(date(2027, 6, 1)) == 1


def test_a_notice_on_a_pending_contract_is_refused(contract, vendor_admin):
    with pytest.raises(IllegalStateChange):
        services.record_notice(
            contract=contract,
            party="client",
            received_on=date(2025, 1, 1),
            actor=vendor_admin,
            now=at(date(2025, 1, 2)),
        )


# Invoices -----------------------------------------------------------------------------------


def test_the_first_invoice_is_dated_on_the_access_codes_day(contract, vendor_admin):
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    [invoice] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 1, 31)))
    assert invoice.issued_on == date(2025, 1, 31)
    assert (invoice.period_start, invoice.period_end) == (date(2025, 1, 31), date(2025, 4, 30))
    assert invoice.number == "F-2025-000001"
    # 5 × 80 + 5 × 12.50 per month, three months in advance
    assert invoice.total_excl_tax == Decimal("1387.50")
    assert invoice.vat_amount == Decimal("277.50")
    assert invoice.total_incl_tax == Decimal("1665.00")
    assert invoice.lines.count() == 2


def test_the_invoice_job_run_twice_issues_one_invoice(contract, vendor_admin):
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    now = at(date(2025, 1, 31))
    assert len(services.issue_due_invoices(contract_id=contract.pk, now=now)) == 1
    assert services.issue_due_invoices(contract_id=contract.pk, now=now) == []
    assert Invoice.objects.count() == 1


def test_the_invoice_job_catches_up_after_downtime(contract, vendor_admin):
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))

    issued = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 8, 1)))

    assert [invoice.issued_on for invoice in issued] == [
        date(2025, 1, 31),
        date(2025, 4, 30),
        date(2025, 7, 31),
    ]
    assert [invoice.number for invoice in issued] == [
        "F-2025-000001",
        "F-2025-000002",
        "F-2025-000003",
    ]
    contract.refresh_from_db()
    assert contract.next_invoice_on == date(2025, 10, 31)


def test_invoice_numbers_have_no_gap_across_contracts(
    contract, vendor_admin, other_organisation, products
):
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    other = other_organisation.contract
    add_line(other, products["expert"], 1)
    add_line(other, products["m365"], 1)
    other = _started(other, vendor_admin, first=date(2025, 2, 3))
    services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 5, 1)))
    services.issue_due_invoices(contract_id=other.pk, now=at(date(2025, 5, 1)))
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"F-2025-{n:06d}" for n in range(1, 4)]


def test_an_issued_invoice_keeps_its_lines_when_prices_change(contract, products, vendor_admin):
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    [invoice] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 1, 31)))
    TariffFactory(
        product=products["expert"], unit_price=Decimal("99.00"), effective_from=date(2025, 2, 1)
    )
    services.order_lines(
        contract=contract,
        items=[(products["expert"], 1), (products["m365"], 1)],
        actor=vendor_admin,
        now=at(date(2025, 2, 10)),
    )
    invoice.refresh_from_db()
    assert invoice.total_excl_tax == Decimal("1387.50")
    [second] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 4, 30)))
    assert second.total_excl_tax == Decimal("1387.50") + Decimal("99.00") * 3 + Decimal("12.50") * 3


def test_no_invoice_after_the_end_of_the_contract(contract, vendor_admin):
    contract = _started(contract, vendor_admin, first=date(2024, 1, 31))
    services.record_notice(
        contract=contract,
        party="client",
        received_on=date(2026, 6, 1),
        actor=vendor_admin,
        now=at(date(2026, 6, 1)),
    )
    services.issue_due_invoices(contract_id=contract.pk, now=at(date(2027, 6, 1)))
    assert Invoice.objects.count() == 12
    assert Invoice.objects.order_by("-sequence").first().period_end == date(2027, 1, 31)


def test_the_database_refuses_a_second_invoice_for_the_same_quarter(contract, vendor_admin):
    from django.db import IntegrityError, transaction

    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    [invoice] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 1, 31)))
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            contract=contract,
            sequence=0,
            number="F-2025-999999",
            issued_on=invoice.issued_on,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            total_excl_tax=0,
            vat_rate=20,
            vat_amount=0,
            total_incl_tax=0,
            customer_name="x",
        )


def test_ending_a_line_stops_billing_it_from_the_next_invoice(contract, products, vendor_admin):
    service = services.order_lines(
        contract=contract,
        items=[(products["service"], 1)],
        actor=vendor_admin,
        now=at(date(2025, 1, 2)),
    )[0]
    contract = _started(contract, vendor_admin, first=date(2025, 1, 31))
    [first] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 1, 31)))
    services.end_line(line=service, actor=vendor_admin, now=at(date(2025, 2, 15)))
    [second] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 4, 30)))
    assert first.total_excl_tax - second.total_excl_tax == Decimal("150.00")
    assert AuditEvent.objects.filter(action="subscriptions.end_line").exists()


@pytest.mark.parametrize("who", ["client_admin", "agent"])
def test_only_a_vendor_administrator_changes_a_contract(request, who, organisation):
    actor = request.getfixturevalue(who)
    contract = organisation.contract
    with pytest.raises(DomainError, match="administrateurs de l'éditeur"):
        services.record_notice(
            contract=contract, party="client", received_on=date(2025, 3, 1), actor=actor
        )
    with pytest.raises(DomainError, match="administrateurs de l'éditeur"):
        services.order_lines(contract=contract, items=[], actor=actor)
    assert not AuditEvent.objects.filter(action__startswith="subscriptions.").exists()
