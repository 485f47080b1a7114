"""The access rule (art. 13.1, 13.2), exhaustively and as properties."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning import access
from learning.access import (
    ALLOWED,
    CEGID,
    CONNECT,
    HIDDEN,
    LOCKED,
    M365,
    OPEN,
    PREMIUM,
    PRIVATE,
    STANDARD,
    Item,
    decide,
)

FORMULAS = (CONNECT, OPEN, PRIVATE)
#: formula → levels it reaches (art. 13.1 table in DOMAIN.md).
CEGID_REACH = {CONNECT: {CONNECT}, OPEN: {CONNECT, OPEN}, PRIVATE: {CONNECT, OPEN, PRIVATE}}
M365_REACH = {CONNECT: {STANDARD}, OPEN: {STANDARD, PREMIUM}, PRIVATE: {STANDARD, PREMIUM}}
UNLOCKS = {CONNECT: CONNECT, OPEN: OPEN, PRIVATE: PRIVATE, STANDARD: CONNECT, PREMIUM: OPEN}


@pytest.mark.parametrize(
    ("formula", "level", "held"),
    list(itertools.product(FORMULAS, (CONNECT, OPEN, PRIVATE), (True, False))),
)
def test_cegid_content_every_formula_level_and_product(formula, level, held):
    products = {1, 2} if held else {2}
    decision = decide(formula, products, Item(CEGID, level, frozenset({1})))
    if not held:
        assert decision.status == HIDDEN
        assert decision.missing_products == {1}
        assert not decision.listed
    elif level in CEGID_REACH[formula]:
        assert decision.status == ALLOWED
    else:
        assert decision.status == LOCKED
        assert decision.unlocking_formula == UNLOCKS[level]
        assert decision.listed and not decision.allowed


@pytest.mark.parametrize(
    ("formula", "tier", "held"),
    list(itertools.product(FORMULAS, (STANDARD, PREMIUM), (True, False))),
)
def test_m365_content_every_formula_and_tier(formula, tier, held):
    # art. 16: every user holds Microsoft 365; the courses name no product.
    decision = decide(formula, {1} if held else set(), Item(M365, tier))
    if tier in M365_REACH[formula]:
        assert decision.status == ALLOWED
    else:
        assert decision.status == LOCKED
        assert decision.unlocking_formula == OPEN


def test_content_about_two_products_needs_both():
    item = Item(CEGID, CONNECT, frozenset({1, 2}))
    assert decide(PRIVATE, {1}, item).status == HIDDEN
    assert decide(PRIVATE, {1, 2}, item).status == ALLOWED


def test_an_unknown_formula_is_an_error():
    with pytest.raises(ValueError):
        decide("gold", set(), Item(CEGID, CONNECT))


def test_levels_for_lists_what_each_formula_reaches():
    for formula in FORMULAS:
        assert set(access.levels_for(formula, CEGID)) == CEGID_REACH[formula]
        assert set(access.levels_for(formula, M365)) == M365_REACH[formula]


items = st.one_of(
    st.builds(
        Item,
        st.just(CEGID),
        st.sampled_from([CONNECT, OPEN, PRIVATE]),
        st.frozensets(st.integers(1, 5), max_size=3),
    ),
    st.builds(Item, st.just(M365), st.sampled_from([STANDARD, PREMIUM])),
)


@given(item=items, held=st.frozensets(st.integers(1, 5), max_size=5))
def test_levels_are_inclusive(item, held):
    """Anything Connect may see, Open may; anything Open may see, Private may."""
    connect, open_, private = (decide(f, held, item) for f in FORMULAS)
    assert not connect.allowed or open_.allowed
    assert not open_.allowed or private.allowed
    # Holding a product never changes the level; the listing is the same for all.
    assert connect.listed == open_.listed == private.listed


@given(item=items, held=st.frozensets(st.integers(1, 5), max_size=5), more=st.integers(1, 5))
def test_holding_more_products_never_takes_content_away(item, held, more):
    for formula in FORMULAS:
        if decide(formula, held, item).allowed:
            assert decide(formula, held | {more}, item).allowed
