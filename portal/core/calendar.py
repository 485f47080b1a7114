"""Calendar facts of the contract: Paris time, public holidays, jours ouvrés (art. 1).

Pure: no Django import, no database. The support's SLA clock
(support/business_time.py) and the service-status rules (portal/status/rules.py:
maintenance window, art. 5; PRT, art. 6) both count on these facts, so they
live here, below both, rather than one feature importing the other.

* Every local time of the booklet is a **Europe/Paris** wall-clock time.
* A **public holiday** is one of the eleven national holidays of metropolitan
  France: ``holidays.France()`` without subdivision. Alsace-Moselle's extra
  days (Good Friday, 26 December) are not included (DOMAIN.md).
* A **jour ouvré** (art. 1) is Monday to Friday and not a public holiday.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays as holidays_lib

__all__ = ["PARIS", "is_public_holiday", "is_working_day", "public_holiday_name"]

PARIS = ZoneInfo("Europe/Paris")

# One table per year, built on first use: lists and sweeps ask about the same days.
_FRENCH_HOLIDAYS: dict[int, dict[date, str]] = {}


def public_holiday_name(day: date) -> str | None:
    """French name of the public holiday on ``day`` ("Ascension"), or None (art. 1)."""
    year_holidays = _FRENCH_HOLIDAYS.get(day.year)
    if year_holidays is None:
        # language="fr": the names are shown to people, whatever the machine's locale.
        year_holidays = dict(holidays_lib.France(years=day.year, language="fr"))
        _FRENCH_HOLIDAYS[day.year] = year_holidays
    return year_holidays.get(day)


def is_public_holiday(day: date) -> bool:
    """Whether ``day`` is a public holiday in metropolitan France (art. 1)."""
    return public_holiday_name(_as_date(day)) is not None


def is_working_day(day: date) -> bool:
    """Jour ouvré (art. 1): Monday to Friday and not a public holiday."""
    day = _as_date(day)
    return day.weekday() < 5 and public_holiday_name(day) is None


def _as_date(day: date) -> date:
    # A datetime is a date too: refuse it, its day depends on a zone the caller must choose.
    if isinstance(day, datetime):
        raise TypeError("pass a date in Europe/Paris, not a datetime")
    return day
