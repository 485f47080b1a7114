"""The portal's one long date format, as French readers write it: "1er
décembre 2026", "2 décembre 2026" (the first of the month is an ordinal).

Pure: no Django import. Templates use the ``long_date`` filter (a builtin,
see ``portal/core/templatetags/portal_dates.py``); the invoice PDF and
e-mails call :func:`long_date` directly, so pages, PDF and e-mails agree.
"""

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
