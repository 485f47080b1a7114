"""The status services check who acts, as the accounts, support and documents
services do (issue 12): the vendor's staff announce maintenance, record
incidents and publish releases; a client's person or a deactivated agent is
refused by the service itself, whatever page or API called it."""

from datetime import date, timedelta

import pytest

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.status import services
from portal.status.models import Incident, Maintenance, Release, RestorationRequest
from tests.status.conftest import paris
from tests.status.factories import IncidentFactory, MaintenanceFactory, RestorationRequestFactory

pytestmark = pytest.mark.django_db

NOW = paris(2026, 11, 3, 10, 0)
REFUSED = "Seul le personnel de l'éditeur peut modifier la météo des offres."


def announce(actor, service):
    return services.announce_maintenance(
        actor=actor,
        kind=Maintenance.Kind.URGENT,
        services=[service],
        title="Correctif urgent",
        start=NOW + timedelta(hours=1),
        end=NOW + timedelta(hours=2),
        now=NOW,
    )


def record_incident(actor, service):
    return services.record_incident(
        actor=actor,
        title="Connexion impossible",
        environment=Incident.Environment.PRODUCTION,
        cause=Incident.Cause.COUNTED,
        services=[service],
        start=NOW - timedelta(hours=1),
        now=NOW,
    )


def publish(actor, service):
    return services.publish_release(
        actor=actor,
        kind=Release.Kind.NEW_VERSION,
        services=[service],
        version="2027.1",
        title="Nouvelle déclaration de TVA",
        release_date=date(2026, 12, 15),
        now=NOW,
    )


@pytest.mark.parametrize("write", [announce, record_incident, publish])
def test_a_client_administrator_is_refused_and_nothing_is_saved(write, client_admin, service):
    with pytest.raises(DomainError) as refused:
        write(client_admin, service)
    assert str(refused.value.message) == REFUSED
    assert not Maintenance.objects.exists()
    assert not Incident.objects.exists()
    assert not Release.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("write", [announce, record_incident, publish])
def test_a_deactivated_agent_is_refused(write, agent, service):
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    with pytest.raises(DomainError):
        write(agent, service)


def test_closing_and_cancelling_are_the_vendor_s_too(client_admin, service):
    incident = IncidentFactory(services=[service], start=NOW - timedelta(hours=1), end=None)
    maintenance = MaintenanceFactory(
        services=[service], start=NOW + timedelta(days=5), end=NOW + timedelta(days=5, hours=2)
    )
    with pytest.raises(DomainError):
        services.close_incident(actor=client_admin, incident=incident, end=NOW, now=NOW)
    with pytest.raises(DomainError):
        services.cancel_maintenance(actor=client_admin, maintenance=maintenance, now=NOW)
    incident.refresh_from_db()
    maintenance.refresh_from_db()
    assert incident.end is None and maintenance.cancelled_at is None


def test_vendor_staff_may_do_each(agent, vendor_admin, service):
    assert announce(agent, service).pk
    assert record_incident(vendor_admin, service).pk
    assert publish(agent, service).pk


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (RestorationRequest.Status.DONE, "Restauration effectuée"),
        (RestorationRequest.Status.CANCELLED, "Demande de restauration annulée"),
    ],
)
def test_a_restoration_outcome_reads_in_french_on_the_client_trail(
    status, label, login, agent, client_admin
):
    from django.urls import reverse

    restoration = RestorationRequestFactory(
        organisation=client_admin.organisation, requested_by=client_admin
    )
    services.record_restoration_outcome(actor=agent, restoration=restoration, status=status)
    body = login(client_admin).get(reverse("audit:trail")).content.decode()
    assert label in body
    assert f"status.restoration_{status}" not in body
