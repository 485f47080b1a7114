"""Take-in-charge compliance (art. 12.2): the pure rules and their SQL twin."""

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from subscriptions.models import Formula
from support.business_time import PARIS
from support.compliance import (
    MET,
    MISSED,
    PENDING,
    Tally,
    classify,
    compliance_by_period,
    period,
    period_index,
    period_of,
    periods_until,
    tally,
)
from support.models import Demande
from support.selectors_reports import (
    clients_compliance,
    filter_clients,
    organisation_compliance,
)
from tests.factories import OrganisationFactory, UserFactory


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


#: For the pages that compute "now": well inside a period of the factories' clients
#: (started 2 January), so Demandes of three days before are in the current period
#: whatever day the suite runs.
MID_PERIOD = paris(2026, 6, 10, 10, 0)


DUE = paris(2026, 3, 10, 12, 0)


# --- classification -------------------------------------------------------


def test_taken_exactly_at_the_deadline_is_in_time():
    assert classify(DUE, DUE, now=DUE + timedelta(days=1)) == MET


def test_taken_one_second_late_is_missed():
    assert classify(DUE, DUE + timedelta(seconds=1), now=DUE + timedelta(days=1)) == MISSED


def test_taken_early_is_met_whatever_now():
    assert classify(DUE, DUE - timedelta(hours=3), now=DUE - timedelta(hours=1)) == MET


def test_not_taken_and_deadline_not_yet_come_is_pending():
    assert classify(DUE, None, now=DUE - timedelta(minutes=1)) == PENDING


def test_not_taken_at_the_deadline_instant_is_still_pending():
    assert classify(DUE, None, now=DUE) == PENDING


def test_not_taken_after_the_deadline_is_missed():
    assert classify(DUE, None, now=DUE + timedelta(seconds=1)) == MISSED


def test_tally_rate_ignores_pending():
    counted = tally(
        [(DUE, DUE), (DUE, DUE), (DUE, DUE), (DUE, None), (DUE, DUE + timedelta(hours=1))],
        now=DUE,
    )
    assert counted == Tally(met=3, missed=1, pending=1)
    assert counted.rate == 0.75
    assert counted.percent == 75.0
    assert counted.meets_target is True


def test_just_under_the_target_fails_it():
    rows = [(DUE, DUE)] * 74 + [(DUE, DUE + timedelta(hours=1))] * 26
    assert tally(rows, now=DUE).meets_target is False


def test_nothing_counted_has_no_rate():
    only_pending = tally([(DUE, None)], now=DUE - timedelta(hours=1))
    assert only_pending.rate is None
    assert only_pending.meets_target is None
    assert Tally().percent is None


# --- periods --------------------------------------------------------------


def test_periods_are_twelve_months_from_the_start():
    start = date(2024, 9, 2)
    assert period(start, 0).start == date(2024, 9, 2)
    assert period(start, 0).end == date(2025, 9, 2)
    assert period(start, 0).last_day == date(2025, 9, 1)
    assert period(start, 2).start == date(2026, 9, 2)


def test_a_start_on_29_february_clamps_and_comes_back():
    start = date(2024, 2, 29)
    assert period(start, 0).end == date(2025, 2, 28)
    assert period(start, 1).start == date(2025, 2, 28)
    assert period(start, 3).end == date(2028, 2, 29)  # anchored, never chained
    assert period_index(start, date(2025, 2, 27)) == 0
    assert period_index(start, date(2025, 2, 28)) == 1
    assert period_index(start, date(2028, 2, 28)) == 3
    assert period_index(start, date(2028, 2, 29)) == 4


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 9, 1), None),
        (date(2024, 9, 2), 0),
        (date(2025, 9, 1), 0),
        (date(2025, 9, 2), 1),
        (date(2026, 1, 1), 1),
        (date(2026, 9, 2), 2),
    ],
)
def test_period_index_at_the_boundaries(day, expected):
    assert period_index(date(2024, 9, 2), day) == expected


def test_a_period_starts_at_midnight_paris_not_utc():
    start = date(2024, 9, 2)
    # 1 Sept 2025 23:30 UTC is already 2 Sept 01:30 in Paris: period 1.
    assert period_of(start, datetime.fromisoformat("2025-09-01T23:30:00+00:00")).index == 1
    assert period_of(start, paris(2025, 9, 1, 23, 59, 59)).index == 0
    assert period(start, 1).starts_at == paris(2025, 9, 2, 0, 0)


