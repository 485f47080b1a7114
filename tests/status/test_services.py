"""Announcing maintenance (art. 5), recording incidents (art. 6), publishing
releases (art. 10) and requesting a restoration (art. 9)."""

from datetime import date, timedelta

import pytest

from portal.accounts.rights import Right
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, IllegalStateChange
from portal.status import services
from portal.status.models import Incident, Maintenance, Release, RestorationRequest
from tests.status.conftest import paris
from tests.status.factories import IncidentFactory, RestorationRequestFactory

# Tuesday 3 November 2026, 10:00 in Paris.
NOW = paris(2026, 11, 3, 10, 0)


def announce(actor, service, start, end, *, kind=Maintenance.Kind.PLANNED, now=NOW):
    return services.announce_maintenance(
        actor=actor,
        kind=kind,
        services=[service],
        title="Montée de version de la base",
        start=start,
        end=end,
        now=now,
    )


# --- Maintenance (art. 5) ---------------------------------------------------------


def test_it_announces_a_planned_maintenance_for_next_sunday(vendor_admin, service):
    maintenance = announce(vendor_admin, service, paris(2026, 11, 8, 2), paris(2026, 11, 8, 6))
    assert maintenance.kind == Maintenance.Kind.PLANNED
    assert list(maintenance.services.all()) == [service]
    assert maintenance.announced_by == vendor_admin
    assert maintenance.announced_at == NOW
    assert maintenance.reminder_due_at == paris(2026, 11, 7, 2)
    assert AuditEvent.objects.filter(action="status.maintenance_planned").count() == 1


def test_it_refuses_47_hours_notice_with_the_reason_and_saves_nothing(vendor_admin, service):
    now = paris(2026, 11, 6, 3, 0)  # Friday 03:00; Sunday 02:00 is 47 h later
    with pytest.raises(services.AnnouncementRefused) as refused:
        announce(vendor_admin, service, paris(2026, 11, 8, 2), paris(2026, 11, 8, 6), now=now)
    assert len(refused.value.reasons) == 1
    reason = refused.value.reasons[0]
    assert "au moins 48 heures à l'avance" in reason
    assert "47 h" in reason
    assert not Maintenance.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_maintenance_spilling_past_7_on_a_weekday(vendor_admin, service):
    with pytest.raises(services.AnnouncementRefused) as refused:
        announce(vendor_admin, service, paris(2026, 11, 6, 2), paris(2026, 11, 6, 8))
    assert refused.value.reasons == [
        "La maintenance déborde de la fenêtre de maintenance "
        "le vendredi 6 novembre 2026 de 07:00 à 08:00."
    ]
    assert not Maintenance.objects.exists()


def test_it_names_every_broken_rule(vendor_admin, service):
    with pytest.raises(services.AnnouncementRefused) as refused:
        announce(vendor_admin, service, paris(2026, 11, 4, 6), paris(2026, 11, 4, 9))
    assert len(refused.value.reasons) == 2
    assert "48 heures" in refused.value.reasons[0]
    assert "de 07:00 à 09:00" in refused.value.reasons[1]


def test_saturday_night_to_monday_7_is_one_window(vendor_admin, service):
    # From midnight at the end of Saturday through Sunday to Monday 07:00.
    maintenance = announce(vendor_admin, service, paris(2026, 11, 8, 0), paris(2026, 11, 9, 7))
    assert maintenance.pk


def test_urgent_maintenance_may_happen_at_any_time(vendor_admin, service):
    maintenance = announce(
        vendor_admin,
        service,
        NOW + timedelta(minutes=10),
        NOW + timedelta(hours=2),
        kind=Maintenance.Kind.URGENT,
    )
    assert maintenance.is_urgent
    assert maintenance.reminder_due_at is None


def test_urgent_maintenance_must_end_after_it_starts(vendor_admin, service):
    with pytest.raises(DomainError) as refused:
        announce(vendor_admin, service, NOW, NOW - timedelta(hours=1), kind="urgent")
    assert refused.value.field == "end"
    assert not Maintenance.objects.exists()


def test_a_maintenance_needs_a_service(vendor_admin):
    with pytest.raises(DomainError) as refused:
        services.announce_maintenance(
            actor=vendor_admin,
            kind="planned",
            services=[],
            title="x",
            start=paris(2026, 11, 8, 2),
            end=paris(2026, 11, 8, 6),
            now=NOW,
        )
    assert refused.value.field == "services"


# --- Incidents (art. 6) -----------------------------------------------------------


