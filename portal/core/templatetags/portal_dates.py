"""The portal's date and time formats as template filters (see ``portal.core.dates``):

==========================  ============================
``{{ x|long_date }}``       1er décembre 2026
``{{ x|date_time }}``       1er décembre 2026 à 14:30
``{{ x|short_date }}``      01/12/2026
``{{ x|short_date_time }}`` 01/12/2026 14:30
``{{ x|day_date }}``        mardi 01/12/2026
``{{ x|day_date_time }}``   mardi 01/12/2026 à 14:30
``{{ x|clock }}``           14:30
``{{ x|month_year }}``      décembre 2026
==========================  ============================

An aware datetime is shown in the portal's time zone (Paris). An empty value
gives "" (so ``|default:"—"`` applies). Registered as template builtins in
settings, so no ``{% load %}`` is needed; templates keep ``|date:"c"`` only for
machine-readable ``<time datetime>`` attributes.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from portal.core import dates

register = template.Library()


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value) -> date:
    value = _local(value)
    return value.date() if isinstance(value, datetime) else value


@register.filter
def long_date(value) -> str:
    return dates.long_date(_day(value)) if value else ""


@register.filter
def short_date(value) -> str:
    return dates.short_date(_day(value)) if value else ""


@register.filter
def day_date(value) -> str:
    return dates.day_date(_day(value)) if value else ""


@register.filter
def month_year(value) -> str:
    return dates.month_year(_day(value)) if value else ""


@register.filter
def date_time(value) -> str:
    return dates.date_time(_local(value)) if value else ""


@register.filter
def short_date_time(value) -> str:
    return dates.short_date_time(_local(value)) if value else ""


@register.filter
def day_date_time(value) -> str:
    return dates.day_date_time(_local(value)) if value else ""


@register.filter
def clock(value) -> str:
    return dates.clock(_local(value)) if value else ""
