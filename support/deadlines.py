"""The contractual délais of a Demande and how each deadline was computed.

art. 12.2: take in charge within 8 heures ouvrées (Open) or 4 (Private, art.
12.10) from registration. art. 12.3: crit. 1 → corrective action plan within
12 heures ouvrées of qualification; crit. 2 → fix or workaround within 6 jours
ouvrés of qualification; crit. 3 → none.

The arithmetic is support/business_time.py's; this module only chooses the
calendar (the contract's own, else the formula's default) and the délai, and
computes the warning instant (75 % of the délai elapsed) stored next to each
deadline so that the timer sweep is a plain indexed query.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from support.business_time import (
    PARIS,
    SUPPORT_CALENDARS,
    BusinessCalendar,
    BusinessTimeExplanation,
    WorkingDaysExplanation,
    add_working_days,
    explain_working_days,
    is_working_day,
)
from support.models import Demande, SupportCalendar

#: Names of the built-in calendars, used when no calendar row is stored.
DEFAULT_CALENDAR_NAMES = {
    "open": "Horaires du support — Cegid Open",
    "private": "Horaires étendus — Cegid Private",
}

TAKE_IN_CHARGE_DELAYS = {
    "open": timedelta(hours=8),  # art. 12.2
    "private": timedelta(hours=4),  # art. 12.10
}
ACTION_PLAN_DELAY = timedelta(hours=12)  # art. 12.3, crit. 1
FIX_WORKING_DAYS = 6  # art. 12.3, crit. 2
WARN_RATIO = 0.75  # the team is warned when 75 % of a délai has elapsed


def calendar_for(organisation) -> SupportCalendar | None:
    """The support calendar that applies to ``organisation`` now, or None (Connect)."""
    formula = organisation.formula
    if formula not in TAKE_IN_CHARGE_DELAYS:
        return None
    contract = getattr(organisation, "contract", None)
    if contract is not None:
        own = SupportCalendar.objects.filter(contract=contract).first()
        if own is not None:
            return own
    default = SupportCalendar.objects.filter(formula=formula, contract__isnull=True).first()
    if default is None:
        # A support Demande always has a deadline (art. 12.2): if the seeded row
        # is missing, fall back on the booklet's hours (DOMAIN.md), unsaved.
        default = SupportCalendar(
            name=DEFAULT_CALENDAR_NAMES[formula],
            formula=formula,
            spec=SUPPORT_CALENDARS[formula].to_spec(),
        )
    return default


@lru_cache(maxsize=64)
def _calendar(name: str, spec_json: str) -> BusinessCalendar:
    return BusinessCalendar.from_spec(name, json.loads(spec_json))


def snapshot_calendar(demande: Demande) -> BusinessCalendar | None:
    """The Demande's own clock, from the hours snapshotted at registration (cached)."""
    if not demande.calendar_spec:
        return None
    name = demande.calendar_name or demande.formula
    return _calendar(name, json.dumps(demande.calendar_spec, sort_keys=True))


def business_deadline(
    calendar: BusinessCalendar, start: datetime, delay: timedelta
) -> tuple[datetime, datetime]:
    """(deadline, warning instant) of a délai in heures ouvrées."""
    return (
        calendar.add_business_time(start, delay),
        calendar.add_business_time(start, delay * WARN_RATIO),
    )


def working_days_deadline(start: datetime, days: int) -> tuple[datetime, datetime]:
    """(deadline, warning instant) of a délai in jours ouvrés.

    The warning falls when 75 % of the counted days have elapsed: for six
    jours ouvrés, at noon of the fifth one.
    """
    deadline = add_working_days(start, days)
    whole, fraction = divmod(days * WARN_RATIO, 1)
    warn = add_working_days(start, int(whole))
    if fraction:
        day = warn.date()
        while not is_working_day(day):
            day += timedelta(days=1)
        warn = warn.replace(year=day.year, month=day.month, day=day.day) + timedelta(
            hours=24 * fraction
        )
    return deadline, min(warn, deadline)


@dataclass(frozen=True)
class DeadlineInfo:
    """One deadline of a Demande, for display."""

    key: str  # take_in_charge | action_plan | fix
    label: str
    due_at: datetime
    met_at: datetime | None
    explanation: BusinessTimeExplanation | WorkingDaysExplanation

    @property
    def in_working_days(self) -> bool:
        return isinstance(self.explanation, WorkingDaysExplanation)

    def is_breached(self, now: datetime) -> bool:
        if self.met_at is not None:
            return self.met_at > self.due_at
        # The deadline is the earliest instant the délai has elapsed: taking a
        # Demande in charge at that very instant is on time (DOMAIN.md).
        return now > self.due_at


def deadlines_of(demande: Demande) -> list[DeadlineInfo]:
    """Each deadline of the Demande with how it was computed (shown on its page)."""
    calendar = snapshot_calendar(demande)
    if calendar is None:
        return []
    infos = []
    delay = TAKE_IN_CHARGE_DELAYS.get(demande.formula)
    if demande.take_in_charge_due_at and delay:
        infos.append(
            DeadlineInfo(
                "take_in_charge",
                _("Prise en charge"),
                demande.take_in_charge_due_at,
                demande.taken_in_charge_at,
                calendar.explain(demande.registered_at, delay),
            )
        )
    if demande.action_plan_due_at and demande.qualified_at:
        infos.append(
            DeadlineInfo(
                "action_plan",
                _("Plan d'action correctif"),
                demande.action_plan_due_at,
                demande.action_plan_at,
                calendar.explain(demande.qualified_at, ACTION_PLAN_DELAY),
            )
        )
    if demande.fix_due_at and demande.qualified_at:
        infos.append(
            DeadlineInfo(
                "fix",
                _("Correctif ou contournement"),
                demande.fix_due_at,
                demande.fix_at,
                explain_working_days(demande.qualified_at, FIX_WORKING_DAYS),
            )
        )
    return infos


def business_time_left(demande: Demande, now: datetime) -> timedelta | None:
    """Business time until the next running deadline; negative once it has passed.

    Working-day deadlines are measured on the same support clock, so the queue
    compares like with like.
    """
    pending = demande.pending_deadline()
    calendar = snapshot_calendar(demande)
    if pending is None or calendar is None:
        return None
    due = pending[1]
    if now <= due:
        return calendar.business_time_between(now, due)
    return -calendar.business_time_between(due, now)


#: Deadlines counted in jours ouvrés: stored as 00:00 Europe/Paris after their last day.
WORKING_DAY_DEADLINES = frozenset({"fix"})


def working_days_last_day(due: datetime):
    """The day a jours-ouvrés délai ends: it expires at 24:00, stored as 00:00 the day after."""
    return (due.astimezone(PARIS) - timedelta(microseconds=1)).date()


def due_text(key: str, due: datetime | None) -> str:
    """A deadline as people read it (DOMAIN.md, "Time rules").

    "le lundi 30/11/2026 à 17:30" for heures ouvrées; "en fin de journée du
    lundi 30/11/2026" for jours ouvrés, never the 00:00 of the next day that
    is stored.
    """
    if due is None:
        return ""
    if key in WORKING_DAY_DEADLINES:
        day = date_format(working_days_last_day(due), "l d/m/Y")
        return gettext("en fin de journée du %(day)s") % {"day": day}
    when = date_format(due.astimezone(PARIS), "l d/m/Y à H:i")
    return gettext("le %(when)s") % {"when": when}
