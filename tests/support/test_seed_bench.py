"""The benchmark's data set (manage.py seed_bench) and the bench command itself."""

from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from portal.accounts.models import Role, User
from portal.core.models import NumberSequence
from portal.core.numbering import DEMANDE_REFERENCES
from portal.organisations.models import Organisation
from subscriptions.models import Formula
from support.business_time import PARIS
from support.compliance import compliance_by_period
from support.models import Comment, Demande, DemandeEvent
from support.selectors_reports import organisation_compliance
from support.services.timers import sweep_deadlines

NOW = datetime(2026, 11, 18, 15, 20, tzinfo=PARIS)


@pytest.fixture
def seeded(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_bench", demandes=200, organisations=6, seed=3, stdout=StringIO())


def test_it_seeds_a_realistic_mix(seeded):
    assert Organisation.objects.count() == 6
    assert Demande.objects.count() == 200
    formulas = set(Organisation.objects.values_list("contract__formula", flat=True))
    assert formulas == {Formula.CONNECT, Formula.OPEN, Formula.PRIVATE}
    assert User.objects.filter(role=Role.AGENT).count() == 20
    assert User.objects.filter(role=Role.CLIENT_ADMIN).count() == 6
    assert DemandeEvent.objects.filter(action="registered").count() == 200
    assert DemandeEvent.objects.count() > 400
    assert Comment.objects.count() == DemandeEvent.objects.filter(action="commented").count()
    states = set(Demande.objects.values_list("state", flat=True))
    assert Demande.State.CLOSED in states
    assert states & set(Demande.OPEN_STATES)  # a backlog too


def test_support_demandes_carry_real_deadlines_and_connect_has_none(seeded):
    support = Demande.objects.filter(kind=Demande.Kind.SUPPORT)
    assert support.exists()
    assert not support.filter(formula=Formula.CONNECT).exists()
    assert not support.filter(take_in_charge_due_at__isnull=True).exists()
    for demande in support[:20]:
        calendar = demande.sla_calendar()
        delay = {"open": 8, "private": 4}[demande.formula]
        assert calendar.business_time_between(
            demande.registered_at, demande.take_in_charge_due_at
        ).total_seconds() == pytest.approx(delay * 3600)
    assert not Demande.objects.filter(
        kind=Demande.Kind.CUSTOMER_SERVICE, take_in_charge_due_at__isnull=False
    ).exists()
    assert not Demande.objects.filter(registered_at__gt=NOW).exists()


def test_references_follow_registration_and_counters_continue(seeded):
    references = list(Demande.objects.order_by("registered_at").values_list("reference", flat=True))
    assert len(set(references)) == 200
    for counter in NumberSequence.objects.filter(name=DEMANDE_REFERENCES):
        last = (
            Demande.objects.filter(reference__startswith=f"D-{counter.year}-")
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        assert last == f"D-{counter.year}-{counter.last_number:06d}"


def test_the_sweep_finds_nothing_due_after_seeding(seeded):
    with time_machine.travel(NOW, tick=False):
        assert sweep_deadlines(now=NOW) == {"warned": 0, "breached": 0}


def test_compliance_of_seeded_clients_matches_the_pure_rules(seeded):
    for organisation in Organisation.objects.exclude(contract__formula=Formula.CONNECT):
        rows = Demande.objects.filter(
            organisation=organisation, take_in_charge_due_at__isnull=False
        ).values_list("registered_at", "take_in_charge_due_at", "taken_in_charge_at")
        started = organisation.contract.support_started_on
        assert organisation_compliance(organisation, now=NOW) == compliance_by_period(
            started, rows, NOW
        )


def test_it_refuses_a_database_that_already_has_demandes(seeded):
    with pytest.raises(CommandError, match="jetable"):
        call_command("seed_bench", demandes=10, organisations=2, stdout=StringIO())


def test_bench_prints_its_table(seeded):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("bench", iterations=2, clock_seconds=0.05, stdout=out)
    table = out.getvalue()
    for label in (
        "add_business_time",
        "File des agents",
        "Liste client",
        "Détail d'une demande",
        "Tableau de bord Private",
        "balayage, rien d'échu",
        "balayage, 1 % échu",
    ):
        assert label in table
    assert "HTTP" not in table  # every page answered 200
    # the 1 % sweep ran in a transaction rolled back
    assert Demande.objects.filter(take_in_charge_breached_at__isnull=False).count() == (
        Demande.objects.filter(
            take_in_charge_due_at__lte=NOW, take_in_charge_breached_at__isnull=False
        ).count()
    )