def record(actor, service, start, end=None, **extra):
    return services.record_incident(
        actor=actor,
        title="Connexion impossible",
        environment=extra.pop("environment", Incident.Environment.PRODUCTION),
        cause=extra.pop("cause", Incident.Cause.COUNTED),
        services=[service],
        start=start,
        end=end,
        now=NOW,
    )


def test_it_records_an_ongoing_incident_then_closes_it(agent, service):
    incident = record(agent, service, NOW - timedelta(hours=1))
    assert incident.is_ongoing and incident.is_counted
    services.close_incident(actor=agent, incident=incident, end=NOW, now=NOW)
    incident.refresh_from_db()
    assert incident.end == NOW
    with pytest.raises(IllegalStateChange):
        services.close_incident(actor=agent, incident=incident, end=NOW, now=NOW)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"status.incident_recorded", "status.incident_closed"}


def test_it_refuses_an_incident_ending_before_it_starts(agent, service):
    with pytest.raises(DomainError) as refused:
        record(agent, service, NOW - timedelta(hours=1), NOW - timedelta(hours=2))
    assert refused.value.field == "end"
    assert "postérieure à son début" in str(refused.value.message)
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_closing_before_the_start(agent, service):
    incident = IncidentFactory(services=[service], start=NOW - timedelta(hours=1), end=None)
    with pytest.raises(DomainError):
        services.close_incident(
            actor=agent, incident=incident, end=NOW - timedelta(hours=2), now=NOW
        )
    incident.refresh_from_db()
    assert incident.end is None


def test_it_refuses_an_incident_in_the_future(agent, service):
    with pytest.raises(DomainError) as refused:
        record(agent, service, NOW + timedelta(hours=1))
    assert refused.value.field == "start"


def test_only_counted_production_unavailability_enters_ti(agent, service):
    other = record(agent, service, NOW - timedelta(hours=1), environment="other")
    excluded = record(agent, service, NOW - timedelta(hours=1), cause="force_majeure")
    assert not other.is_counted
    assert not excluded.is_counted


# --- Releases (art. 10) -----------------------------------------------------------


def publish(actor, service, **extra):
    values = {
        "kind": Release.Kind.NEW_VERSION,
        "services": [service],
        "version": "2027.1",
        "title": "Nouvelle déclaration de TVA",
        "release_date": date(2026, 12, 15),
        "now": NOW,
    }
    values.update(extra)
    return services.publish_release(actor=actor, **values)


def test_it_publishes_a_new_version_with_links(vendor_admin, service):
    release = publish(
        vendor_admin,
        service,
        needs_implementation_services=True,
        implementation_notes="Formation d'une demi-journée.",
        links=[("Notes PDF", "https://exemple.test/notes.pdf")],
    )
    assert release.downloads.get().url == "https://exemple.test/notes.pdf"
    assert AuditEvent.objects.filter(action="status.release_published").exists()


def test_a_new_version_date_is_announced_beforehand(vendor_admin, service):
    with pytest.raises(DomainError) as refused:
        publish(vendor_admin, service, release_date=date(2026, 11, 3))
    assert refused.value.field == "release_date"
    assert not Release.objects.exists()


def test_a_patch_may_be_published_the_same_day(vendor_admin, service):
    release = publish(vendor_admin, service, kind=Release.Kind.PATCH, release_date=NOW.date())
    assert not release.is_new_version


def test_implementation_services_must_be_described(vendor_admin, service):
    with pytest.raises(DomainError) as refused:
        publish(vendor_admin, service, needs_implementation_services=True)
    assert refused.value.field == "implementation_notes"


# --- Restoration (art. 9) ---------------------------------------------------------


def test_an_administrator_requests_a_restoration_to_j_3(client_admin):
    restoration = services.request_restoration(
        actor=client_admin, restore_point="J-3", comment="Import erroné", now=NOW
    )
    assert restoration.organisation == client_admin.organisation
    assert restoration.target_date == date(2026, 10, 31)
    assert restoration.restore_point_label == "J-3 — état du samedi 31 octobre 2026"
    assert AuditEvent.objects.filter(
        action="status.restoration_requested", organisation=client_admin.organisation
    ).exists()


def test_it_files_a_customer_service_demande(client_admin):
    from support.models import Demande

    restoration = services.request_restoration(actor=client_admin, restore_point="M-1", now=NOW)
    demande = Demande.objects.get(reference=restoration.demande_reference)
    assert restoration.status == RestorationRequest.Status.FILED
    assert demande.category == "restoration"
    assert "M-1" in demande.subject
    assert demande.requester == client_admin


