"""Reports on Demandes: take-in-charge compliance (art. 12.2) and the Private
dashboard (art. 12.11), aggregated in the database.

Every function runs a fixed number of queries whatever the number of
Demandes or clients: conditional aggregates (``Count(filter=...)``), grouping
by month in SQL, correlated subqueries on the (organisation, registered_at)
index. The classification is support/compliance.py's, restated as ``Q``
objects; tests/support/test_compliance.py checks both agree.
"""

from __future__ import annotations

import json
import statistics
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, F, Min, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from portal.core.calendar import PARIS
from portal.organisations.models import Organisation
from subscriptions.models import Contract, Formula
from subscriptions.terms import add_months
from support.business_time import BusinessCalendar
from support.compliance import (
    Period,
    PeriodCompliance,
    Tally,
    local_midnight,
    period,
    period_index,
    periods_until,
)
from support.deadlines import TAKE_IN_CHARGE, Deadline
from support.models import Demande

# --- compliance (art. 12.2) -----------------------------------------------


# Only support Demandes have a take-in-charge deadline; a NULL deadline never
# satisfies these comparisons, so customer service is never counted. The
# columns are the registry's (support/deadlines.py); compliance is measured on
# the take-in-charge deadline (art. 12.2).


def met_q(deadline: Deadline = TAKE_IN_CHARGE) -> Q:
    met, due = deadline.met_at, deadline.due_at
    return Q((f"{met}__isnull", False), (f"{met}__lte", F(due)))


def missed_q(now: datetime, deadline: Deadline = TAKE_IN_CHARGE) -> Q:
    met, due = deadline.met_at, deadline.due_at
    late = Q((f"{met}__isnull", False), (f"{met}__gt", F(due)))
    return late | Q((f"{met}__isnull", True), (f"{due}__lt", now))


def pending_q(now: datetime, deadline: Deadline = TAKE_IN_CHARGE) -> Q:
    met, due = deadline.met_at, deadline.due_at
    return Q((f"{met}__isnull", True), (f"{due}__gte", now))


