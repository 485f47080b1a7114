"""Reads of the service status, always scoped to what the caller may see.

Clients see the services of the products on their organisation's contract
and what concerns them; vendor staff see everything. Each function runs a
bounded number of queries whatever the number of rows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import CLIENT_ROLES, User
from portal.status.availability import (
    CLIENT_EQUIPMENT,
    COUNTED,
    FORCE_MAJEURE,
    MAINTENANCE_WINDOW,
    OTHER_ENVIRONMENT,
    OUTSIDE_PERIMETER,
    URGENT_MAINTENANCE,
    MonthReport,
    Period,
    month_bounds,
    month_report,
    months_between,
)
from portal.status.models import (
    Incident,
    Maintenance,
    NoticePreference,
    Release,
    ReleaseDownload,
    RestorationRequest,
    Service,
)

RECENT_INCIDENTS = timedelta(days=30)
VENDOR_OVERVIEW_MONTHS = 24
EARLIEST_MONTH = date(2020, 1, 1)

CAUSE_CATEGORY: dict[str, str] = {
    Incident.Cause.COUNTED: COUNTED,
    Incident.Cause.URGENT_MAINTENANCE: URGENT_MAINTENANCE,
    Incident.Cause.FORCE_MAJEURE: FORCE_MAJEURE,
    Incident.Cause.CLIENT_EQUIPMENT: CLIENT_EQUIPMENT,
    Incident.Cause.OUTSIDE_PERIMETER: OUTSIDE_PERIMETER,
}


# --- Scope -------------------------------------------------------------------


_Row = TypeVar("_Row", bound=Model)


def visible_services(user: User) -> QuerySet[Service]:
    """Active services the user may follow: all for vendor staff, subscribed ones for clients."""
    services = Service.objects.filter(is_active=True)
    if user.is_vendor_staff:
        return services
    if not user.is_client or user.organisation_id is None:
        return services.none()
    return services.filter(products__contract__organisation_id=user.organisation_id).distinct()


def _visible_ids(user: User) -> list[int]:
    return list(visible_services(user).values_list("pk", flat=True))


def visible_service_ids(user: User) -> list[int]:
    """The ids of ``visible_services(user)``, to pass as ``service_ids`` to the lists."""
    return _visible_ids(user)


def _scoped(
    queryset: QuerySet[_Row], user: User, service_ids: Iterable[int] | None = None
) -> QuerySet[_Row]:
    """Rows touching a visible service, each with only its visible services prefetched."""
    if service_ids is None:
        service_ids = _visible_ids(user)
    return (
        queryset.filter(services__in=service_ids)
        .distinct()
        .prefetch_related(Prefetch("services", queryset=Service.objects.filter(pk__in=service_ids)))
    )


def maintenances_for(
    user: User,
    *,
    now: datetime | None = None,
    scope: str = "upcoming",
    service_ids: Iterable[int] | None = None,
) -> QuerySet[Maintenance]:
    """Maintenances of the user's services: ``current``, ``planned`` (future), ``upcoming``
    (current and future), or ``all`` (cancelled ones included)."""
    now = now or timezone.now()
    maintenances = _scoped(Maintenance.objects.all(), user, service_ids)
    if scope != "all":
        maintenances = maintenances.filter(cancelled_at__isnull=True)
    if scope == "current":
        maintenances = maintenances.filter(start__lte=now, end__gt=now)
    elif scope == "planned":
        maintenances = maintenances.filter(start__gt=now)
    elif scope == "upcoming":
        maintenances = maintenances.filter(end__gt=now)
    return maintenances.order_by("start")


def incidents_for(
    user: User,
    *,
    now: datetime | None = None,
    recent_only: bool = False,
    service_ids: Iterable[int] | None = None,
) -> QuerySet[Incident]:
    """Incidents of the user's services; ``recent_only``: ongoing or begun in the last 30 days."""
    now = now or timezone.now()
    incidents = _scoped(_incidents_seen_by(user), user, service_ids)
    if recent_only:
        incidents = incidents.filter(Q(end__isnull=True) | Q(start__gte=now - RECENT_INCIDENTS))
    return incidents.order_by("-start")


def _incidents_seen_by(user: User) -> QuerySet[Incident]:
    """Service-wide incidents, plus for a client those that concern its organisation only."""
    incidents = Incident.objects.all()
    if user.is_vendor_staff:
        return incidents
    return incidents.filter(Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id))


def releases_for(user: User, *, service_ids: Iterable[int] | None = None) -> QuerySet[Release]:
    downloads = Prefetch("downloads", queryset=ReleaseDownload.objects.order_by("label"))
    return (
        _scoped(Release.objects.all(), user, service_ids)
        .prefetch_related(downloads)
        .order_by("-release_date", "-announced_at")
    )