def test_periods_until_today_include_the_current_one():
    start = date(2024, 9, 2)
    assert [p.index for p in periods_until(start, date(2026, 11, 27))] == [0, 1, 2]
    assert periods_until(start, date(2024, 8, 31)) == []


def test_compliance_by_period_splits_at_the_anniversary():
    start = date(2024, 9, 2)
    now = paris(2025, 9, 10, 10, 0)
    late = timedelta(hours=10)
    rows = [
        # period 0: 1 met, 1 missed
        (paris(2024, 10, 1, 9), paris(2024, 10, 1, 17), paris(2024, 10, 1, 10)),
        (paris(2025, 9, 1, 23, 59), paris(2025, 9, 2, 17), paris(2025, 9, 2, 17) + late),
        # period 1: met at the anniversary's first minute, missed (never taken), pending
        (paris(2025, 9, 2, 0, 0), paris(2025, 9, 2, 17), paris(2025, 9, 2, 9)),
        (paris(2025, 9, 3, 9), paris(2025, 9, 3, 17), None),
        (paris(2025, 9, 10, 9), paris(2025, 9, 10, 17), None),
        # before support started: in no period
        (paris(2024, 9, 1, 9), paris(2024, 9, 2, 17), None),
    ]
    result = compliance_by_period(start, rows, now)
    assert [(r.period.index, r.tally, r.is_current) for r in result] == [
        (0, Tally(met=1, missed=1), False),
        (1, Tally(met=1, missed=1, pending=1), True),
    ]


# --- the SQL twin (support/selectors_reports.py) and the pages ----------------

_numbers = itertools.count(1)


def make_demande(organisation, *, registered_at, due_at=None, taken_at=None, **fields):
    """A support Demande with exactly the instants a test needs (no service, no e-mail)."""
    requester = fields.pop("requester", None) or organisation.members.first()
    return Demande.objects.create(
        reference=f"D-T-{next(_numbers):06d}",
        organisation=organisation,
        requester=requester,
        kind=fields.pop("kind", Demande.Kind.SUPPORT),
        subject="Sujet",
        formula=organisation.formula,
        registered_at=registered_at,
        updated_at=registered_at,
        take_in_charge_due_at=due_at,
        taken_in_charge_at=taken_at,
        state=Demande.State.TAKEN_IN_CHARGE if taken_at else Demande.State.REGISTERED,
        **fields,
    )


def client_with_start(start: date, formula=Formula.OPEN, name=None):
    organisation = OrganisationFactory(formula=formula, **({"name": name} if name else {}))
    organisation.contract.support_started_on = start
    organisation.contract.save(update_fields=["support_started_on"])
    UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN)
    return organisation


BOUNDARY_ROWS = [
    # (registered_at, due_at, taken_at) around the anniversary 2 September 2025
    (paris(2024, 10, 1, 9), paris(2024, 10, 1, 17), paris(2024, 10, 1, 10)),
    (paris(2025, 9, 1, 23, 59), paris(2025, 9, 2, 13), paris(2025, 9, 2, 13, 0, 1)),
    (paris(2025, 9, 2, 0, 0), paris(2025, 9, 2, 17), paris(2025, 9, 2, 17)),
    (paris(2025, 9, 3, 9), paris(2025, 9, 3, 17), None),
    (paris(2025, 9, 10, 9), paris(2025, 9, 10, 17), None),
    (paris(2024, 9, 1, 9), paris(2024, 9, 2, 17), None),
]
NOW = paris(2025, 9, 10, 10, 0)


def test_the_database_counts_as_the_pure_rules(db):
    organisation = client_with_start(date(2024, 9, 2))
    for registered_at, due_at, taken_at in BOUNDARY_ROWS:
        make_demande(organisation, registered_at=registered_at, due_at=due_at, taken_at=taken_at)
    # customer service and support without deadline are never counted
    make_demande(organisation, registered_at=paris(2025, 9, 3, 9), kind="customer_service")

    from_db = organisation_compliance(organisation, now=NOW)
    assert from_db == compliance_by_period(date(2024, 9, 2), BOUNDARY_ROWS, NOW)
    assert [(r.period.index, r.tally) for r in from_db] == [
        (0, Tally(met=1, missed=1)),
        (1, Tally(met=1, missed=1, pending=1)),
    ]


