"""Who may use a learning item: the one access rule (art. 12.8, 13.1, 13.2).

Pure: no Django import. Every path (lists, search, item pages, downloads,
replays, the API, the e-mails) asks this module, either through
:func:`decide` for one item or through the sets it exposes
(:func:`levels_for`, :data:`MINIMUM_FORMULA`) that the selectors translate
into a queryset filter (``learning/selectors_training.py``), tested to agree.

- **Cegid Learning** (art. 13.1): an item carries a level — Connect
  "appréhender les bases", Open "maîtriser", Private "approfondir" — and the
  products it is about. Levels are inclusive (Open gets Connect and Open,
  Private gets all three). Content about a product the client does not hold
  on a running contract is never offered, at any level: it is *hidden*.
- **Microsoft 365 for Cegid** (art. 13.2): Standard or Premium; Connect gets
  Standard, Open and Private get both. Every user of the service holds
  Microsoft 365 (art. 16), so these items name no product.
- Webassistance **replays** (art. 12.8, Open and Private) are Cegid items of
  level Open about the session's product.

An item the formula does not reach is *locked*: lists show it with the
formula that would unlock it (a reason to upgrade); its own URLs are a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CONNECT, OPEN, PRIVATE = "connect", "open", "private"
FORMULAS = (CONNECT, OPEN, PRIVATE)
_RANK = {formula: rank for rank, formula in enumerate(FORMULAS)}

CEGID, M365 = "cegid", "m365"
STANDARD, PREMIUM = "standard", "premium"

#: The formula that first includes each level (art. 13.1, 13.2).
MINIMUM_FORMULA: dict[tuple[str, str], str] = {
    (CEGID, CONNECT): CONNECT,
    (CEGID, OPEN): OPEN,
    (CEGID, PRIVATE): PRIVATE,
    (M365, STANDARD): CONNECT,
    (M365, PREMIUM): OPEN,
}
LEVELS: dict[str, tuple[str, ...]] = {CEGID: (CONNECT, OPEN, PRIVATE), M365: (STANDARD, PREMIUM)}

ALLOWED, LOCKED, HIDDEN = "allowed", "locked", "hidden"


@dataclass(frozen=True)
class Item:
    """What the rule needs to know of an item."""

    track: str
    level: str
    products: frozenset = frozenset()


@dataclass(frozen=True)
class Decision:
    """``status`` is allowed, locked (above the formula) or hidden (product not held).

    ``unlocking_formula`` names the formula that includes a locked item;
    ``missing_products`` the products of a hidden item the client lacks.
    """

    status: str
    unlocking_formula: str | None = None
    missing_products: frozenset = frozenset()

    @property
    def allowed(self) -> bool:
        return self.status == ALLOWED

    @property
    def listed(self) -> bool:
        """Shown in lists (allowed, or locked as a reason to upgrade)."""
        return self.status != HIDDEN


def includes(formula: str, required: str) -> bool:
    """Connect ⊂ Open ⊂ Private."""
    return _RANK[formula] >= _RANK[required]


def levels_for(formula: str, track: str) -> tuple[str, ...]:
    """The levels of ``track`` that ``formula`` may use."""
    return tuple(
        level for level in LEVELS[track] if includes(formula, MINIMUM_FORMULA[(track, level)])
    )


def decide(formula: str, held_products: Iterable, item: Item) -> Decision:
    """May an organisation on ``formula`` holding ``held_products`` use ``item``?"""
    if formula not in _RANK:
        raise ValueError(f"unknown formula {formula!r}")
    required = MINIMUM_FORMULA[(item.track, item.level)]
    if item.track == CEGID:
        missing = frozenset(item.products) - frozenset(held_products)
        if missing:
            return Decision(HIDDEN, missing_products=missing)
    if not includes(formula, required):
        return Decision(LOCKED, unlocking_formula=required)
    return Decision(ALLOWED)
