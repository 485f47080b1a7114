"""The support pages, as clients and agents use them."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import Demande
from support.services import qualify, take_in_charge
from tests.support.factories import MONDAY_10, file, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def test_a_client_files_a_demande_and_sees_reference_and_deadline(login, client_user):
    client = login(client_user)
    response = client.post(
        reverse("support:create"),
        {
            "kind": "support",
            "subject": "Export FEC en erreur",
            "context": "Clôture 2025",
            "error_messages": "Erreur 42",
            "menu_sequence": "Outils > Export FEC",
            "attachments": [png()],
        },
        follow=True,
    )
    demande = Demande.objects.get()
    assert response.redirect_chain[-1][0] == reverse("support:detail", args=[demande.reference])
    body = response.content.decode()
    assert "D-2026-000001" in body
    assert "mardi 03/03/2026 à 11:30" in body
    assert "Comment ce délai a été calculé" in body
    assert "pause déjeuner" in body
    assert "capture.png" in body


def test_the_form_shows_errors_next_to_the_fields(login, client_user):
    client = login(client_user)
    fake = SimpleUploadedFile("photo.png", b"MZ" + b"\x00" * 100)
    response = client.post(
        reverse("support:create"), {"kind": "support", "subject": "x", "attachments": [fake]}
    )
    assert response.status_code == 200
    assert "photo.png" in response.content.decode()
    assert not Demande.objects.exists()


def test_a_connect_client_is_told_where_to_go(login, connect_user):
    client = login(connect_user)
    page = client.get(reverse("support:create")).content.decode()
    assert "base de connaissances" in page
    response = client.post(reverse("support:create"), {"kind": "support", "subject": "Aide"})
    assert "ne comprend pas le support" in response.content.decode()
    assert not Demande.objects.exists()


def test_my_demandes_and_the_organisation_s(login, client_user, client_admin):
    file(client_user, subject="Celle de Karim")
    file(client_admin, subject="Celle de Sophie")
    mine = login(client_user).get(reverse("support:list")).content.decode()
    assert "Celle de Karim" in mine and "Celle de Sophie" not in mine
    everything = (
        login(client_admin).get(reverse("support:list"), {"scope": "organisation"}).content.decode()
    )
    assert "Celle de Karim" in everything and "Celle de Sophie" in everything


def test_a_user_without_the_right_cannot_open_a_colleague_s_demande(
    login, client_user, client_admin
):
    theirs = file(client_admin)
    response = login(client_user).get(reverse("support:detail", args=[theirs.reference]))
    assert response.status_code == 404


def test_the_outsider_cannot_comment_on_another_organisation_s_demande(
    login, client_user, outsider
):
    demande = file(client_user)
    response = login(outsider).post(
        reverse("support:comment", args=[demande.reference]), {"body": "Coucou"}
    )
    assert response.status_code == 404
    assert not demande.comments.exists()


def test_the_queue_puts_private_first_in_arrival_order(login, agent, client_user, private_user):
    open_first = file(client_user, subject="Open ancienne", now=MONDAY_10 - timedelta(hours=3))
    private_late = file(private_user, subject="Private récente", now=MONDAY_10)
    private_early = file(
        private_user, subject="Private ancienne", now=MONDAY_10 - timedelta(hours=1)
    )
    response = login(agent).get(reverse("support:queue"))
    refs = [demande.reference for demande, *_ in response.context["page"].object_list]
    assert refs == [private_early.reference, private_late.reference, open_first.reference]


def test_the_queue_costs_the_same_whatever_its_size(
    login, agent, client_user, django_assert_max_num_queries
):
    client = login(agent)
    file(client_user)
    client.get(reverse("support:queue"))  # the session's first request costs more
    file(client_user)  # a change: the list is read anew, not from its cache
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("support:queue"))
    for _ in range(15):
        file(client_user)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("support:queue"))


def test_the_queue_filters_breached_demandes(login, agent, client_user):
    late = file(client_user, subject="En retard", now=MONDAY_10 - timedelta(days=3))
    Demande.objects.filter(pk=late.pk).update(is_breached=True)
    file(client_user, subject="À l'heure")
    page = login(agent).get(reverse("support:queue"), {"breached": "on"}).content.decode()
    assert "En retard" in page and "À l'heure" not in page
    assert 'class="breached"' in page


def test_the_detail_page_costs_a_bounded_number_of_queries(
    login, client_user, agent, django_assert_max_num_queries
):
    demande = file(client_user, attachments=[png(), png("b.png")])
    take_in_charge(demande=demande, agent=agent)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2)
    client = login(client_user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("support:detail", args=[demande.reference])).content.decode()
    assert "Correctif ou contournement" in page
    assert "fin de journée du mardi 10/03/2026" in page


def test_an_agent_takes_in_charge_and_a_second_one_is_told(login, agent, other_agent, client_user):
    demande = file(client_user)
    url = reverse("support:take", args=[demande.reference])
    login(agent).post(url)
    response = login(other_agent).post(url, follow=True)
    assert "déjà été prise en charge" in response.content.decode()
    demande.refresh_from_db()
    assert demande.assignee == agent


def test_an_agent_qualifies_and_the_client_sees_the_fix_deadline(login, agent, client_user):
    demande = file(client_user)
    client = login(agent)
    client.post(reverse("support:take", args=[demande.reference]))
    client.post(
        reverse("support:qualify", args=[demande.reference]),
        {"qualification": "anomalie", "criticality": "2"},
    )
    demande.refresh_from_db()
    assert demande.criticality == 2
    page = login(client_user).get(reverse("support:detail", args=[demande.reference]))
    assert "jour ouvré n° 6" in page.content.decode()
    assert "Qualifiée — " in page.content.decode()
    assert "(Anomalie, criticité 2)" in page.content.decode()  # the label, not the code


def test_the_timeline_names_deadlines_and_qualifications_in_french(login, agent, client_user):
    from support.services import sweep_deadlines

    demande = file(client_user)
    sweep_deadlines(now=MONDAY_10 + timedelta(days=2))
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10 + timedelta(days=3))
    qualify(demande=demande, agent=agent, qualification="other", now=MONDAY_10 + timedelta(days=3))
    staff_page = login(agent).get(reverse("support:detail", args=[demande.reference]))
    body = staff_page.content.decode()
    assert "(Autre demande)" in body and "(other)" not in body
    assert "Délai dépassé — système (Prise en charge)" in body
    assert "(take_in_charge)" not in body


def test_internal_notes_are_hidden_from_the_client(login, agent, client_user):
    demande = file(client_user)
    login(agent).post(
        reverse("support:comment", args=[demande.reference]),
        {"body": "Client difficile", "internal": "on"},
    )
    page = login(client_user).get(reverse("support:detail", args=[demande.reference]))
    assert "Client difficile" not in page.content.decode()


def test_an_agent_records_a_phone_demande(login, agent, client_user):
    response = login(agent).post(
        reverse("support:phone"),
        {
            "requester": client_user.email.upper(),
            "called_at": "2026-03-02T09:00",
            "kind": "support",
            "subject": "Appel : paie bloquée",
        },
        follow=True,
    )
    demande = Demande.objects.get()
    assert demande.channel == "phone"
    assert demande.registered_at.hour == 8  # 09:00 Paris is 08:00 UTC
    assert demande.reference in response.content.decode()


def test_a_client_downloads_a_screenshot(login, client_user, outsider):
    demande = file(client_user, attachments=[png()])
    attachment = demande.attachments.get()
    url = reverse("support:attachment", args=[demande.reference, attachment.public_id])
    response = login(client_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert login(outsider).get(url).status_code == 404


def test_the_home_cards_show_the_support(login, client_user, agent):
    file(client_user)
    assert "1 demande en cours" in login(client_user).get("/").content.decode()
    assert "1 à prendre en charge" in login(agent).get("/").content.decode()


def test_a_colleague_follows_a_demande(login, client_user, client_admin):
    demande = file(client_user)
    client = login(client_admin)
    client.post(reverse("support:watch", args=[demande.reference]))
    assert list(demande.watchers.all()) == [client_admin]
    client.post(reverse("support:watch", args=[demande.reference]))
    assert not demande.watchers.exists()


def test_my_demandes_cost_the_same_whatever_their_number(
    login, client_user, django_assert_max_num_queries
):
    client = login(client_user)
    file(client_user)
    client.get(reverse("support:list"))
    file(client_user)  # a change: the list is read anew, not from its cache
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("support:list"))
    for _ in range(15):
        file(client_user)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("support:list"))


def test_htmx_filters_get_the_table_alone(login, client_user, agent):
    file(client_user, subject="Filtrée")
    response = login(client_user).get(
        reverse("support:list"), {"q": "Filtrée"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Filtrée" in body and "<html" not in body
    response = login(agent).get(reverse("support:queue"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


def test_a_phone_demande_needs_a_known_client(login, agent, outsider):
    response = login(agent).post(
        reverse("support:phone"),
        {
            "requester": "inconnu@nulle-part.test",
            "called_at": "2026-03-02T09:00",
            "kind": "support",
            "subject": "Appel",
        },
    )
    assert "Aucun utilisateur client actif" in response.content.decode()
    assert not Demande.objects.exists()


def test_the_queue_searches_an_organisation_by_name(login, agent, client_user, private_user):
    file(client_user, subject="Chez Durand")
    file(private_user, subject="Chez Lefèvre")
    page = login(agent).get(reverse("support:queue"), {"organisation": "lefè"}).content.decode()
    assert "Chez Lefèvre" in page and "Chez Durand" not in page


def test_the_vendor_home_links_to_the_calendars(login, vendor_admin):
    page = login(vendor_admin).get("/").content.decode()
    assert reverse("admin:support_supportcalendar_changelist") in page


def test_an_agent_closes_a_resolved_demande(login, agent, client_user):
    from support.services import resolve

    demande = file(client_user)
    take_in_charge(demande=demande, agent=agent)
    qualify(demande=demande, agent=agent, qualification="other")
    resolve(demande=demande, agent=agent)
    client = login(agent)
    page = client.get(reverse("support:detail", args=[demande.reference])).content.decode()
    assert reverse("support:close", args=[demande.reference]) in page
    client.post(reverse("support:close", args=[demande.reference]))
    demande.refresh_from_db()
    assert demande.state == Demande.State.CLOSED


def test_the_support_hours_are_shown_with_the_phone_line_s(login, client_user, private_user):
    page = login(client_user).get(reverse("support:create")).content.decode()
    assert "09:00 – 12:30 et 14:30 – 17:30" in page
    assert "14:30 – 17:00" in page  # Friday
    assert "dès 14:00" in page
    page = login(private_user).get(reverse("support:list")).content.decode()
    assert "09:00 – 18:00" in page


def test_a_deadline_passed_over_lunch_shows_as_passed(login, client_user):
    """Filed Monday 11:00 on Open: due Tuesday 12:30, when the morning closes. At 12:30
    it is on time; at 14:00 it has passed although no business hour has run since:
    the page says so everywhere, not a bare "0 h 00"."""
    from support.business_time import PARIS

    demande = file(client_user, now=MONDAY_10.replace(hour=11))
    due = demande.take_in_charge_due_at
    assert due.astimezone(PARIS).strftime("%a %H:%M") == "Tue 12:30"
    url = reverse("support:detail", args=[demande.reference])
    with time_machine.travel(due, tick=False):
        on_time = login(client_user).get(url).content.decode()
    assert "délai dépassé" not in on_time
    with time_machine.travel(due + timedelta(minutes=90), tick=False):
        late = login(client_user).get(url).content.decode()
    # The deadline is stated once, in the deadlines card, with the breach beside it.
    assert '<span class="badge breached">délai dépassé</span>' in late
    assert "0 h 00" not in late


def test_the_queue_marks_a_passed_deadline_before_the_sweep_runs(login, agent, client_user):
    demande = file(client_user, now=MONDAY_10.replace(hour=11))
    with time_machine.travel(demande.take_in_charge_due_at + timedelta(minutes=90), tick=False):
        body = login(agent).get(reverse("support:queue")).content.decode()
    assert '<td class="breached">0 h 00</td>' in body
