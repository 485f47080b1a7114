"""Support Demandes only under a running contract (art. 12.2, 15); customer service always."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from portal.core.errors import DomainError
from support.models import Demande
from support.services import DemandeDraft, file_demande, record_phone_demande
from tests.support.factories import MONDAY_10

pytestmark = pytest.mark.django_db


def _support(user, **extra):
    draft = DemandeDraft(subject="Lettrage bloqué", **extra)
    return file_demande(requester=user, draft=draft, now=MONDAY_10)


@pytest.fixture
def contract(client_user):
    return client_user.organisation.contract


def test_an_ended_contract_files_no_support_demande(client_user, contract):
    contract.access_codes_sent_on = date(2023, 1, 10)
    contract.ends_on = date(2026, 1, 10)
    contract.save()
    with pytest.raises(DomainError) as error:
        _support(client_user)
    assert "a pris fin le 9 janvier 2026" in str(error.value.message)
    assert error.value.field == "kind"
    assert not Demande.objects.exists()


def test_a_pending_contract_files_no_support_demande(client_user, contract):
    contract.support_started_on = None
    contract.save()
    with pytest.raises(DomainError) as error:
        _support(client_user)
    assert "codes d'accès" in str(error.value.message)
    assert not Demande.objects.exists()


def test_support_that_starts_later_is_refused_until_then(client_user, contract):
    contract.support_started_on = date(2026, 4, 1)
    contract.save()
    with pytest.raises(DomainError) as error:
        _support(client_user)
    assert "commence le 1 avril 2026" in str(error.value.message)


def test_an_agent_cannot_record_a_support_call_for_an_ended_contract(client_user, agent, contract):
    contract.ends_on = date(2026, 1, 10)
    contract.save()
    with pytest.raises(DomainError):
        record_phone_demande(
            agent=agent,
            requester=client_user,
            called_at=MONDAY_10,
            now=MONDAY_10,
            draft=DemandeDraft(subject="x"),
        )


def test_customer_service_stays_open_and_runs_no_deadline(client_user, contract):
    contract.ends_on = date(2026, 1, 10)
    contract.save()
    demande = _support(client_user, kind="customer_service", category="billing")
    assert demande.take_in_charge_due_at is None
    assert demande.calendar_spec is None


@time_machine.travel(MONDAY_10, tick=False)
def test_the_filing_page_says_why_before_the_form(client, client_user, contract):
    contract.ends_on = date(2026, 1, 10)
    contract.save()
    client.force_login(client_user)
    response = client.get(reverse("support:create"))
    assert "a pris fin le 9 janvier 2026" in response.content.decode()
    response = client.post(reverse("support:create"), {"kind": "support", "subject": "x"})
    assert response.status_code == 200
    assert "a pris fin le" in response.content.decode()
    assert not Demande.objects.exists()
