"""The formula an organisation has: the platform's concept of the offer it bought.

Three inclusive offers, Connect ⊂ Open ⊂ Private (art. 12, 13). The platform
needs them (an organisation's formula, the vendor's list of organisations);
features (support délais, learning levels, contracts) build on them, so the
enum lives here and ``subscriptions.models`` re-exports it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Formula(models.TextChoices):
    """The three inclusive offers: Connect ⊂ Open ⊂ Private (art. 12, 13)."""

    CONNECT = "connect", _("Cegid Connect")
    OPEN = "open", _("Cegid Open")
    PRIVATE = "private", _("Cegid Private")


FORMULA_RANK = {Formula.CONNECT: 0, Formula.OPEN: 1, Formula.PRIVATE: 2}


def formula_includes(formula: str, required: str) -> bool:
    """True when ``formula`` includes everything ``required`` gives."""
    return FORMULA_RANK[Formula(formula)] >= FORMULA_RANK[Formula(required)]
