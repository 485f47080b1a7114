"""A fix or a workaround before the crit. 1 action-plan deadline meets it (art. 12.3, DOMAIN.md)."""

from datetime import datetime

import pytest

from support.business_time import PARIS
from support.deadlines import deadlines_of
from support.models import Demande
from support.services import qualify, respond, sweep_deadlines, take_in_charge
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db
MONDAY_11 = datetime(2026, 3, 2, 11, 0, tzinfo=PARIS)
MONDAY_12 = datetime(2026, 3, 2, 12, 0, tzinfo=PARIS)
WEDNESDAY_10 = datetime(2026, 3, 4, 10, 0, tzinfo=PARIS)  # the 12 h ouvrées run out here
THURSDAY_10 = datetime(2026, 3, 5, 10, 0, tzinfo=PARIS)


@pytest.fixture
def crit_1(client_user, agent):
    demande = file(client_user)
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=1, now=MONDAY_11)
    return demande


@pytest.mark.parametrize("response", ["fix", "workaround"])
def test_a_fix_in_time_meets_the_action_plan_deadline(crit_1, agent, response):
    respond(demande=crit_1, agent=agent, response=response, message="Patch", now=MONDAY_12)
    assert crit_1.action_plan_due_at == WEDNESDAY_10
    assert sweep_deadlines(now=THURSDAY_10) == {"warned": 0, "breached": 0}
    crit_1.refresh_from_db()
    assert crit_1.action_plan_at == MONDAY_12
    assert crit_1.action_plan_breached_at is None
    assert not crit_1.is_breached
    assert crit_1.pending_deadline() is None
    (plan,) = [d for d in deadlines_of(crit_1) if d.key == "action_plan"]
    assert plan.met_at == MONDAY_12 and not plan.is_breached(THURSDAY_10)
    assert not crit_1.events.filter(action="breached").exists()
    assert not Demande.objects.filter(is_breached=True).exists()  # dashboards count this flag


def test_a_fix_after_the_action_plan_deadline_is_still_a_breach(crit_1, agent):
    respond(demande=crit_1, agent=agent, response="fix", message="Patch", now=THURSDAY_10)
    crit_1.refresh_from_db()
    assert crit_1.is_breached
    assert crit_1.action_plan_breached_at == crit_1.action_plan_due_at


def test_the_migration_lifts_breaches_recorded_before_the_rule(crit_1, agent):
    import importlib

    from django.apps import apps

    Demande.objects.filter(pk=crit_1.pk).update(
        fix_at=MONDAY_12,
        action_plan_breached_at=WEDNESDAY_10,
        is_breached=True,
        state=Demande.State.FIX,
    )
    migration = importlib.import_module("support.migrations.0005_fix_meets_action_plan")
    migration.fix_meets_action_plan(apps, None)
    crit_1.refresh_from_db()
    assert crit_1.action_plan_at == MONDAY_12
    assert crit_1.action_plan_breached_at is None
    assert not crit_1.is_breached
