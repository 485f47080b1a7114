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
