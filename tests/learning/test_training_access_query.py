"""The access rule as a queryset filter agrees with the pure function, on every case."""

import itertools

import pytest

from learning import access
from learning.models import TrainingItem
from learning.selectors_training import Audience, access_filters, catalogue
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories_training import hold, item, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_item():
    expert, paie = product(), product("module-paie", "Module Paie", "module")
    items = []
    for level, products in itertools.product(
        (access.CONNECT, access.OPEN, access.PRIVATE), ((), (expert,), (paie,), (expert, paie))
    ):
        items.append(item(f"{level}-{len(products)}", level=level, products=products))
    for tier in (access.STANDARD, access.PREMIUM):
        items.append(item(f"m365-{tier}", track="m365", level=tier, kind="video"))
    return expert, paie, items


@pytest.mark.parametrize("formula", [access.CONNECT, access.OPEN, access.PRIVATE])
@pytest.mark.parametrize("holds", [(), ("expert",), ("expert", "paie")])
def test_the_filter_agrees_with_decide(every_item, formula, holds):
    expert, paie, items = every_item
    held = frozenset(p.pk for name, p in (("expert", expert), ("paie", paie)) if name in holds)
    audience = Audience(formula, held)
    listed_q, allowed_q = access_filters(audience)
    listed = set(TrainingItem.objects.filter(listed_q).values_list("pk", flat=True))
    allowed = set(TrainingItem.objects.filter(allowed_q).values_list("pk", flat=True))
    for one in items:
        decision = audience.decide(one, one.products.values_list("pk", flat=True))
        assert (one.pk in listed) == decision.listed, (one.title, decision)
        assert (one.pk in allowed) == decision.allowed, (one.title, decision)


def test_the_catalogue_of_a_user_is_filtered_in_the_query(every_item, django_assert_num_queries):
    expert, _paie, _items = every_item
    organisation = OrganisationFactory(formula="open")
    hold(organisation, expert)
    user = UserFactory(organisation=organisation)
    rows = {i.title: i.is_allowed for i in catalogue(user)}
    assert rows["open-1"] is True  # Open level, product held
    assert rows["private-1"] is False  # locked: Private
    assert "connect-1" in rows and "open-2" not in rows  # Paie not held: hidden
    assert rows["m365-premium"] is True
    assert catalogue(user).count() == len(rows)
