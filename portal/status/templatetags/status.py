"""Formatting of the availability figures, in French (decimal comma)."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def percent(value: float) -> str:
    """TD with two decimals, rounded *down* so that 98,996 % never reads as 99,00 %."""
    floored = math.floor(round(value * 100, 6)) / 100
    return f"{floored:.2f}".replace(".", ",")


@register.filter
def hours(value: timedelta) -> str:
    """A duration in hours with two decimals: ``12,50``."""
    return f"{value.total_seconds() / 3600:.2f}".replace(".", ",")


@register.filter
def duration(value: timedelta) -> str:
    """``3 h 05``, ``45 min``, ``0 min`` (whole minutes)."""
    minutes = int(value.total_seconds() // 60)
    hours_part, minutes = divmod(minutes, 60)
    if not hours_part:
        return f"{minutes} min"
    return f"{hours_part} h {minutes:02d}"


@register.filter
def month_name(month: int) -> str:
    from portal.status.rules import MONTHS_FR

    return MONTHS_FR[int(month) - 1]


@register.simple_tag
def status_summary(user):
    """The Météo in a sentence for the home card: ongoing incidents, maintenance
    in progress, the next planned one (five queries)."""
    from portal.status.selectors import weather

    current = weather(user)
    return {
        "incidents": len(current.ongoing_incidents),
        "maintenances": len(current.current_maintenances),
        "next": current.planned_maintenances[0] if current.planned_maintenances else None,
        "services": len(current.statuses),
    }
