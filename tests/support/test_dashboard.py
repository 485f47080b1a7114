"""The Private dashboard (art. 12.11) and its SVG charts."""

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.accounts.models import Role
from portal.accounts.rights import Right
from subscriptions.models import Formula
from support.business_time import PARIS, SUPPORT_CALENDARS
from support.charts import Series, bar_chart, nice_step
from support.models import Demande
from support.selectors_reports import dashboard_start, private_dashboard
from support.views_reports import format_duration
from tests.factories import OrganisationFactory, UserFactory

NOW = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)
PRIVATE_SPEC = SUPPORT_CALENDARS["private"].to_spec()
_numbers = itertools.count(1)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def private_admin(db):
    organisation = OrganisationFactory(name="Groupe Lefèvre", formula=Formula.PRIVATE)
    return UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN, email="a@lefevre.test")


def demande(organisation, registered_at, *, kind=Demande.Kind.SUPPORT, **fields):
    support = kind == Demande.Kind.SUPPORT
    fields.setdefault("state", Demande.State.CLOSED)
    return Demande.objects.create(
        reference=f"D-T-{next(_numbers):06d}",
        organisation=organisation,
        requester=organisation.members.first(),
        kind=kind,
        category="" if support else fields.pop("category", Demande.Category.BILLING),
        subject="Sujet confidentiel",
        formula=organisation.formula,
        calendar_name="Private" if support else "",
        calendar_spec=PRIVATE_SPEC if support else None,
        registered_at=registered_at,
        updated_at=registered_at,
        take_in_charge_due_at=(
            SUPPORT_CALENDARS["private"].add_business_time(registered_at, timedelta(hours=4))
            if support
            else None
        ),
        **fields,
    )


def test_twelve_months_this_one_included():
    assert dashboard_start(NOW) == date(2025, 12, 1)
    assert dashboard_start(paris(2026, 1, 1, 0, 30)) == date(2025, 2, 1)


def test_months_follow_the_paris_calendar(private_admin):
    organisation = private_admin.organisation
    demande(organisation, paris(2026, 3, 31, 23, 30))  # 21:30 UTC: March
    demande(organisation, paris(2026, 4, 1, 0, 30))  # 31 March 22:30 UTC: April in Paris
    demande(organisation, paris(2025, 11, 30, 23, 59))  # before the twelve months
    demande(organisation, paris(2026, 4, 2, 9), kind=Demande.Kind.CUSTOMER_SERVICE)

    board = private_dashboard(organisation, now=NOW)

    volumes = {m.month: (m.support, m.customer_service) for m in board.months}
    assert len(board.months) == 12
    assert volumes[date(2026, 3, 1)] == (1, 0)
    assert volumes[date(2026, 4, 1)] == (1, 1)
    assert board.by_kind == {"support": 2, "customer_service": 1}
    assert board.by_category["billing"] == 1


def test_criticality_and_backlog(private_admin):
    organisation = private_admin.organisation
    anomaly = {"qualification": Demande.Qualification.ANOMALIE}
    demande(organisation, paris(2026, 6, 1, 9), criticality=1, **anomaly)
    demande(organisation, paris(2026, 6, 2, 9), criticality=2, **anomaly)
    demande(organisation, paris(2026, 6, 3, 9), criticality=2, state="qualified", **anomaly)
    demande(organisation, paris(2026, 11, 13, 9), state="registered", is_breached=True)
    demande(organisation, paris(2026, 11, 16, 9), state="registered")

    board = private_dashboard(organisation, now=NOW)

    assert board.by_criticality == {1: 1, 2: 2, 3: 0}
    assert board.not_qualified == 2
    assert board.backlog_total == 3
    assert board.backlog_by_state["registered"] == 2
    assert board.backlog_by_state["qualified"] == 1
    assert board.backlog_breached == 1
    assert board.oldest_open_at == paris(2026, 6, 3, 9)


def test_median_take_in_charge_counts_business_hours_only(private_admin):
    organisation = private_admin.organisation
    # Friday 16:30 → Monday 09:30 on the Private clock (Fri until 17:00): 1 h of business time.
    demande(organisation, paris(2026, 11, 6, 16, 30), taken_in_charge_at=paris(2026, 11, 9, 9, 30))
    # Tuesday 10:00 → 10:20: 20 min.
    demande(
        organisation, paris(2026, 11, 10, 10, 0), taken_in_charge_at=paris(2026, 11, 10, 10, 20)
    )
    # Thursday 09:00 → 12:00: 3 h (not Wednesday 11 November: a public holiday).
    demande(organisation, paris(2026, 11, 12, 9, 0), taken_in_charge_at=paris(2026, 11, 12, 12, 0))
    # never taken: not in the median
    demande(organisation, paris(2026, 11, 13, 9, 0), state="registered")

    board = private_dashboard(organisation, now=NOW)

    assert board.take_in_charge_median == timedelta(hours=1)
    assert board.take_in_charge_sample == 3
    assert format_duration(board.take_in_charge_median) == "1 h 00 min"
    assert format_duration(timedelta(minutes=20)) == "20 min"
    assert format_duration(None) == "—"


