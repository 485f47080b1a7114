"""Compliance reports (art. 12.2) and the Private dashboard (art. 12.11). Thin views:
the figures come from support/selectors_reports.py, the charts from support/charts.py."""

from datetime import date, timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.accounts.rights import Right
from portal.core.permissions import right_required
from portal.organisations.models import Organisation
from subscriptions.models import Formula
from subscriptions.terms import add_months
from support.charts import Series, bar_chart
from support.compliance import TARGET, Period, PeriodCompliance, Tally
from support.models import Demande
from support.selectors_reports import (
    Dashboard,
    MonthVolume,
    clients_compliance,
    dashboard_start,
    filter_clients,
    organisation_compliance,
    private_dashboard,
)

CLIENTS_PER_PAGE = 25
#: Every client's current period scans about a sixth of all Demandes: computed once
#: for everybody, at most every five minutes (figures for a report, not a timer).
CLIENTS_CACHE_KEY = "support:compliance:clients"
CLIENTS_CACHE_SECONDS = 300
#: The Private dashboard's figures (five aggregate queries and two charts, ~20 ms)
#: are kept for a minute per organisation and language; the page says when they
#: were computed. A dashboard of twelve months, not a timer (art. 12.11).
DASHBOARD_CACHE_SECONDS = 60


def can_see_compliance(user) -> bool:
    """Vendor staff for every client; a client's administrators (or holders of the
    dashboards right) for their own organisation."""
    return user.is_vendor_staff or user.has_right(Right.SEE_DASHBOARDS)


def compliance_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_compliance(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def organisation_for_report(user, public_id) -> Organisation:
    """Staff: any client; client people: their own organisation only, else 404."""
    organisations = Organisation.objects.select_related("contract")
    if not user.is_vendor_staff:
        organisations = organisations.filter(pk=user.organisation_id)
    organisation = organisations.filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def _cached_clients_compliance(now):
    """Every client's figures, recomputed at most every few minutes.

    The age is checked against ``now`` rather than left to the cache's own
    expiry, so the rule holds whatever the backend (and under a frozen clock).
    """
    cached = cache.get(CLIENTS_CACHE_KEY)
    if cached is None or (now - cached[0]).total_seconds() >= CLIENTS_CACHE_SECONDS:
        cached = (now, clients_compliance())
        cache.set(CLIENTS_CACHE_KEY, cached, CLIENTS_CACHE_SECONDS)
    return cached


@compliance_required
def compliance(request):
    """Staff: every client's current period, those under 75 % first; clients: their own."""
    if not request.user.is_vendor_staff:
        return _organisation_compliance(request, request.user.organisation)
    under_only = request.GET.get("sous_objectif") == "1"
    query = request.GET.get("q", "").strip()
    computed_at, clients = _cached_clients_compliance(timezone.now())
    clients = filter_clients(clients, under_target_only=under_only, query=query)
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/reports/compliance_clients.html",
        {
            "page": page,
            "under_only": under_only,
            "query": query,
            "querystring": urlencode({"q": query, **({"sous_objectif": "1"} if under_only else {})})
            + "&",
            "target_percent": round(TARGET * 100),
            "computed_at": computed_at,
            "cache_minutes": CLIENTS_CACHE_SECONDS // 60,
        },
    )


@compliance_required
def compliance_client(request, public_id):
    return _organisation_compliance(request, organisation_for_report(request.user, public_id))


def _organisation_compliance(request, organisation):
    periods = organisation_compliance(organisation)
    return render(
        request,
        "support/reports/compliance_client.html",
        {
            "organisation": organisation,
            "periods": list(reversed(periods)),
            "current": periods[-1] if periods else None,
            "target_percent": round(TARGET * 100),
        },
    )


@right_required(Right.SEE_DASHBOARDS)
def dashboard(request):
    """art. 12.11: Private clients see their figures; Open and Connect what they would get."""
    organisation = request.user.organisation
    if organisation.formula != Formula.PRIVATE:
        return render(
            request,
            "support/reports/dashboard_preview.html",
            {"organisation": organisation, **dashboard_context(sample_dashboard(), "exemple")},
        )
    computed_at, since, body = _cached_dashboard(organisation, timezone.now())
    return render(
        request,
        "support/reports/dashboard.html",
        {
            "organisation": organisation,
            "since": since,
            "body": body,
            "computed_at": computed_at,
        },
    )


