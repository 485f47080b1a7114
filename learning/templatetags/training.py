"""Template helpers of the learning catalogue."""

from django import template

from learning import access
from subscriptions.models import Formula

register = template.Library()


@register.filter
def unlocking_formula(item) -> str:
    """ "Cegid Open" for an item a higher formula would unlock (art. 13.1, 13.2)."""
    return str(Formula(access.MINIMUM_FORMULA[(item.track, item.level)]).label)