def _get(queryset: QuerySet[_Row], public_id: UUID | str) -> _Row:
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def releases_by_availability(
    user: User, *, now: datetime | None = None
) -> tuple[list[Release], list[Release]]:
    """``(upcoming, available)``: announced new versions whose date is still to
    come, and releases already made available (art. 10)."""
    today = timezone.localdate(now or timezone.now())
    releases = list(releases_for(user))
    return (
        [r for r in releases if r.release_date > today],
        [r for r in releases if r.release_date <= today],
    )


def get_maintenance(user: User, public_id: UUID | str) -> Maintenance:
    return _get(maintenances_for(user, scope="all"), public_id)


def get_incident(user: User, public_id: UUID | str) -> Incident:
    return _get(incidents_for(user), public_id)


def get_release(user: User, public_id: UUID | str) -> Release:
    return _get(releases_for(user), public_id)


def get_download(user: User, public_id: UUID | str) -> ReleaseDownload:
    download = (
        ReleaseDownload.objects.filter(
            public_id=public_id, release__services__in=_visible_ids(user)
        )
        .select_related("release")
        .first()
    )
    if download is None:
        raise Http404
    return download


def get_service(user: User, public_id: UUID | str) -> Service:
    return _get(visible_services(user), public_id)


# --- Météo --------------------------------------------------------------------


@dataclass
class ServiceStatus:
    service: Service
    incidents: list
    maintenances: list

    @property
    def state(self) -> str:
        if self.incidents:
            return "incident"
        if self.maintenances:
            return "maintenance"
        return "ok"

    @property
    def state_label(self) -> str:
        return {
            "incident": _("Incident en cours"),
            "maintenance": _("Maintenance en cours"),
            "ok": _("Fonctionnement normal"),
        }[self.state]


@dataclass
class Weather:
    now: datetime
    statuses: list[ServiceStatus]
    current_maintenances: list
    planned_maintenances: list
    ongoing_incidents: list
    recent_incidents: list


def weather(user: User, *, now: datetime | None = None) -> Weather:
    """Current status per visible service, maintenances in progress and planned,
    recent incidents (five queries)."""
    now = now or timezone.now()
    services = list(visible_services(user))
    ids = [service.pk for service in services]
    maintenances = list(maintenances_for(user, now=now, scope="upcoming", service_ids=ids))
    incidents = list(incidents_for(user, now=now, recent_only=True, service_ids=ids))
    current = [m for m in maintenances if m.is_in_progress(now)]
    ongoing = [i for i in incidents if i.is_ongoing and i.start <= now]
    statuses = [
        ServiceStatus(
            service=service,
            incidents=[i for i in ongoing if service in i.services.all()],
            maintenances=[m for m in current if service in m.services.all()],
        )
        for service in services
    ]
    return Weather(
        now=now,
        statuses=statuses,
        current_maintenances=current,
        planned_maintenances=[m for m in maintenances if m.start > now],
        ongoing_incidents=ongoing,
        recent_incidents=[i for i in incidents if not i.is_ongoing],
    )


# --- Availability (art. 6) ----------------------------------------------------


