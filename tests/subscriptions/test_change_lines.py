"""Reductions validated as a whole (art. 16, 17): no deadlock on Expert 10 + 2 and pack 10 + 2."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from subscriptions import selectors, services
from tests.subscriptions.factories import add_line, catalogue

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 2, 10, tzinfo=ZoneInfo("Europe/Paris"))
TODAY = NOW.date()


@pytest.fixture
def products(db):
    return catalogue()


@pytest.fixture
def lines(organisation, products):
    contract = organisation.contract
    return {
        "expert_10": add_line(contract, products["expert"], 10),
        "expert_2": add_line(contract, products["expert"], 2, ordered_on=date(2024, 6, 1)),
        "pack_10": add_line(contract, products["data"], 10),
        "pack_2": add_line(contract, products["data"], 2, ordered_on=date(2024, 6, 1)),
        "m365": add_line(contract, products["m365"], 12),
    }


def _quantities(lines, **new):
    return {str(lines[name].public_id): quantity for name, quantity in new.items()}


def _in_force(contract):
    return sorted(
        (line.product.code, line.quantity) for line in selectors.active_lines(contract, TODAY)
    )


@pytest.mark.parametrize("name", ["expert_2", "pack_2", "pack_10"])
def test_ending_one_line_alone_is_still_refused(lines, vendor_admin, name):
    with pytest.raises(DomainError, match="article 17"):
        services.end_line(line=lines[name], actor=vendor_admin, now=NOW)


def test_named_users_go_down_when_expert_2_and_pack_2_end_together(
    organisation, lines, vendor_admin
):
    services.change_lines(
        contract=organisation.contract,
        quantities=_quantities(lines, expert_2=0, pack_2=0),
        actor=vendor_admin,
        now=NOW,
    )
    assert _in_force(organisation.contract) == [
        ("cegid-expert", 10),
        ("data-ouverture", 10),
        ("m365", 12),
    ]
    assert AuditEvent.objects.get(action="subscriptions.change_lines").data["lines"]


def test_the_pack_can_be_dropped_altogether(organisation, lines, vendor_admin):
    services.change_lines(
        contract=organisation.contract,
        quantities=_quantities(lines, pack_10=0, pack_2=0),
        actor=vendor_admin,
        now=NOW,
    )
    assert [code for code, _q in _in_force(organisation.contract)] == [
        "cegid-expert",
        "cegid-expert",
        "m365",
    ]


def test_a_reduction_keeps_the_unit_price_and_the_rest_of_the_state_is_checked(
    organisation, lines, vendor_admin
):
    [reduced] = services.change_lines(
        contract=organisation.contract,
        quantities=_quantities(lines, expert_10=8, pack_10=8, m365=10),
        actor=vendor_admin,
        now=NOW,
    )[:1]
    assert reduced.unit_price == lines["expert_10"].unit_price and reduced.ordered_on == TODAY
    lines["expert_10"].refresh_from_db()
    assert lines["expert_10"].ended_on == TODAY
    with pytest.raises(DomainError, match="article 16"):
        services.change_lines(
            contract=organisation.contract,
            quantities={
                str(line.public_id): 0
                for line in organisation.contract.lines.filter(
                    product__code="m365", ended_on__isnull=True
                )
            },
            actor=vendor_admin,
            now=NOW,
        )


def test_an_invalid_whole_changes_nothing_and_increases_go_through_an_order(
    organisation, lines, vendor_admin
):
    with pytest.raises(DomainError, match="article 17"):
        services.change_lines(
            contract=organisation.contract,
            quantities=_quantities(lines, expert_2=0),
            actor=vendor_admin,
            now=NOW,
        )
    with pytest.raises(DomainError, match="commande"):
        services.change_lines(
            contract=organisation.contract,
            quantities=_quantities(lines, expert_2=3),
            actor=vendor_admin,
            now=NOW,
        )
    assert not organisation.contract.lines.filter(ended_on__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
def test_the_vendor_page_has_one_form_for_every_line(login, organisation, lines, vendor_admin):
    client = login(vendor_admin)
    url = reverse("subscriptions:vendor_contract", kwargs={"public_id": organisation.public_id})
    assert "Réduire ou arrêter plusieurs lignes ensemble" in client.get(url).content.decode()
    post = reverse(
        "subscriptions:vendor_change_lines", kwargs={"public_id": organisation.public_id}
    )
    data = {f"line_{line.public_id}": line.quantity for line in lines.values()}
    data[f"line_{lines['expert_2'].public_id}"] = 0
    refused = client.post(post, data)
    assert refused.status_code == 200 and "article 17" in refused.content.decode()
    data[f"line_{lines['pack_2'].public_id}"] = 0
    assert client.post(post, data).status_code == 302
    assert ("cegid-expert", 2) not in _in_force(organisation.contract)
