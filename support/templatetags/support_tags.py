"""Showing business time to people."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def business_duration(value: timedelta | None) -> str:
    """``3 h 05`` for a délai left; ``− 1 h 20`` once it has passed."""
    if value is None:
        return "—"
    sign = "− " if value < timedelta(0) else ""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours} h {minutes:02d}"


@register.filter
def is_negative(value: timedelta | None) -> bool:
    return value is not None and value < timedelta(0)


@register.filter
def call_breached(deadline, now) -> bool:
    """``deadline.is_breached(now)`` for templates."""
    return deadline.is_breached(now)


@register.simple_tag
def support_counts(user) -> dict:
    """Figures for the home cards (two COUNTs on indexed columns)."""
    from django.db.models import Count, Q

    from support.models import Demande
    from support.selectors import visible_demandes

    if user.is_vendor_staff:
        return Demande.objects.filter(state__in=Demande.OPEN_STATES).aggregate(
            waiting=Count("pk", filter=Q(state=Demande.State.REGISTERED)),
            breached=Count("pk", filter=Q(is_breached=True)),
            mine=Count("pk", filter=Q(assignee=user)),
        )
    return (
        visible_demandes(user)
        .filter(requester=user)
        .aggregate(
            open=Count("pk", filter=Q(state__in=Demande.OPEN_STATES)),
            resolved=Count("pk", filter=Q(state=Demande.State.RESOLVED)),
        )
    )


@register.filter
def has_right(user, right: str) -> bool:
    return user.has_right(right)


@register.filter
def deadline_text(due, key: str = "") -> str:
    """``le lundi 30/11/2026 à 17:30``, or ``en fin de journée du …`` for jours ouvrés."""
    from support.deadlines import due_text

    return due_text(key, due)


@register.filter
def qualification_label(value: str) -> str:
    """ "anomalie" → "Anomalie", "other" → "Autre demande" (events store the code)."""
    from support.models import Demande

    if value in Demande.Qualification.values:
        return Demande.Qualification(value).label
    return value


@register.filter
def deadline_label(key: str) -> str:
    """ "take_in_charge" → "Prise en charge" (events store the code)."""
    from support.services.timers import DEADLINES

    return next((str(label) for name, _, label in DEADLINES if name == key), key)
