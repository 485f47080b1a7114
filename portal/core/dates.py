"""Dates as the portal writes and counts them: the one long date format, as
French readers write it ("1er décembre 2026", "2 décembre 2026": the first
of the month is an ordinal), and the one month arithmetic (``add_months``).

Pure: no Django import. Templates use the ``long_date`` filter (a builtin,
see ``portal/core/templatetags/portal_dates.py``); the invoice PDF and
e-mails call :func:`long_date` directly, so pages, PDF and e-mails agree.
"""

import calendar
from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: date) -> str:
    """``1er décembre 2026``; ``15 janvier 2027``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def period_text(first: date, last: date) -> str:
    """The one wording of a billed period (invoice page and PDF): both days included."""
    return f"du {long_date(first)} au {long_date(last)} inclus, terme à échoir"


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months, clamped to the month's end.

    31 January + 1 month is 28 February (29 in a leap year). ``months`` may be
    negative or zero (``add_months(d, 0) == d``). Every month calculation of
    the portal uses it: billing dates (art. 14), restore points (art. 9), reports.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))
