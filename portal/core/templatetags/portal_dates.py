"""``{{ day|long_date }}``: "1er décembre 2026" (see ``portal.core.dates``).

Registered as a template builtin in settings, so no ``{% load %}`` is needed."""

from datetime import datetime

from django import template
from django.utils import timezone

from portal.core import dates

register = template.Library()


@register.filter
def long_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return dates.long_date(value)
