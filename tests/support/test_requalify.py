"""Criticality (art. 1): definitions shown, requalification with a reason (DOMAIN.md)."""

from datetime import datetime

import pytest
from django.urls import reverse

from portal.core.errors import DomainError, IllegalStateChange
from support.business_time import PARIS
from support.models import Demande
from support.services import qualify, requalify, sweep_deadlines, take_in_charge
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db
TUESDAY_10 = datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)


@pytest.fixture
def crit_2(client_user, agent):
    demande = file(client_user)
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=MONDAY_10)
    return demande


def test_requalifying_recomputes_the_deadlines_from_its_own_instant(crit_2, agent):
    old_fix_due = crit_2.fix_due_at
    requalify(
        demande=crit_2,
        agent=agent,
        qualification="anomalie",
        criticality=1,
        reason="Plus aucune saisie possible",
        now=TUESDAY_10,
    )
    assert crit_2.criticality == 1
    assert crit_2.qualified_at == TUESDAY_10
    # 12 heures ouvrées from Tuesday 10:00 on Open hours: Wednesday 17:30.
    assert crit_2.action_plan_due_at == datetime(2026, 3, 4, 17, 30, tzinfo=PARIS)
    assert crit_2.fix_due_at is None and crit_2.fix_warn_at is None
    event = crit_2.events.get(action="requalified")
    assert event.is_public
    assert event.data["reason"] == "Plus aucune saisie possible"
    assert event.data["previous"] == {
        "qualification": "anomalie",
        "criticality": 2,
        "deadlines": {"fix": old_fix_due.isoformat()},
    }
    # The old fix deadline no longer runs: only the new plan deadline is swept.
    assert sweep_deadlines(now=datetime(2026, 3, 12, 10, 0, tzinfo=PARIS))["breached"] == 1
    assert crit_2.events.get(action="breached").data == {"deadline": "action_plan"}


def test_requalifying_to_crit_3_ends_the_running_deadline(crit_2, agent):
    requalify(
        demande=crit_2, agent=agent, qualification="anomalie", criticality=3, reason="Cosmétique"
    )
    assert crit_2.fix_due_at is None and crit_2.pending_deadline() is None


def test_a_requalification_needs_a_reason_and_a_change(crit_2, agent):
    with pytest.raises(DomainError) as error:
        requalify(demande=crit_2, agent=agent, qualification="anomalie", criticality=1, reason=" ")
    assert error.value.field == "reason"
    with pytest.raises(DomainError):
        requalify(demande=crit_2, agent=agent, qualification="anomalie", criticality=2, reason="x")
    crit_2.refresh_from_db()
    assert crit_2.criticality == 2 and not crit_2.events.filter(action="requalified").exists()


def test_only_an_agent_requalifies_a_qualified_demande(crit_2, client_user, agent):
    with pytest.raises(DomainError):
        requalify(
            demande=crit_2, agent=client_user, qualification="other", criticality=None, reason="x"
        )
    registered = file(client_user)
    with pytest.raises(IllegalStateChange):
        requalify(
            demande=registered, agent=agent, qualification="anomalie", criticality=1, reason="x"
        )


def test_the_page_defines_the_criticality_and_keeps_the_old_deadline(
    client, crit_2, agent, client_user
):
    client.force_login(agent)
    page = client.get(reverse("support:detail", args=[crit_2.reference])).content.decode()
    assert "Les trois criticités" in page  # where the agent qualifies
    client.post(
        reverse("support:requalify", args=[crit_2.reference]),
        {"qualification": "anomalie", "criticality": "1", "reason": "Bloquant en clôture"},
    )
    crit_2.refresh_from_db()
    assert crit_2.criticality == Demande.Criticality.BLOCKING
    client.force_login(client_user)
    page = client.get(reverse("support:detail", args=[crit_2.reference])).content.decode()
    assert "fonctionnalités essentielles du Service" in page  # crit. 1 defined for the client
    assert "Bloquant en clôture" in page
    assert "Délai précédent" in page and "en fin de journée du mardi 10/03/2026" in page


def test_the_api_requalifies_with_a_reason_and_answers_400_without_one(crit_2, agent, outsider):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    url = f"/api/v1/demandes/{crit_2.reference}/requalify/"
    missing = api(agent).post(url, {"qualification": "anomalie", "criticality": 1}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    assert api(outsider).post(url, {}, format="json").status_code == 403  # agents only
    response = api(agent).post(
        url, {"qualification": "anomalie", "criticality": 3, "reason": "Mineure"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["criticality"] == 3 and response.json()["fix_due_at"] is None
