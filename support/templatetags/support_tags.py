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
