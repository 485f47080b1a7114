"""The portal's date and time formats, as French readers write them, and the one
month arithmetic (``add_months``).

- long date: "1er décembre 2026", "2 décembre 2026" (the first of the month is
  an ordinal); with the time, in a sentence: "1er décembre 2026 à 14:30";
- short date, in tables: "01/12/2026"; with the time: "01/12/2026 14:30";
- with the day of the week, for deadlines and appointments: "mardi 01/12/2026
  à 14:30" (as ``support/deadlines.py`` writes a due date);
- the time alone: "14:30"; a month: "décembre 2026".

Pure: no Django import; the datetimes given are already in local time.
Templates use the filters of the same names (builtins, see
``portal/core/templatetags/portal_dates.py``); the invoice PDF and e-mails call
these functions directly, so pages, PDF and e-mails agree.
"""

import calendar
from datetime import date, datetime, time

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


DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: date) -> str:
    """``1er décembre 2026``; ``15 janvier 2027``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def date_time(moment: datetime) -> str:
    """``1er décembre 2026 à 14:30``."""
    return f"{long_date(moment.date())} à {clock(moment)}"


def short_date(day: date) -> str:
    """``01/12/2026``."""
    return f"{day:%d/%m/%Y}"


def short_date_time(moment: datetime) -> str:
    """``01/12/2026 14:30``."""
    return f"{short_date(moment)} {clock(moment)}"


def day_date(day: date) -> str:
    """``mardi 01/12/2026``."""
    return f"{DAYS[day.weekday()]} {short_date(day)}"


def day_date_time(moment: datetime) -> str:
    """``mardi 01/12/2026 à 14:30``."""
    return f"{day_date(moment)} à {clock(moment)}"


def clock(moment: datetime | time) -> str:
    """``14:30``."""
    return f"{moment:%H:%M}"


def month_year(day: date) -> str:
    """``décembre 2026``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


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
