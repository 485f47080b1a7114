"""The contractual délais of a Demande: one registry, and how each deadline is computed.

art. 12.2: take in charge within 8 heures ouvrées (Open) or 4 (Private, art.
12.10) from registration. art. 12.3: crit. 1 → corrective action plan within
12 heures ouvrées of qualification; crit. 2 → fix or workaround within 6 jours
ouvrés of qualification; crit. 3 → none.

:data:`DEADLINES` is the one place that knows, for each deadline, its French
label, the columns of ``Demande`` that hold it (milestone, due instant,
warning instant, what the sweep did), its unit, its délai per formula and the
answers that meet it. The filing and workflow services, the timer sweep,
``Demande.pending_deadline``, the pages and the reports all read it; no field
name is built from a string.

The arithmetic is support/business_time.py's; this module only chooses the
délai and computes the warning instant (75 % of the délai elapsed) stored next
to each deadline, so that the timer sweep is a plain indexed query. It imports
no model (``support.models`` imports it); the calendar row that applies to an
organisation is read by ``support.selectors.calendar_for``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.calendar import PARIS, is_working_day
from subscriptions.models import Formula
from support.business_time import (
    BusinessCalendar,
    BusinessTimeExplanation,
    WorkingDaysExplanation,
    add_working_days,
    explain_working_days,
)

if TYPE_CHECKING:
    from support.models import Demande

WARN_RATIO = 0.75  # the team is warned when 75 % of a délai has elapsed


class Unit(enum.Enum):
    """How a délai is counted (art. 1)."""

    BUSINESS_HOURS = "heures ouvrées"  # on the support clock of the client's formula
    WORKING_DAYS = "jours ouvrés"  # CPC art. 641-642, see business_time.add_working_days


@dataclass(frozen=True)
class Deadline:
    """One contractual deadline of a Demande and the columns that hold it.

    ``delays`` maps each formula with an SLA to the délai, a number of
    ``unit``. The délai runs from the instant in ``runs_from``; it is met when
    the ``met_at`` milestone is set. ``answers`` are the agent's answers
    (``workflow.respond``) whose instant is that milestone, deadline or not;
    ``also_met_by`` are answers that meet it only while it runs.
    """

    key: str  # stored in events' data and e-mail keys: never renamed
    label: str | Promise
    unit: Unit
    delays: Mapping[str, int]
    runs_from: str
    met_at: str
    due_at: str
    warn_at: str
    warned_at: str
    breached_at: str
    #: The Anomalie criticality whose qualification starts it (None: registration does).
    criticality: int | None = None
    answers: tuple[str, ...] = ()
    also_met_by: tuple[str, ...] = ()

    def delay(self, formula: str) -> int | None:
        """The délai of ``formula`` in ``unit``; None for a formula without SLA."""
        return self.delays.get(formula)

    def schedule(
        self, calendar: BusinessCalendar, start: datetime, formula: str
    ) -> dict[str, datetime]:
        """The due and warning columns of a délai starting at ``start`` ({} without SLA)."""
        amount = self.delay(formula)
        if amount is None:
            return {}
        if self.unit is Unit.WORKING_DAYS:
            due, warn = working_days_deadline(start, amount)
        else:
            due, warn = business_deadline(calendar, start, timedelta(hours=amount))
        return {self.due_at: due, self.warn_at: warn}

    def explain(
        self, calendar: BusinessCalendar, start: datetime, formula: str
    ) -> BusinessTimeExplanation | WorkingDaysExplanation | None:
        """How the deadline was computed, for the Demande's page and the API."""
        amount = self.delay(formula)
        if amount is None:
            return None
        if self.unit is Unit.WORKING_DAYS:
            return explain_working_days(start, amount)
        return calendar.explain(start, timedelta(hours=amount))

    def cleared(self) -> dict[str, None]:
        """Every column of the deadline emptied: a requalification starts it afresh."""
        columns = (self.due_at, self.warn_at, self.warned_at, self.breached_at, self.met_at)
        return dict.fromkeys(columns, None)

    def due(self, demande: Demande) -> datetime | None:
        return getattr(demande, self.due_at)

    def met(self, demande: Demande) -> datetime | None:
        return getattr(demande, self.met_at)

    def is_met_by(self, answer: str, demande: Demande) -> bool:
        """Whether posting ``answer`` now records this deadline's milestone (art. 12.3)."""
        if self.met(demande) is not None:
            return False  # the first answer met it
        return answer in self.answers or (
            answer in self.also_met_by and self.due(demande) is not None
        )


