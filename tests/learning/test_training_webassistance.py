"""Webassistances (art. 12.8): invitations with .ics, waiting list, reminder, changes, replay."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learning import services_webassistance as services
from learning.models import WebassistanceSeat
from learning.tasks_training import sweep_webassistance_reminders
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories_training import NOW, hold, product, session

pytestmark = pytest.mark.django_db
S = WebassistanceSeat.Status


@pytest.fixture
def expert():
    return product()


def _user(formula, *products, **fields):
    organisation = OrganisationFactory(formula=formula)
    hold(organisation, *products)
    return UserFactory(organisation=organisation, **fields)


def _ics(message):
    return [a for a in message.attachments if a[0].endswith(".ics")]


def test_scheduling_invites_open_and_private_users_holding_the_product(
    expert, vendor_admin, send_queued_emails
):
    open_user = _user("open", expert, email="open@a.test")
    private_user = _user("private", expert, email="private@b.test")
    _user("connect", expert, email="connect@c.test")
    _user("private", email="sans-produit@d.test")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("portal.core.emails.enqueue_on_commit", lambda task, pk: None)
        services.schedule(
            actor=vendor_admin,
            topic="Clôture annuelle",
            product=expert,
            starts_at=NOW + timedelta(days=3),
            duration_minutes=90,
            trainer="Hugo Marchal",
            capacity=10,
            meeting_url="https://visio.example.test/x",
            now=NOW,
        )
    send_queued_emails(now=NOW)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([open_user.email, private_user.email])
    name, content, mimetype = _ics(mail.outbox[0])[0]
    assert name == "webassistance.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "METHOD:REQUEST" in content


def test_a_full_session_puts_people_on_a_waiting_list_promoted_in_order(expert, send_queued_emails):
    one = session(expert, capacity=1)
    first, second, third = (_user("open", expert) for _ in range(3))
    assert services.register(user=first, session=one, now=NOW).status == S.REGISTERED
    assert services.register(user=second, session=one, now=NOW).status == S.WAITING
    later = NOW + timedelta(minutes=5)
    assert services.register(user=third, session=one, now=later).status == S.WAITING
    mail.outbox.clear()
    send_queued_emails(now=later)
    mail.outbox.clear()
    services.unregister(user=first, session=one, now=later)
    assert WebassistanceSeat.objects.get(user=second).status == S.REGISTERED
    assert WebassistanceSeat.objects.get(user=third).status == S.WAITING
    send_queued_emails(now=later)
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert _ics(mail.outbox[0])


def test_registering_twice_keeps_one_seat(expert):
    one = session(expert)
    user = _user("open", expert)
    services.register(user=user, session=one, now=NOW)
    services.register(user=user, session=one, now=NOW)
    assert WebassistanceSeat.objects.filter(user=user).count() == 1


def test_a_connect_client_cannot_register(expert):
    with pytest.raises(Exception, match="Cegid Open et Cegid Private"):
        services.register(user=_user("connect", expert), session=session(expert), now=NOW)


def test_the_reminder_goes_out_once_the_day_before(expert, send_queued_emails, time_machine):
    one = session(expert, starts_at=NOW + timedelta(days=2))
    user = _user("open", expert)
    services.register(user=user, session=one, now=NOW)
    send_queued_emails(now=NOW)
    mail.outbox.clear()
    time_machine.move_to(NOW + timedelta(hours=12), tick=False)
    assert sweep_webassistance_reminders() == 0
    time_machine.move_to(NOW + timedelta(days=1, minutes=1), tick=False)
    assert sweep_webassistance_reminders() == 1
    assert sweep_webassistance_reminders() == 0  # claimed: never twice
    send_queued_emails()
    assert len(mail.outbox) == 1 and "Rappel" in mail.outbox[0].subject


def test_a_change_of_time_and_a_cancellation_are_emailed_with_the_ics(
    expert, vendor_admin, send_queued_emails
):
    one = session(expert)
    user = _user("open", expert)
    services.register(user=user, session=one, now=NOW)
    send_queued_emails(now=NOW)
    mail.outbox.clear()
    services.reschedule(
        actor=vendor_admin,
        session=one,
        starts_at=NOW + timedelta(days=4),
        duration_minutes=60,
        now=NOW,
    )
    services.cancel(actor=vendor_admin, session=one, now=NOW)
    send_queued_emails(now=NOW)
    changed, cancelled = sorted(mail.outbox, key=lambda m: "Annulation" in m.subject)
    assert "SEQUENCE:1" in _ics(changed)[0][1]
    assert "METHOD:CANCEL" in _ics(cancelled)[0][1] and "SEQUENCE:2" in _ics(cancelled)[0][1]
    one.refresh_from_db()
    assert one.cancelled_at is not None and one.reminder_due_at > NOW


def test_a_replay_joins_the_catalogue_for_open_and_private_holding_the_product(
    client, expert, vendor_admin
):
    past = session(expert, starts_at=NOW - timedelta(days=1))
    replay = services.attach_replay(
        actor=vendor_admin, session=past, video_url="https://video.example.test/r", now=NOW
    )
    url = reverse("learning:item", args=[replay.public_id])
    client.force_login(_user("open", expert))
    assert client.get(url).status_code == 200
    client.force_login(_user("connect", expert))
    assert client.get(url).status_code == 404
    client.force_login(_user("private"))
    assert client.get(url).status_code == 404


def test_one_click_registration_from_the_page_and_the_api(client, expert):
    one = session(expert, starts_at=timezone.now() + timedelta(days=5))
    user = _user("private", expert)
    client.force_login(user)
    client.post(reverse("learning:webassistance_register", args=[one.public_id]))
    assert WebassistanceSeat.objects.get(user=user).status == S.REGISTERED
    response = client.post(reverse("api:webassistance-unregister", args=[one.public_id]))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = client.post(reverse("api:webassistance-unregister", args=[one.public_id]))
    assert response.status_code == 409