def test_time_moving_on_turns_pending_into_missed(db):
    organisation = client_with_start(date(2024, 9, 2))
    make_demande(organisation, registered_at=paris(2025, 9, 10, 9), due_at=paris(2025, 9, 10, 17))
    at_deadline = organisation_compliance(organisation, now=paris(2025, 9, 10, 17))[-1].tally
    after = organisation_compliance(organisation, now=paris(2025, 9, 10, 17, 0, 1))[-1].tally
    assert at_deadline == Tally(pending=1)
    assert after == Tally(missed=1)


def test_no_period_before_support_starts(db):
    organisation = client_with_start(date(2026, 1, 5))
    assert organisation_compliance(organisation, now=paris(2025, 12, 1, 9)) == []


def test_one_query_for_all_periods(db, django_assert_num_queries):
    organisation = client_with_start(date(2016, 9, 2))
    for year in range(2016, 2026):
        make_demande(
            organisation, registered_at=paris(year, 10, 1, 9), due_at=paris(year, 10, 1, 17)
        )
    organisation.contract  # noqa: B018 — loaded once by the caller
    with django_assert_num_queries(1):
        periods = organisation_compliance(organisation, now=NOW)
    assert len(periods) == 10


def test_vendor_list_uses_each_clients_current_period(db):
    now = paris(2025, 9, 10, 10, 0)
    started_sept = client_with_start(date(2024, 9, 2), name="A — anniversaire passé")
    started_dec = client_with_start(date(2023, 12, 15), name="B — anniversaire à venir")
    leap = client_with_start(date(2024, 2, 29), name="C — 29 février")
    client_with_start(date(2026, 1, 1), name="D — pas commencé")
    # A: only the Demande from 2 September 2025 on counts
    make_demande(
        started_sept,
        registered_at=paris(2025, 9, 1, 23, 59),
        due_at=paris(2025, 9, 2, 9),
        taken_at=paris(2025, 9, 2, 9),
    )
    make_demande(
        started_sept,
        registered_at=paris(2025, 9, 2, 0, 0),
        due_at=paris(2025, 9, 2, 17),
        taken_at=paris(2025, 9, 3, 9),
    )
    # B: current period started 15 December 2024
    make_demande(
        started_dec, registered_at=paris(2024, 12, 14, 23, 59), due_at=paris(2024, 12, 16, 17)
    )
    make_demande(
        started_dec,
        registered_at=paris(2024, 12, 15, 0, 0),
        due_at=paris(2024, 12, 16, 17),
        taken_at=paris(2024, 12, 16, 9),
    )
    # C: current period started 28 February 2025 (29 February clamped)
    make_demande(leap, registered_at=paris(2025, 2, 27, 12), due_at=paris(2025, 2, 27, 17))
    make_demande(
        leap,
        registered_at=paris(2025, 2, 28, 0, 0),
        due_at=paris(2025, 2, 28, 17),
        taken_at=paris(2025, 2, 28, 9),
    )

    rows = {row.name: row for row in clients_compliance(now=now)}

    assert sorted(rows) == ["A — anniversaire passé", "B — anniversaire à venir", "C — 29 février"]
    a, b, c = (
        rows["A — anniversaire passé"],
        rows["B — anniversaire à venir"],
        rows["C — 29 février"],
    )
    assert a.tally == Tally(met=0, missed=1) and a.tally.rate == 0.0
    assert a.period.start == date(2025, 9, 2)
    assert b.tally == Tally(met=1) and b.period.start == date(2024, 12, 15)
    assert c.tally == Tally(met=1) and c.period.start == date(2025, 2, 28)
    # each agrees with the per-client computation
    for organisation in (started_sept, started_dec, leap):
        current = organisation_compliance(organisation, now=now)[-1]
        assert rows[organisation.name].tally == current.tally
        assert rows[organisation.name].period == current.period

    under = filter_clients(clients_compliance(now=now), under_target_only=True)
    assert [row.name for row in under] == ["A — anniversaire passé"]