def _today(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def organisation_compliance(
    organisation: Organisation, *, now: datetime | None = None
) -> list[PeriodCompliance]:
    """Every twelve-month period of ``organisation`` up to the current one (one query).

    Empty when support has not started (no contract, no start date, or a start
    in the future).
    """
    now = now or timezone.now()
    started = _support_started_on(organisation)
    periods = periods_until(started, _today(now)) if started else []
    if not periods:
        return []
    aggregates = {}
    for p in periods:
        inside = Q(registered_at__gte=p.starts_at, registered_at__lt=p.ends_at)
        aggregates[f"met_{p.index}"] = Count("pk", filter=inside & met_q())
        aggregates[f"missed_{p.index}"] = Count("pk", filter=inside & missed_q(now))
        aggregates[f"pending_{p.index}"] = Count("pk", filter=inside & pending_q(now))
    # No ``kind`` filter (see clients_compliance): the (organisation,
    # registered_at) index must be the one used.
    counts = Demande.objects.filter(
        organisation=organisation, registered_at__gte=periods[0].starts_at
    ).aggregate(**aggregates)
    return [
        PeriodCompliance(
            p,
            Tally(
                counts[f"met_{p.index}"], counts[f"missed_{p.index}"], counts[f"pending_{p.index}"]
            ),
            is_current=p is periods[-1],
        )
        for p in periods
    ]


def _support_started_on(organisation: Organisation) -> date | None:
    contract = getattr(organisation, "contract", None)
    return contract.support_started_on if contract is not None else None


@dataclass
class ClientCompliance:
    """One client's current period and its tally, for the vendor list."""

    organisation_id: int
    public_id: uuid.UUID
    name: str
    siren: str
    formula: str
    period: Period
    tally: Tally = field(default_factory=Tally)

    @property
    def formula_label(self) -> str:
        return str(Formula(self.formula).label)

    @property
    def sort_key(self) -> tuple[bool, float, str]:
        rate = self.tally.rate
        return (rate is None, rate if rate is not None else 0, self.name)


def clients_compliance(*, now: datetime | None = None) -> list[ClientCompliance]:
    """Every client whose support has started, with its current period's figures,
    those furthest under the 75 % target first (then those with nothing counted).

    Two queries whatever the number of clients or Demandes: the contracts (as
    plain tuples), then one grouped count over the Demandes of every client's
    current period. A client's period starts on its own anniversary; clients
    sharing that instant share one ``organisation IN (...) AND registered_at >=
    start`` term, so the condition has at most 366 terms, each a range of the
    (organisation, registered_at) index.
    """
    now = now or timezone.now()
    today = _today(now)
    contracts = Contract.objects.filter(support_started_on__lte=today)
    rows: dict[int, ClientCompliance] = {}
    starts: dict[datetime, list[int]] = {}
    for organisation_id, public_id, name, siren, formula, started in contracts.values_list(
        "organisation_id",
        "organisation__public_id",
        "organisation__name",
        "organisation__siren",
        "formula",
        "support_started_on",
    ):
        index = period_index(started, today) if started is not None else None
        if started is None or index is None:
            continue  # not reached: the query keeps contracts whose support has started
        current = period(started, index)
        rows[organisation_id] = ClientCompliance(
            organisation_id, public_id, name, siren, formula, current
        )
        starts.setdefault(current.starts_at, []).append(organisation_id)
    if starts:
        # No ``kind`` filter: SQLite would then scan the (kind, registered_at)
        # index. Only Demandes with a deadline are met, missed or pending anyway.
        counts = (
            Demande.objects.filter(_registered_since(starts))
            .order_by()
            .values("organisation_id")
            .annotate(
                met=Count("pk", filter=met_q()),
                missed=Count("pk", filter=missed_q(now)),
                pending=Count("pk", filter=pending_q(now)),
            )
        )
        for count in counts:
            rows[count["organisation_id"]].tally = Tally(
                count["met"], count["missed"], count["pending"]
            )
    return sorted(rows.values(), key=lambda row: row.sort_key)


def filter_clients(
    rows: list[ClientCompliance], *, under_target_only: bool = False, query: str = ""
) -> list[ClientCompliance]:
    """Narrow the list: clients under the target, a name fragment or a SIREN."""
    if under_target_only:
        rows = [row for row in rows if row.tally.meets_target is False]
    if query:
        needle = query.casefold()
        rows = [row for row in rows if needle in row.name.casefold() or row.siren == query]
    return rows


def _registered_since(starts: dict[datetime, list[int]]) -> RawSQL:
    """``(organisation IN (...) AND registered_at >= start) OR ...`` as one SQL fragment.

    Written as SQL because the ORM spends longer compiling hundreds of ``Q``
    terms than the database spends running them. Names are quoted from the
    model; every value is a bound parameter.
    """
    quote = connection.ops.quote_name
    table = quote(Demande._meta.db_table)
    organisation = f"{table}.{quote(Demande._meta.get_field('organisation').column)}"
    registered = f"{table}.{quote(Demande._meta.get_field('registered_at').column)}"
    terms, params = [], []
    for since, ids in sorted(starts.items()):
        placeholders = ", ".join(["%s"] * len(ids))
        terms.append(f"({organisation} IN ({placeholders}) AND {registered} >= %s)")
        params += [*ids, connection.ops.adapt_datetimefield_value(since)]
    return RawSQL(" OR ".join(terms), params, output_field=BooleanField())  # noqa: S611


# --- Private dashboard (art. 12.11) -----------------------------------------

DASHBOARD_MONTHS = 12


@dataclass(frozen=True)
class MonthVolume:
    month: date
    support: int
    customer_service: int
    criticality: dict[int, int]

    @property
    def total(self) -> int:
        return self.support + self.customer_service


@dataclass
class Dashboard:
    """What a Private client sees of its Demandes over the last twelve months."""

    since: date
    months: list[MonthVolume]
    by_kind: dict[str, int]
    by_criticality: dict[int, int]
    by_category: dict[str, int]
    not_qualified: int
    compliance: list[PeriodCompliance]
    take_in_charge_median: timedelta | None
    take_in_charge_sample: int
    backlog_by_state: dict[str, int]
    backlog_breached: int
    oldest_open_at: datetime | None
    backlog_total: int = field(init=False)

    def __post_init__(self) -> None:
        self.backlog_total = sum(self.backlog_by_state.values())

    @property
    def current_compliance(self) -> PeriodCompliance | None:
        return self.compliance[-1] if self.compliance else None

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def dashboard_start(now: datetime) -> date:
    """The first day of the month eleven months ago: twelve calendar months, this one included."""
    return add_months(_today(now).replace(day=1), -(DASHBOARD_MONTHS - 1))


def private_dashboard(organisation: Organisation, *, now: datetime | None = None) -> Dashboard:
    """Four queries whatever the number of Demandes (see the module docstring)."""
    now = now or timezone.now()
    since = dashboard_start(now)
    recent = Demande.objects.filter(
        organisation=organisation, registered_at__gte=local_midnight(since)
    )
    months, totals = _monthly_volumes(recent, since)
    by_criticality = {level: sum(m.criticality[level] for m in months) for level in (1, 2, 3)}
    median, sample = _take_in_charge_median(recent)
    backlog = _backlog(organisation)
    return Dashboard(
        since=since,
        months=months,
        by_kind={
            Demande.Kind.SUPPORT: sum(m.support for m in months),
            Demande.Kind.CUSTOMER_SERVICE: sum(m.customer_service for m in months),
        },
        by_criticality=by_criticality,
        by_category={value: totals[f"category_{value}"] for value in Demande.Category.values},
        not_qualified=totals["not_qualified"],
        compliance=organisation_compliance(organisation, now=now),
        take_in_charge_median=median,
        take_in_charge_sample=sample,
        backlog_by_state=backlog["by_state"],
        backlog_breached=backlog["breached"],
        oldest_open_at=backlog["oldest"],
    )


def _monthly_volumes(
    recent: QuerySet[Demande], since: date
) -> tuple[list[MonthVolume], dict[str, int]]:
    """One grouped query: the twelve months, and the sums the other panels need."""
    rows = (
        recent.annotate(month=TruncMonth("registered_at", tzinfo=PARIS))
        .order_by()
        .values("month")
        .annotate(
            support=Count("pk", filter=Q(kind=Demande.Kind.SUPPORT)),
            customer_service=Count("pk", filter=Q(kind=Demande.Kind.CUSTOMER_SERVICE)),
            crit_1=Count("pk", filter=Q(criticality=1)),
            crit_2=Count("pk", filter=Q(criticality=2)),
            crit_3=Count("pk", filter=Q(criticality=3)),
            not_qualified=Count("pk", filter=Q(kind=Demande.Kind.SUPPORT, qualification="")),
            **{
                f"category_{value}": Count("pk", filter=Q(category=value))
                for value in Demande.Category.values
            },
        )
    )
    found = {_month_key(row["month"]): row for row in rows}
    sums = ["not_qualified", *(f"category_{value}" for value in Demande.Category.values)]
    totals = {name: sum(row[name] for row in found.values()) for name in sums}
    volumes = []
    for offset in range(DASHBOARD_MONTHS):
        month = add_months(since, offset)
        row = found.get(month, {})
        volumes.append(
            MonthVolume(
                month=month,
                support=row.get("support", 0),
                customer_service=row.get("customer_service", 0),
                criticality={level: row.get(f"crit_{level}", 0) for level in (1, 2, 3)},
            )
        )
    return volumes, totals


def _month_key(value: date | datetime) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(PARIS) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


@lru_cache(maxsize=64)
def _calendar(name: str, spec_json: str) -> BusinessCalendar:
    return BusinessCalendar.from_spec(name, json.loads(spec_json))


def _take_in_charge_median(recent: QuerySet[Demande]) -> tuple[timedelta | None, int]:
    """Median business time from registration to take-in-charge, on each Demande's own clock.

    Business time (heures ouvrées) of the calendar snapshotted on the Demande
    at registration, as the délai itself is counted (art. 12.2): a Demande
    filed on Friday evening and taken on Monday at 09:05 took 5 minutes.
    One query; the durations are computed here (the database has no business
    calendar), over the last twelve months only.
    """
    rows = (
        # Not filtered on ``kind`` (index choice, see clients_compliance): only
        # support Demandes carry a calendar.
        recent.filter((f"{TAKE_IN_CHARGE.met_at}__isnull", False), calendar_spec__isnull=False)
        .annotate(spec_text=Cast("calendar_spec", TextField()))
        .values_list(
            TAKE_IN_CHARGE.runs_from,
            TAKE_IN_CHARGE.met_at,
            "calendar_name",
            "formula",
            "spec_text",
        )
    )
    durations = []
    for registered_at, taken_at, name, formula, spec_text in rows:
        calendar = _calendar(name or formula, spec_text)
        durations.append(calendar.business_time_between(registered_at, taken_at))
    if not durations:
        return None, 0
    return statistics.median_low(durations), len(durations)


def _backlog(organisation: Organisation) -> dict[str, Any]:
    counts = Demande.objects.filter(
        organisation=organisation, state__in=Demande.OPEN_STATES
    ).aggregate(
        breached=Count("pk", filter=Q(is_breached=True)),
        oldest=Min("registered_at"),
        **{f"state_{state}": Count("pk", filter=Q(state=state)) for state in Demande.OPEN_STATES},
    )
    return {
        "by_state": {state: counts[f"state_{state}"] for state in Demande.OPEN_STATES},
        "breached": counts["breached"],
        "oldest": counts["oldest"],
    }
