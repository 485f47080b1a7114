from datetime import date
from decimal import Decimal

import pytest

from portal.audit.models import AuditEvent
from portal.core.errors import IllegalStateChange
from subscriptions import selectors, services
from subscriptions.models import Overage
from tests.factories import UserFactory
from tests.subscriptions.factories import TariffFactory, add_line, catalogue
from tests.subscriptions.test_services import at


@pytest.fixture
def products(db):
    return catalogue()


@pytest.fixture
def contract(organisation, products, vendor_admin):
    contract = organisation.contract
    add_line(contract, products["expert"], 2)
    add_line(contract, products["data"], 2)
    add_line(contract, products["m365"], 2)
    return services.set_access_codes_sent(
        contract=contract, sent_on=date(2025, 1, 31), actor=vendor_admin, now=at(date(2025, 1, 31))
    )


def test_no_overage_within_what_was_ordered(contract, client_admin, client_user):
    assert services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1))) == []


def test_active_users_above_ordered_create_one_overage_per_period(
    contract, client_admin, client_user, organisation
):
    UserFactory(organisation=organisation)
    UserFactory(organisation=organisation, is_active=False)  # invited, not a named user yet

    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    services.detect_overages(contract_id=contract.pk, now=at(date(2025, 4, 29)))

    assert Overage.objects.count() == 1
    assert (overage.kind, overage.ordered, overage.measured) == ("named_users", 2, 3)
    assert overage.period_start == date(2025, 1, 31)
    assert AuditEvent.objects.filter(action="subscriptions.overage_detected").count() == 1

    services.detect_overages(contract_id=contract.pk, now=at(date(2025, 4, 30)))
    assert Overage.objects.count() == 2  # a new billing period


def test_storage_above_entitlement_is_detected(contract, client_admin, monkeypatch):
    monkeypatch.setattr(selectors, "storage_used_bytes", lambda organisation: 11 * 1024**3)
    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    assert overage.kind == Overage.Kind.STORAGE
    assert overage.ordered == 10 * 1024**3


def test_confirming_a_user_overage_orders_users_pack_and_seats_at_the_tariff_in_force(
    contract, products, client_admin, client_user, organisation, vendor_admin
):
    UserFactory(organisation=organisation)
    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    TariffFactory(
        product=products["expert"], unit_price=Decimal("90.00"), effective_from=date(2025, 3, 1)
    )

    overage = services.confirm_overage(
        overage=overage, actor=vendor_admin, now=at(date(2025, 3, 2))
    )

    assert overage.status == Overage.Status.CONFIRMED
    # per quarter: 2 × (80 + 15 + 12.50) × 3 before, + (90 + 15 + 12.50) × 3 after
    assert overage.quarterly_before == Decimal("645.00")
    assert overage.quarterly_after == Decimal("997.50")
    assert selectors.named_users_ordered(organisation, date(2025, 3, 2)) == 3
    event = AuditEvent.objects.get(action="subscriptions.overage_confirmed")
    assert event.data["before"] == "645.00" and event.data["after"] == "997.50"

    # applied from the next invoice, not to the ones already issued
    [first] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 1, 31)))
    assert first.total_excl_tax == Decimal("645.00")
    [second] = services.issue_due_invoices(contract_id=contract.pk, now=at(date(2025, 4, 30)))
    assert second.total_excl_tax == Decimal("997.50")


def test_confirming_a_storage_overage_orders_extensions(
    contract, products, client_admin, organisation, vendor_admin, monkeypatch
):
    monkeypatch.setattr(selectors, "storage_used_bytes", lambda organisation: 21 * 1024**3)
    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    services.confirm_overage(overage=overage, actor=vendor_admin, now=at(date(2025, 3, 2)))
    assert contract.lines.get(product=products["storage"]).quantity == 2
    assert selectors.storage_entitlement_bytes(organisation, date(2025, 3, 2)) == 30 * 1024**3


def test_an_overage_is_confirmed_once(
    contract, client_admin, client_user, organisation, vendor_admin
):
    UserFactory(organisation=organisation)
    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    services.confirm_overage(overage=overage, actor=vendor_admin, now=at(date(2025, 3, 2)))
    with pytest.raises(IllegalStateChange):
        services.confirm_overage(overage=overage, actor=vendor_admin, now=at(date(2025, 3, 2)))
    assert contract.lines.count() == 6


def test_an_overage_that_disappears_is_resolved(contract, client_admin, client_user, organisation):
    extra = UserFactory(organisation=organisation)
    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    extra.is_active = False
    extra.save()
    services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 2)))
    overage.refresh_from_db()
    assert overage.status == Overage.Status.RESOLVED


def test_client_admins_are_told_of_an_overage_once(
    contract, client_admin, client_user, organisation, send_queued_emails
):
    from django.core import mail

    UserFactory(organisation=organisation)
    services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 2)))
    send_queued_emails()
    [message] = mail.outbox
    assert message.to == [client_admin.email]
    assert "3 utilisateurs actifs pour 2 utilisateurs nommés commandés" in message.body
    assert "/abonnement/" in message.body