def _cached_dashboard(organisation: Organisation, now) -> tuple:
    """(computed at, first month, the figures' HTML), recomputed at most once a minute.

    The key holds the organisation and the language: the figures are the
    organisation's, the same for each of its people who may see them. As for
    the compliance list, the age is checked against ``now``.
    """
    key = f"support:dashboard:{organisation.pk}:{get_language()}"
    cached = cache.get(key)
    if cached is None or not 0 <= (now - cached[0]).total_seconds() < DASHBOARD_CACHE_SECONDS:
        board = private_dashboard(organisation, now=now)
        body = render_to_string(
            "support/reports/_dashboard_body.html", dashboard_context(board, "tdb")
        )
        cached = (now, board.since, body)
        cache.set(key, cached, DASHBOARD_CACHE_SECONDS)
    return cached


def dashboard_context(board: Dashboard, prefix: str) -> dict:
    months = [_month_label(m.month) for m in board.months]
    volume = bar_chart(
        chart_id=f"{prefix}-volume",
        title=_("Demandes par mois"),
        description=_(
            "Nombre de demandes enregistrées chaque mois depuis %(since)s, "
            "support et service client empilés."
        )
        % {"since": formats.date_format(board.since, "F Y")},
        categories=months,
        series=[
            Series(_("Support"), tuple(m.support for m in board.months)),
            Series(_("Service client"), tuple(m.customer_service for m in board.months)),
        ],
    )
    criticality = bar_chart(
        chart_id=f"{prefix}-criticite",
        title=_("Anomalies par criticité"),
        description=_("Anomalies qualifiées sur douze mois, par niveau de criticité."),
        categories=[str(label) for label in Demande.Criticality.labels],
        series=[Series(_("Anomalies"), tuple(board.by_criticality[level] for level in (1, 2, 3)))],
        height=200,
    )
    return {
        "board": board,
        "volume_chart": volume,
        "criticality_chart": criticality,
        "median": format_duration(board.take_in_charge_median),
        "kinds": [(Demande.Kind(kind).label, count) for kind, count in board.by_kind.items()],
        "categories": [
            (Demande.Category(value).label, count) for value, count in board.by_category.items()
        ],
        "backlog": [
            (Demande.State(state).label, count) for state, count in board.backlog_by_state.items()
        ],
        "target_percent": round(TARGET * 100),
    }


def _month_label(month: date) -> str:
    return formats.date_format(month, "M y")


def format_duration(value: timedelta | None) -> str:
    """'2 h 05 min' of business time; '—' when there is nothing to measure."""
    if value is None:
        return "—"
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def sample_dashboard() -> Dashboard:
    """Fictitious figures illustrating the Private dashboard (no client's data)."""
    since = dashboard_start(timezone.now())
    support = (14, 11, 17, 9, 12, 15, 8, 13, 16, 10, 12, 14)
    service = (3, 2, 4, 1, 3, 2, 2, 5, 3, 2, 4, 3)
    months = []
    for index, (sup, cs) in enumerate(zip(support, service, strict=True)):
        months.append(
            MonthVolume(
                month=add_months(since, index),
                support=sup,
                customer_service=cs,
                criticality={1: sup // 6, 2: sup // 3, 3: sup // 4},
            )
        )
    current = Period(0, since, add_months(since, 12))
    return Dashboard(
        since=since,
        months=months,
        by_kind={
            Demande.Kind.SUPPORT: sum(support),
            Demande.Kind.CUSTOMER_SERVICE: sum(service),
        },
        by_criticality={level: sum(m.criticality[level] for m in months) for level in (1, 2, 3)},
        by_category={"billing": 12, "contract": 6, "accounts": 11, "restoration": 5},
        not_qualified=4,
        compliance=[PeriodCompliance(current, Tally(met=142, missed=9, pending=3), True)],
        take_in_charge_median=timedelta(hours=1, minutes=20),
        take_in_charge_sample=151,
        backlog_by_state={
            Demande.State.REGISTERED: 2,
            Demande.State.TAKEN_IN_CHARGE: 3,
            Demande.State.QUALIFIED: 4,
            Demande.State.ACTION_PLAN: 1,
            Demande.State.WORKAROUND: 1,
            Demande.State.FIX: 0,
        },
        backlog_breached=1,
        oldest_open_at=None,
    )
