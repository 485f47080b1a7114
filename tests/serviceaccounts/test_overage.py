"""Active application accounts count as named users (art. 11, 14)."""

from datetime import date

import pytest

from portal.serviceaccounts.models import ServiceAccount
from subscriptions import selectors, services
from tests.subscriptions.factories import add_line, catalogue
from tests.subscriptions.test_services import at


@pytest.fixture
def contract(organisation, vendor_admin):
    products = catalogue()
    contract = organisation.contract
    add_line(contract, products["expert"], 2)
    add_line(contract, products["data"], 2)
    add_line(contract, products["m365"], 2)
    return services.set_access_codes_sent(
        contract=contract, sent_on=date(2025, 1, 31), actor=vendor_admin, now=at(date(2025, 1, 31))
    )


def _account(organisation, kind, status, login):
    return ServiceAccount.objects.create(
        organisation=organisation,
        kind=kind,
        login=login,
        holder="Robot",
        status=status,
        created_at=at(date(2025, 2, 1)),
    )


def test_active_application_accounts_are_named_users(
    contract, organisation, other_organisation, client_admin, client_user
):
    kind, status = ServiceAccount.Kind, ServiceAccount.Status
    _account(organisation, kind.APPLICATION, status.ACTIVE, "paie")
    # Not counted: system accounts, deactivated or pending ones, other organisations'.
    _account(organisation, kind.SYSTEM, status.ACTIVE, "sauvegarde")
    _account(organisation, kind.APPLICATION, status.DEACTIVATED, "ancien")
    _account(organisation, kind.APPLICATION, status.REQUESTED, "futur")
    _account(other_organisation, kind.APPLICATION, status.ACTIVE, "autre")

    assert selectors.active_named_users(organisation) == 3

    [overage] = services.detect_overages(contract_id=contract.pk, now=at(date(2025, 3, 1)))
    assert (overage.kind, overage.ordered, overage.measured) == ("named_users", 2, 3)