def test_vendor_list_puts_the_furthest_under_target_first(db):
    now = paris(2025, 9, 10, 10, 0)
    late = timedelta(days=1)
    figures = {"Sans demande": (0, 0), "Tout bon": (3, 0), "Moitié": (1, 1), "Rien": (0, 2)}
    for name, (met, missed) in figures.items():
        organisation = client_with_start(date(2024, 3, 1), name=name)
        for taken_late in [False] * met + [True] * missed:
            make_demande(
                organisation,
                registered_at=paris(2025, 6, 2, 9),
                due_at=paris(2025, 6, 2, 17),
                taken_at=paris(2025, 6, 2, 17) + (late if taken_late else timedelta(0)),
            )
    names = [row.name for row in clients_compliance(now=now)]
    assert names == ["Rien", "Moitié", "Tout bon", "Sans demande"]
    assert [r.name for r in filter_clients(clients_compliance(now=now), query="moit")] == ["Moitié"]


def test_vendor_list_query_count_does_not_grow(db, django_assert_num_queries):
    now = paris(2025, 9, 10, 10, 0)
    for day in range(1, 6):
        organisation = client_with_start(date(2024, 3, day))
        for hour in (9, 10, 11):
            make_demande(
                organisation,
                registered_at=paris(2025, 6, day, hour),
                due_at=paris(2025, 6, day, 17),
            )
    with django_assert_num_queries(2):
        rows = clients_compliance(now=now)
    assert len(rows) == 5 and all(row.tally.missed == 3 for row in rows)


@time_machine.travel(MID_PERIOD, tick=False)
def test_agent_sees_clients_under_target(db, agent, client):
    late = client_with_start(date(2024, 1, 2), name="Retard SA")
    on_time = client_with_start(date(2024, 1, 2), name="Ponctuel SA")
    now = timezone.now()
    make_demande(late, registered_at=now - timedelta(days=3), due_at=now - timedelta(days=2))
    make_demande(
        on_time,
        registered_at=now - timedelta(days=3),
        due_at=now - timedelta(days=2),
        taken_at=now - timedelta(days=3),
    )
    client.force_login(agent)
    body = client.get(reverse("support:compliance"), {"sous_objectif": "1"}).content.decode()
    assert "Retard SA" in body and "Ponctuel SA" not in body
    assert "sous l&#x27;objectif" in body or "sous l'objectif" in body


def test_client_admin_sees_their_own_periods_only(db, client_admin, outsider, client):
    organisation = client_admin.organisation
    now = timezone.now()
    make_demande(
        organisation,
        registered_at=now - timedelta(days=3),
        due_at=now - timedelta(days=2),
        taken_at=now - timedelta(days=3),
    )
    client.force_login(client_admin)
    body = client.get(reverse("support:compliance")).content.decode()
    assert organisation.name in body
    assert "100,0 %" in body  # French decimal comma
    other = client.get(reverse("support:compliance_client", args=[outsider.organisation.public_id]))
    assert other.status_code == 404


@time_machine.travel(MID_PERIOD, tick=False)
def test_vendor_list_is_computed_once_per_five_minutes(db, agent, client):
    late = client_with_start(date(2024, 1, 2), name="Retard SA")
    now = timezone.now()
    client.force_login(agent)
    first = client.get(reverse("support:compliance")).content.decode()
    assert "Retard SA" in first and "Chiffres calculés le" in first
    make_demande(late, registered_at=now - timedelta(days=3), due_at=now - timedelta(days=2))
    cached = client.get(reverse("support:compliance"), {"sous_objectif": "1"}).content.decode()
    assert "Retard SA" not in cached  # the list computed a moment ago
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        fresh = client.get(reverse("support:compliance"), {"sous_objectif": "1"}).content.decode()
    assert "Retard SA" in fresh


def test_staff_see_any_clients_periods_with_a_way_back(db, agent, client):
    organisation = client_with_start(date(2024, 1, 2), name="Client suivi")
    client.force_login(agent)
    body = client.get(
        reverse("support:compliance_client", args=[organisation.public_id])
    ).content.decode()
    assert "Client suivi" in body and "Tous les clients" in body
