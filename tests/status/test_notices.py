"""E-mail notices: planned maintenance announced, its reminder, a new version's
date (not patches). Sent once, even when the tasks run twice; opt-out respected."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.status import services, tasks
from portal.status.models import Maintenance, Release
from tests.factories import UserFactory
from tests.status.conftest import paris

NOW = paris(2026, 11, 3, 10, 0)


@pytest.fixture
def audience(client_user, client_admin, outsider, other_service):
    """Subscribers of ``service``: client_user and client_admin; plus one who opted
    out, one deactivated, and the outsider who subscribes to another service."""
    opted_out = UserFactory(organisation=client_user.organisation, email="non@durand.test")
    services.set_notice_preference(user=opted_out, receive_notices=False, now=NOW)
    UserFactory(organisation=client_user.organisation, email="parti@durand.test", is_active=False)
    return {"user@durand.test", "admin@durand.test"}


def planned(vendor_admin, service):
    return services.announce_maintenance(
        actor=vendor_admin,
        kind=Maintenance.Kind.PLANNED,
        services=[service],
        title="Montée de version de l'hébergement",
        start=paris(2026, 11, 8, 2),
        end=paris(2026, 11, 8, 6),
        now=NOW,
    )


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_announcement_is_sent_once_even_when_the_task_runs_twice(
    vendor_admin, service, audience, send_queued_emails
):
    maintenance = planned(vendor_admin, service)
    tasks.notify_maintenance(maintenance.pk)
    tasks.notify_maintenance(maintenance.pk)
    services.send_due_notices(now=NOW + timedelta(minutes=5))  # the sweep finds nothing left
    send_queued_emails()
    assert recipients() == sorted(audience)
    message = mail.outbox[0]
    assert "Maintenance planifiée le dimanche 8 novembre 2026" in message.subject
    assert "Du dimanche 8 novembre 2026 à 02:00 au dimanche 8 novembre 2026 à 06:00" in message.body
    assert "Cegid Expert — production" in message.body
    assert "Montée de version de l'hébergement" in message.body  # plain text, not HTML-escaped
    assert "/meteo/avis/" in message.body


def test_the_sweep_sends_an_announcement_the_broker_lost(
    vendor_admin, service, audience, send_queued_emails
):
    planned(vendor_admin, service)  # on_commit never ran: the message was lost
    services.send_due_notices(now=NOW + timedelta(minutes=5))
    services.send_due_notices(now=NOW + timedelta(minutes=10))
    send_queued_emails()
    assert recipients() == sorted(audience)


def test_reminder_goes_out_once_24_hours_before(
    vendor_admin, service, audience, send_queued_emails
):
    maintenance = planned(vendor_admin, service)
    Maintenance.objects.filter(pk=maintenance.pk).update(notified_at=NOW)
    assert services.send_due_notices(now=paris(2026, 11, 7, 1, 55)) == 0  # not yet due
    assert services.send_due_notices(now=paris(2026, 11, 7, 2, 0)) == 2
    assert services.send_due_notices(now=paris(2026, 11, 7, 2, 5)) == 0
    send_queued_emails()
    assert recipients() == sorted(audience)
    assert mail.outbox[0].subject.endswith("Rappel : maintenance le dimanche 8 novembre à 02:00")


def test_the_beat_task_sends_the_reminder_once_when_run_twice(
    vendor_admin, service, audience, send_queued_emails, time_machine
):
    maintenance = planned(vendor_admin, service)
    time_machine.move_to(paris(2026, 11, 7, 3, 0), tick=False)
    tasks.sweep_status_notices()  # the announcement (lost message) and the due reminder
    tasks.sweep_status_notices()
    send_queued_emails()
    maintenance.refresh_from_db()
    assert maintenance.reminded_at == paris(2026, 11, 7, 3, 0)
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2 * len(audience)
    assert sum("Rappel" in subject for subject in subjects) == len(audience)


def test_no_reminder_once_the_maintenance_started(vendor_admin, service, audience):
    maintenance = planned(vendor_admin, service)
    Maintenance.objects.filter(pk=maintenance.pk).update(notified_at=NOW)
    assert services.send_due_notices(now=paris(2026, 11, 8, 3)) == 0


def test_urgent_maintenance_sends_no_announcement(vendor_admin, service, audience):
    maintenance = services.announce_maintenance(
        actor=vendor_admin,
        kind=Maintenance.Kind.URGENT,
        services=[service],
        title="Correctif de sécurité",
        start=NOW,
        end=NOW + timedelta(hours=1),
        now=NOW,
    )
    assert tasks.notify_maintenance(maintenance.pk) == 0


def test_a_new_version_date_is_announced_once_and_patches_are_not(
    vendor_admin, service, audience, send_queued_emails
):
    common = {"actor": vendor_admin, "services": [service], "title": "TVA", "now": NOW}
    version = services.publish_release(
        kind=Release.Kind.NEW_VERSION,
        version="2027.1",
        release_date=date(2026, 12, 15),
        needs_implementation_services=True,
        implementation_notes="Paramétrage des nouveaux taux.",
        **common,
    )
    patch = services.publish_release(
        kind=Release.Kind.PATCH, version="2026.3.1", release_date=date(2026, 11, 3), **common
    )
    tasks.notify_release(version.pk)
    tasks.notify_release(version.pk)
    tasks.notify_release(patch.pk)
    send_queued_emails()
    assert recipients() == sorted(audience)
    assert "Nouvelle version 2027.1 le 15 décembre 2026" in mail.outbox[0].subject
    assert "prestations de mise en œuvre" in mail.outbox[0].body


def test_opting_back_in_receives_again(vendor_admin, service, client_user, send_queued_emails):
    services.set_notice_preference(user=client_user, receive_notices=False, now=NOW)
    services.set_notice_preference(user=client_user, receive_notices=True, now=NOW)
    tasks.notify_maintenance(planned(vendor_admin, service).pk)
    send_queued_emails()
    assert recipients() == ["user@durand.test"]


def test_recipients_are_found_in_a_bounded_number_of_queries(
    vendor_admin, service, organisation, django_assert_max_num_queries
):
    for n in range(15):
        UserFactory(organisation=organisation, email=f"equipe{n}@durand.test")
    from portal.status.selectors import notice_recipients

    with django_assert_max_num_queries(1):
        assert len(notice_recipients([service.pk])) == 15


def test_a_cancelled_maintenance_is_neither_announced_nor_reminded(
    vendor_admin, service, audience, send_queued_emails
):
    maintenance = planned(vendor_admin, service)
    services.cancel_maintenance(actor=vendor_admin, maintenance=maintenance, now=NOW)
    assert tasks.notify_maintenance(maintenance.pk) == 0
    assert services.send_due_notices(now=paris(2026, 11, 7, 3)) == 0
    send_queued_emails()
    assert mail.outbox == []


def test_a_notice_costs_one_recipients_query_and_one_stored_email_each(
    vendor_admin, service, client_user
):
    """Recipients come in one query; rendering queries nothing; each e-mail is one
    guarded INSERT (savepoint, insert, release) — whatever the number of users."""

    def queries_for_a_notice():
        maintenance = planned(vendor_admin, service)
        with CaptureQueriesContext(connection) as captured:
            services.send_maintenance_notice(maintenance_id=maintenance.pk, now=NOW)
        return len(captured)

    with_one = queries_for_a_notice()  # client_user only
    for n in range(10):
        UserFactory(organisation=client_user.organisation, email=f"u{n}@durand.test")
    with_eleven = queries_for_a_notice()
    assert len(mail.outbox) == 0  # queued, not sent: the outbox sweep sends them
    assert with_eleven - with_one <= 3 * 10
