"""Téléassistance on a support Demande (art. 12.8)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from learning import services_teleassistance as services
from learning.models import TeleassistanceSlot
from portal.core.errors import DomainError
from support.business_time import PARIS
from support.models import DemandeEvent
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db
A = DemandeEvent.Action


def _at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


def test_a_slot_outside_the_open_formula_hours_is_refused_in_french(client_user, agent):
    demande = file(client_user)
    with pytest.raises(DomainError, match="horaires d'ouverture du support"):
        services.propose_slots(
            agent=agent, demande=demande, slots=[(_at(3, 13), _at(3, 14))], now=MONDAY_10
        )
    assert not TeleassistanceSlot.objects.exists()


def test_a_slot_on_a_public_holiday_is_refused(client_user, agent):
    demande = file(client_user)
    easter_monday = datetime(2026, 4, 6, 10, tzinfo=PARIS)
    with pytest.raises(DomainError, match="jour férié"):
        services.propose_slots(
            agent=agent,
            demande=demande,
            slots=[(easter_monday, easter_monday + timedelta(hours=1))],
            now=MONDAY_10,
        )


def test_customer_service_demandes_get_no_teleassistance(client_user, agent):
    demande = file(client_user, kind="customer_service", category="billing")
    with pytest.raises(DomainError, match="service client"):
        services.propose_slots(
            agent=agent, demande=demande, slots=[(_at(3, 10), _at(3, 11))], now=MONDAY_10
        )


def test_the_client_picks_a_slot_and_both_get_the_ics(client_user, agent, send_queued_emails):
    demande = file(client_user)
    first, second = services.propose_slots(
        agent=agent,
        demande=demande,
        slots=[(_at(3, 10), _at(3, 11)), (_at(3, 15), _at(3, 16))],
        now=MONDAY_10,
    )
    send_queued_emails(now=MONDAY_10)
    mail.outbox.clear()
    services.choose_slot(user=client_user, slot=second, now=MONDAY_10)
    first.refresh_from_db()
    assert first.status == TeleassistanceSlot.Status.SUPERSEDED
    send_queued_emails(now=MONDAY_10)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([client_user.email, agent.email])
    ics = [a for a in mail.outbox[0].attachments if a[0] == "teleassistance.ics"]
    assert ics and "BEGIN:VEVENT" in ics[0][1]
    services.record_outcome(
        agent=agent, slot=second, done=True, outcome="Paramètres corrigés", now=MONDAY_10
    )
    actions = list(demande.events.values_list("action", flat=True))
    assert [a for a in actions if a.startswith("tele_")] == [
        A.TELEASSISTANCE_PROPOSED,
        A.TELEASSISTANCE_CHOSEN,
        A.TELEASSISTANCE_OUTCOME,
    ]


def test_a_slot_already_chosen_cannot_be_chosen_again(client_user, agent):
    demande = file(client_user)
    (slot,) = services.propose_slots(
        agent=agent, demande=demande, slots=[(_at(3, 10), _at(3, 11))], now=MONDAY_10
    )
    services.choose_slot(user=client_user, slot=slot, now=MONDAY_10)
    with pytest.raises(DomainError, match="plus proposé"):
        services.choose_slot(user=client_user, slot=slot, now=MONDAY_10)


def test_the_demande_page_proposes_refuses_and_accepts(client, client_user, agent, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    demande = file(client_user)
    client.force_login(agent)
    url = reverse("learning:teleassistance_propose", args=[demande.reference])
    outside = {"day_1": "2026-03-03", "start_1": "18:00", "end_1": "19:00"}
    response = client.post(url, outside, follow=True)
    assert "horaires d&#x27;ouverture du support" in response.content.decode()
    inside = {"day_1": "2026-03-03", "start_1": "10:00", "end_1": "11:00"}
    page = client.post(url, inside, follow=True).content.decode()
    assert "Créneaux de téléassistance proposés" in page
    slot = TeleassistanceSlot.objects.get()
    client.force_login(client_user)
    page = client.get(reverse("support:detail", args=[demande.reference])).content.decode()
    assert "ne couvre pas" in page and "Choisir ce créneau" in page
    client.post(reverse("learning:teleassistance_choose", args=[slot.public_id]))
    slot.refresh_from_db()
    assert slot.status == TeleassistanceSlot.Status.CHOSEN