def test_query_count_does_not_grow_with_the_data(private_admin, client):
    organisation = private_admin.organisation
    client.force_login(private_admin)

    def queries_for_page() -> int:
        with time_machine.travel(NOW, tick=False):
            client.get(reverse("support:dashboard"))  # sessions settle on the first request
            cache.clear()  # the figures are computed again (they are kept a minute)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("support:dashboard")).status_code == 200
        return len(captured)

    demande(organisation, paris(2026, 10, 1, 9), taken_in_charge_at=paris(2026, 10, 1, 9, 5))
    few = queries_for_page()
    for day in range(1, 28):
        demande(organisation, paris(2026, 2, day, 9), criticality=None)
        demande(organisation, paris(2026, 9, day, 9), taken_in_charge_at=paris(2026, 9, day, 10))
        demande(organisation, paris(2026, 9, day, 11), kind=Demande.Kind.CUSTOMER_SERVICE)
    assert queries_for_page() == few


def test_private_admin_sees_the_dashboard(private_admin, client):
    demande(
        private_admin.organisation,
        paris(2026, 10, 5, 9),
        taken_in_charge_at=paris(2026, 10, 5, 9, 30),
    )
    client.force_login(private_admin)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("support:dashboard")).content.decode()
    assert "Tableau de bord — Groupe Lefèvre" in body
    assert "<svg" in body and "<title" in body and "Demandes par mois" in body
    assert "30 min" in body
    assert "exemple fictif" not in body.lower()


def test_the_figures_are_kept_a_minute_and_the_page_says_so(private_admin, client):
    organisation = private_admin.organisation
    demande(organisation, paris(2026, 10, 5, 9), state=Demande.State.REGISTERED)
    client.force_login(private_admin)
    with time_machine.travel(NOW, tick=False):
        first = client.get(reverse("support:dashboard")).content.decode()
        demande(organisation, paris(2026, 10, 6, 9), state=Demande.State.REGISTERED)
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        kept = client.get(reverse("support:dashboard")).content.decode()
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        again = client.get(reverse("support:dashboard")).content.decode()
    assert "<dd>1</dd>" in first and "<dd>2</dd>" not in first
    assert (
        "Chiffres calculés le 16 novembre 2026 à 10:00 ; ils sont actualisés chaque minute." in kept
    )
    assert "<dd>2</dd>" not in kept
    assert "<dd>2</dd>" in again and "à 10:01 ;" in again


def test_the_kept_figures_are_each_organisation_s_own(private_admin, client):
    other = OrganisationFactory(name="Maison Roux", formula=Formula.PRIVATE)
    other_admin = UserFactory(organisation=other, role=Role.CLIENT_ADMIN, email="a@roux.test")
    for _ in range(3):
        demande(other, paris(2026, 10, 5, 9), state=Demande.State.REGISTERED)
    with time_machine.travel(NOW, tick=False):
        client.force_login(other_admin)
        theirs = client.get(reverse("support:dashboard")).content.decode()
        client.force_login(private_admin)
        mine = client.get(reverse("support:dashboard")).content.decode()
    assert "<dd>3</dd>" in theirs
    assert "<dd>3</dd>" not in mine and "Groupe Lefèvre" in mine


def test_a_user_with_the_dashboards_right_sees_it(private_admin, client):
    user = UserFactory(organisation=private_admin.organisation, rights=[Right.SEE_DASHBOARDS])
    client.force_login(user)
    assert client.get(reverse("support:dashboard")).status_code == 200


def test_a_user_without_the_right_is_refused(private_admin, client):
    user = UserFactory(organisation=private_admin.organisation, rights=[Right.FILE_DEMANDES])
    client.force_login(user)
    assert client.get(reverse("support:dashboard")).status_code == 403


@pytest.mark.parametrize("formula", [Formula.OPEN, Formula.CONNECT])
def test_open_and_connect_clients_see_what_private_would_give_not_their_data(db, client, formula):
    organisation = OrganisationFactory(formula=formula)
    admin = UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN)
    Demande.objects.create(
        reference="D-2026-999999",
        organisation=organisation,
        requester=admin,
        kind=Demande.Kind.CUSTOMER_SERVICE,
        category=Demande.Category.BILLING,
        subject="Facture de mars",
        formula=formula,
        registered_at=NOW,
        updated_at=NOW,
    )
    client.force_login(admin)
    body = client.get(reverse("support:dashboard")).content.decode()
    assert "exemple fictif" in body.lower()
    assert "formule Cegid Private" in body
    assert "<svg" in body  # the illustration
    assert "Facture de mars" not in body and organisation.name not in body.split("<main")[1]


# --- charts ---------------------------------------------------------------


def test_chart_is_accessible_and_escapes_text():
    chart = bar_chart(
        chart_id="c1",
        title="Demandes <script>",
        description="Volume & co",
        categories=["janv.", "févr."],
        series=[Series("Support", (3, 0)), Series("Service client", (1, 2))],
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Demandes &lt;script&gt;</title>' in svg
    assert "<script>" not in svg
    assert ">4</text>" in svg and ">2</text>" in svg  # totals printed as text
    assert chart.headers == ("Support", "Service client", "Total")
    assert chart.rows == (("janv.", ("3", "1", "4")), ("févr.", ("0", "2", "2")))


def test_empty_chart_still_renders():
    chart = bar_chart(
        chart_id="e", title="t", description="d", categories=["a"], series=[Series("s", (0,))]
    )
    assert "<svg" in chart.svg and chart.rows == (("a", ("0",)),)


@pytest.mark.parametrize(
    ("maximum", "step"), [(0, 1), (3, 1), (10, 5), (17, 5), (40, 10), (230, 100)]
)
def test_nice_steps(maximum, step):
    assert nice_step(maximum) == step