TAKE_IN_CHARGE = Deadline(
    key="take_in_charge",
    label=_("Prise en charge"),
    unit=Unit.BUSINESS_HOURS,
    # art. 12.2 (Open) and 12.10 (Private).
    delays=MappingProxyType({Formula.OPEN: 8, Formula.PRIVATE: 4}),
    runs_from="registered_at",
    met_at="taken_in_charge_at",
    due_at="take_in_charge_due_at",
    warn_at="take_in_charge_warn_at",
    warned_at="take_in_charge_warned_at",
    breached_at="take_in_charge_breached_at",
)
ACTION_PLAN = Deadline(
    key="action_plan",
    label=_("Plan d'action correctif"),
    unit=Unit.BUSINESS_HOURS,
    delays=MappingProxyType({Formula.OPEN: 12, Formula.PRIVATE: 12}),  # art. 12.3, crit. 1
    runs_from="qualified_at",
    met_at="action_plan_at",
    due_at="action_plan_due_at",
    warn_at="action_plan_warn_at",
    warned_at="action_plan_warned_at",
    breached_at="action_plan_breached_at",
    criticality=1,
    answers=("action_plan",),
    # DOMAIN.md: a fix or a workaround before the deadline meets it (it does more than a plan).
    also_met_by=("workaround", "fix"),
)
FIX = Deadline(
    key="fix",
    label=_("Correctif ou contournement"),
    unit=Unit.WORKING_DAYS,
    delays=MappingProxyType({Formula.OPEN: 6, Formula.PRIVATE: 6}),  # art. 12.3, crit. 2
    runs_from="qualified_at",
    met_at="fix_at",
    due_at="fix_due_at",
    warn_at="fix_warn_at",
    warned_at="fix_warned_at",
    breached_at="fix_breached_at",
    criticality=2,
    answers=("workaround", "fix"),
)

#: Every deadline, in the order a Demande meets them.
DEADLINES: tuple[Deadline, ...] = (TAKE_IN_CHARGE, ACTION_PLAN, FIX)
DEADLINES_BY_KEY: Mapping[str, Deadline] = MappingProxyType({d.key: d for d in DEADLINES})
#: The deadlines a qualification starts (art. 12.3); a requalification restarts them.
QUALIFICATION_DEADLINES: tuple[Deadline, ...] = tuple(
    d for d in DEADLINES if d.criticality is not None
)
#: Formulas whose support hours are an SLA clock: those with a take-in-charge
#: délai (Connect has no support, art. 12).
SLA_FORMULAS: tuple[Formula, ...] = tuple(Formula(value) for value in TAKE_IN_CHARGE.delays)


def deadline_label(key: str) -> str:
    """ "take_in_charge" → "Prise en charge" (events store the key); unknown keys as they are."""
    deadline = DEADLINES_BY_KEY.get(key)
    return str(deadline.label) if deadline is not None else key


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
    label: str | Promise
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
    for deadline in DEADLINES:
        due, start = deadline.due(demande), getattr(demande, deadline.runs_from)
        if due is None or start is None:
            continue
        explanation = deadline.explain(calendar, start, demande.formula)
        if explanation is not None:
            infos.append(
                DeadlineInfo(deadline.key, deadline.label, due, deadline.met(demande), explanation)
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


def working_days_last_day(due: datetime) -> date:
    """The day a jours-ouvrés délai ends: it expires at 24:00, stored as 00:00 the day after."""
    return (due.astimezone(PARIS) - timedelta(microseconds=1)).date()


def business_duration(value: timedelta | None) -> str:
    """Business time as people read it: ``3 h 05`` left, ``− 1 h 20`` once passed,
    ``—`` when there is none (the queue, the Demande page)."""
    if value is None:
        return "—"
    sign = "− " if value < timedelta(0) else ""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours} h {minutes:02d}"


def due_text(key: str, due: datetime | None) -> str:
    """A deadline as people read it (DOMAIN.md, "Time rules").

    "le lundi 30/11/2026 à 17:30" for heures ouvrées; "en fin de journée du
    lundi 30/11/2026" for jours ouvrés, never the 00:00 of the next day that
    is stored.
    """
    if due is None:
        return ""
    deadline = DEADLINES_BY_KEY.get(key)
    if deadline is not None and deadline.unit is Unit.WORKING_DAYS:
        day = date_format(working_days_last_day(due), "l d/m/Y")
        return gettext("en fin de journée du %(day)s") % {"day": day}
    when = date_format(due.astimezone(PARIS), "l d/m/Y à H:i")
    return gettext("le %(when)s") % {"when": when}
