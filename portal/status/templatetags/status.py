"""Formatting of the availability figures, in French (decimal comma)."""

from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone

from portal.accounts.rights import Right
from portal.status.availability import two_decimals_down
from portal.status.rules import MONTHS_FR, format_day_fr

register = template.Library()


@register.filter
def percent(value: float) -> str:
    """TD with two decimals, rounded *down* so that 98,996 % never reads as 99,00 %."""
    return f"{two_decimals_down(value):.2f}".replace(".", ",")


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
def date_fr(value, style: str = "") -> str:
    """A French date with "1er" for the first of the month, in Europe/Paris.

    ``""``: ``dimanche 1er novembre 2026``; ``"heure"``: ``… 2026 à 02:00``;
    ``"court"``: ``dimanche 1er novembre à 02:00`` (no year); ``"simple"``:
    ``1er novembre 2026``. Django's ``date:"j"`` would write "1 novembre".
    """
    if value in (None, ""):
        return ""
    at = None
    if isinstance(value, datetime):
        at = timezone.localtime(value) if timezone.is_aware(value) else value
        day = at.date()
    elif isinstance(value, date):
        day = value
    else:
        return ""
    text = format_day_fr(day)
    if style == "simple":
        return text.split(" ", 1)[1]
    if style == "court":
        text = text.rsplit(" ", 1)[0]
    if style in ("heure", "court") and at is not None:
        text += f" à {at:%H:%M}"
    return text


@register.filter
def month_name(month: int) -> str:
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
        "can_restore": user.has_right(Right.REQUEST_RESTORATION),
    }
