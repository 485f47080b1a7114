"""Showing business time to people."""

from datetime import timedelta

from django import template

from support.deadlines import business_duration

register = template.Library()


# Written in support/deadlines.py, beside due_text: the lists and the page's
# cache key use it too.
register.filter("business_duration", business_duration)


@register.filter
def is_negative(value: timedelta | None) -> bool:
    return value is not None and value < timedelta(0)


@register.filter
def call_breached(deadline, now) -> bool:
    """``deadline.is_breached(now)`` for templates."""
    return deadline.is_breached(now)


@register.simple_tag
def support_counts(user) -> dict:
    """Figures for the home cards (see ``support.selectors.home_counts``)."""
    from support.selectors import home_counts

    return home_counts(user)


@register.filter
def has_right(user, right: str) -> bool:
    return user.has_right(right)


@register.filter
def deadline_text(due, key: str = "") -> str:
    """``le lundi 30/11/2026 à 17:30``, or ``en fin de journée du …`` for jours ouvrés."""
    from support.deadlines import due_text

    return due_text(key, due)


@register.filter
def previous_due(value: str, key: str) -> str:
    """A deadline kept in an event's data (ISO text), as people read it."""
    from datetime import datetime

    from support.deadlines import due_text

    try:
        return due_text(key, datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value


@register.filter
def qualification_label(value: str) -> str:
    """ "anomalie" → "Anomalie", "other" → "Autre demande" (events store the code)."""
    from support.models import Demande

    if value in Demande.Qualification.values:
        return Demande.Qualification(value).label
    return value


@register.filter
def deadline_label(key: str) -> str:
    """ "take_in_charge" → "Prise en charge" (events store the key; support/deadlines.py)."""
    from support.deadlines import deadline_label

    return deadline_label(key)


@register.simple_tag
def criticality_definitions() -> list[tuple[str, str]]:
    """(label, definition) of the three criticalities (art. 1)."""
    from support.models import Demande

    return [
        (Demande.Criticality(value).label, definition)
        for value, definition in Demande.CRITICALITY_DEFINITIONS.items()
    ]


@register.filter
def criticality_definition(value) -> str:
    """The art. 1 definition of criticality ``value`` (1, 2 or 3), or ""."""
    from support.models import Demande

    return Demande.CRITICALITY_DEFINITIONS.get(value, "")


@register.filter
def formula_label(value: str) -> str:
    """The offer's name ("Cegid Private") for a formula code kept on a Demande."""
    from subscriptions.models import Formula

    return Formula(value).label if value in Formula.values else value