def _periods(
    service_ids: list[int], start: datetime, end: datetime, organisation_id: int | None = None
) -> list[Period]:
    """Incidents and maintenances of ``service_ids`` meeting ``[start, end)`` as report periods.

    Service-wide incidents, plus those of ``organisation_id`` only when given:
    a client's report counts what concerns it; the vendor's service-wide
    reports leave out incidents that concern a single client.
    """
    services = Prefetch("services", queryset=Service.objects.filter(pk__in=service_ids))
    concerned = Q(organisation__isnull=True)
    if organisation_id is not None:
        concerned |= Q(organisation_id=organisation_id)
    incidents = (
        Incident.objects.filter(concerned, services__in=service_ids, start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .distinct()
        .prefetch_related(services)
    )
    maintenances = (
        Maintenance.objects.filter(
            services__in=service_ids, start__lt=end, end__gt=start, cancelled_at__isnull=True
        )
        .distinct()
        .prefetch_related(services)
    )
    periods = []
    for incident in incidents:
        category = (
            CAUSE_CATEGORY[incident.cause]
            if incident.environment == Incident.Environment.PRODUCTION
            else OTHER_ENVIRONMENT
        )
        periods.append(_period(incident, incident.start, incident.end, category))
    for maintenance in maintenances:
        category = URGENT_MAINTENANCE if maintenance.is_urgent else MAINTENANCE_WINDOW
        periods.append(_period(maintenance, maintenance.start, maintenance.end, category))
    return periods


def _period(
    row: Incident | Maintenance, start: datetime, end: datetime | None, category: str
) -> Period:
    return Period(
        start=start,
        end=end,
        category=category,
        label=row.title,
        services=tuple(service.name for service in row.services.all()),
        reference=str(row.public_id),
        service_ids=tuple(service.pk for service in row.services.all()),
    )


def report_months(user: User, *, now: datetime | None = None) -> list[tuple[int, int]]:
    """The months whose report the user may open, most recent first.

    Clients: from the month their contract (support) started to the current
    month. Vendor staff: every month since the portal's first month.
    """
    today = timezone.localdate(now or timezone.now())
    first = EARLIEST_MONTH
    if not user.is_vendor_staff:
        contract = getattr(user.organisation, "contract", None) if user.organisation else None
        if contract is None:
            first = today
        else:
            first = contract.support_started_on or timezone.localdate(contract.created_at)
    return list(reversed(months_between(first, today)))


def adjacent_report_months(
    user: User, year: int, month: int, *, now: datetime | None = None
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """``(older, newer)`` reportable months around ``(year, month)``, None at the ends."""
    months = report_months(user, now=now)  # most recent first
    if (year, month) not in months:
        return None, None
    index = months.index((year, month))
    return (
        months[index + 1] if index + 1 < len(months) else None,
        months[index - 1] if index > 0 else None,
    )


def availability_report(
    user: User,
    year: int,
    month: int,
    *,
    now: datetime | None = None,
    service_ids: Iterable[int] | None = None,
) -> MonthReport:
    """The month's report over the user's services (or ``service_ids``, a subset of them)."""
    now = now or timezone.now()
    if (year, month) not in report_months(user, now=now):
        raise Http404
    visible = _visible_ids(user)
    ids = [pk for pk in service_ids if pk in visible] if service_ids is not None else visible
    start, end = month_bounds(year, month)
    periods = _periods(ids, start, end, _client_organisation_id(user))
    return month_report(year, month, periods, now=now)


def _client_organisation_id(user: User) -> int | None:
    return None if user.is_vendor_staff else user.organisation_id


def availability_overview(
    user: User,
    *,
    now: datetime | None = None,
    months: int = 12,
    service_ids: list[int] | None = None,
) -> list[MonthReport]:
    """TD of the user's last ``months`` reportable months, most recent first (3 queries)."""
    now = now or timezone.now()
    wanted = report_months(user, now=now)[:months]
    if not wanted:
        return []
    ids = _visible_ids(user) if service_ids is None else service_ids
    start = month_bounds(*wanted[-1])[0]
    end = month_bounds(*wanted[0])[1]
    periods = _periods(ids, start, end, _client_organisation_id(user))
    return [month_report(year, month, periods, now=now) for year, month in wanted]


@dataclass
class ShortMonth:
    service: Service
    report: MonthReport


def months_below_commitment(
    *, now: datetime | None = None, months: int = VENDOR_OVERVIEW_MONTHS
) -> list[ShortMonth]:
    """Vendor view: every (service, month) of the last ``months`` months under 99 %."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = date(today.year - (months // 12) - 1, 1, 1)
    wanted = list(reversed(months_between(first, today)))[:months]
    start = month_bounds(*wanted[-1])[0]
    end = month_bounds(*wanted[0])[1]
    services = list(Service.objects.all())
    periods = _periods([s.pk for s in services], start, end)
    short = []
    for service in services:
        own = [p for p in periods if service.pk in p.service_ids]
        if not any(p.category == COUNTED for p in own):
            continue
        for year, month in wanted:
            report = month_report(year, month, own, now=now)
            if not report.meets_commitment:
                short.append(ShortMonth(service=service, report=report))
    return sorted(short, key=lambda s: (-s.report.year, -s.report.month, s.service.name))


# --- Notices and restoration ---------------------------------------------------


def notice_recipients(service_ids: Iterable[int]) -> list[User]:
    """Active client users of organisations subscribed to the services, minus those who
    opted out of status e-mails (one query)."""
    return list(
        User.objects.filter(
            is_active=True,
            role__in=CLIENT_ROLES,
            organisation__contract__products__status_services__in=list(service_ids),
        )
        .exclude(status_notice_preference__receive_notices=False)
        .distinct()
        .only("pk", "email", "first_name", "last_name")
        .order_by("pk")
    )


def receives_notices(user: User) -> bool:
    preference = NoticePreference.objects.filter(user=user).first()
    return preference is None or preference.receive_notices


def restorations_for(user: User) -> QuerySet[RestorationRequest]:
    """The restoration requests of the user's organisation (all of them for vendor staff)."""
    requests = RestorationRequest.objects.select_related("requested_by", "organisation")
    if user.is_vendor_staff:
        return requests
    if not user.is_client or user.organisation_id is None:
        return requests.none()
    return requests.filter(organisation_id=user.organisation_id)


def get_restoration(user: User, public_id: UUID | str) -> RestorationRequest:
    """One restoration request the user may see; 404 for another organisation's."""
    return _get(restorations_for(user), public_id)