@pytest.mark.parametrize("code", ["J-8", "M-3", "J-0", "demain"])
def test_a_restore_point_that_does_not_exist_is_refused(client_admin, code):
    with pytest.raises(DomainError) as refused:
        services.request_restoration(actor=client_admin, restore_point=code, now=NOW)
    assert refused.value.field == "restore_point"
    assert not RestorationRequest.objects.exists()


def test_a_user_without_the_right_cannot_request_a_restoration(client_user):
    with pytest.raises(DomainError):
        services.request_restoration(actor=client_user, restore_point="J-1", now=NOW)
    client_user.rights = [Right.REQUEST_RESTORATION]
    client_user.save(update_fields=["rights"])
    assert services.request_restoration(actor=client_user, restore_point="J-1", now=NOW).pk


def test_an_incident_of_one_client_is_seen_and_counted_for_that_client_only(
    agent, service, organisation, other_organisation, client_admin, outsider
):
    from portal.status import selectors

    other_organisation.contract.products.add(*service.products.all())  # both subscribe
    services.record_incident(
        actor=agent,
        title="Poste du client en panne",
        environment=Incident.Environment.PRODUCTION,
        cause=Incident.Cause.COUNTED,
        services=[service],
        start=paris(2026, 11, 2, 9),
        end=paris(2026, 11, 2, 12),
        organisation=organisation,
        now=NOW,
    )
    assert [i.title for i in selectors.incidents_for(client_admin)] == ["Poste du client en panne"]
    assert list(selectors.incidents_for(outsider)) == []
    mine = selectors.availability_report(client_admin, 2026, 11, now=NOW)
    theirs = selectors.availability_report(outsider, 2026, 11, now=NOW)
    service_wide = selectors.availability_report(agent, 2026, 11, now=NOW)
    assert mine.counted_ti == timedelta(hours=3)
    assert theirs.counted_ti == timedelta(0)
    assert service_wide.counted_ti == timedelta(0)


def test_cancelling_a_maintenance_hides_it_once(vendor_admin, client_user, service):
    from portal.status import selectors

    maintenance = announce(vendor_admin, service, paris(2026, 11, 8, 2), paris(2026, 11, 8, 6))
    services.cancel_maintenance(actor=vendor_admin, maintenance=maintenance, now=NOW)
    assert maintenance.cancelled_at == NOW
    assert list(selectors.maintenances_for(client_user, now=NOW)) == []
    assert selectors.get_maintenance(client_user, maintenance.public_id) == maintenance
    with pytest.raises(IllegalStateChange):
        services.cancel_maintenance(actor=vendor_admin, maintenance=maintenance, now=NOW)
    assert AuditEvent.objects.filter(action="status.maintenance_cancelled").count() == 1


def test_a_finished_maintenance_cannot_be_cancelled(vendor_admin, service):
    maintenance = announce(vendor_admin, service, paris(2026, 11, 8, 2), paris(2026, 11, 8, 6))
    with pytest.raises(IllegalStateChange):
        services.cancel_maintenance(
            actor=vendor_admin, maintenance=maintenance, now=paris(2026, 11, 8, 7)
        )


def test_vendor_staff_mark_a_restoration_done_once(client_admin, agent):
    restoration = RestorationRequestFactory(
        organisation=client_admin.organisation, requested_by=client_admin
    )
    done = services.record_restoration_outcome(
        actor=agent, restoration=restoration, status=RestorationRequest.Status.DONE, now=NOW
    )
    assert done.status == RestorationRequest.Status.DONE
    assert not done.is_open
    assert AuditEvent.objects.filter(
        action="status.restoration_done", organisation=client_admin.organisation
    ).exists()
    with pytest.raises(IllegalStateChange):
        services.record_restoration_outcome(
            actor=agent,
            restoration=restoration,
            status=RestorationRequest.Status.CANCELLED,
            now=NOW,
        )
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.DONE


@pytest.mark.parametrize("status", ["filed", "requested", "", "n'importe"])
def test_a_restoration_outcome_is_done_or_cancelled_only(client_admin, agent, status):
    restoration = RestorationRequestFactory(organisation=client_admin.organisation)
    with pytest.raises(DomainError):
        services.record_restoration_outcome(
            actor=agent, restoration=restoration, status=status, now=NOW
        )
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.FILED


def test_a_client_cannot_record_a_restoration_outcome(client_admin):
    restoration = RestorationRequestFactory(organisation=client_admin.organisation)
    with pytest.raises(DomainError):
        services.record_restoration_outcome(
            actor=client_admin,
            restoration=restoration,
            status=RestorationRequest.Status.CANCELLED,
            now=NOW,
        )
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.FILED
