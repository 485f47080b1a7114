"""Filing a Demande: reference, snapshot, deadline, acknowledgment (art. 12.2)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.core.errors import DomainError
from portal.organisations.models import Organisation
from support.business_time import PARIS
from support.files import MAX_SIZE
from support.models import Demande, DemandeEvent, SupportCalendar
from support.services import (
    DemandeDraft,
    file_customer_service_request,
    file_demande,
    qualify,
    record_phone_demande,
    take_in_charge,
)
from tests.factories import DossierFactory
from tests.support.factories import MONDAY_10, png

pytestmark = pytest.mark.django_db


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_it_files_a_support_demande_with_reference_and_deadline(client_user, send_queued_emails):
    demande = file_demande(
        requester=client_user,
        now=MONDAY_10,
        draft=DemandeDraft(
            subject="Le lettrage ne se lance pas",
            context="Depuis la mise à jour",
            error_messages="Erreur 500",
            menu_sequence="Comptabilité > Lettrage",
            attachments=[png()],
        ),
    )
    assert demande.reference == "D-2026-000001"
    assert demande.state == Demande.State.REGISTERED
    assert demande.formula == "open"
    assert demande.calendar_spec["0"] == [["09:00", "12:30"], ["14:30", "17:30"]]
    # art. 12.2, Open: 8 heures ouvrées from Monday 10:00 → 5 h 30 on Monday, 2 h 30 on Tuesday.
    assert demande.take_in_charge_due_at == paris(2026, 3, 3, 11, 30)
    assert demande.take_in_charge_warn_at == paris(2026, 3, 3, 9, 30)  # 6 h = 75 %
    assert demande.attachments.get().content_type == "image/png"
    assert list(demande.events.values_list("action", flat=True)) == ["registered"]

    send_queued_emails()
    (ack,) = mail.outbox
    assert ack.to == [client_user.email]
    assert "D-2026-000001" in ack.subject
    assert "mardi 03/03/2026 à 11:30" in ack.body
    assert "D-2026-000001" in ack.alternatives[0][0]


def test_references_follow_each_other_within_a_year(client_user):
    first = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="Un"))
    second = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="Deux"))
    next_year = file_demande(
        requester=client_user, now=paris(2027, 1, 4, 10), draft=DemandeDraft(subject="Trois")
    )
    assert [first.reference, second.reference, next_year.reference] == [
        "D-2026-000001",
        "D-2026-000002",
        "D-2027-000001",
    ]


def test_a_private_demande_has_four_hours_and_comes_first(private_user):
    demande = file_demande(
        requester=private_user, now=MONDAY_10, draft=DemandeDraft(subject="Clôture bloquée")
    )
    assert demande.take_in_charge_due_at == paris(2026, 3, 2, 14, 0)  # art. 12.10: 9h-18h
    assert demande.queue_rank == 0


def test_a_demande_filed_on_saturday_starts_its_clock_on_monday(client_user):
    demande = file_demande(
        requester=client_user, now=paris(2026, 3, 7, 11), draft=DemandeDraft(subject="Week-end")
    )
    assert demande.take_in_charge_due_at == paris(2026, 3, 10, 10, 30)  # Mon 6 h 30 + Tue 1 h 30


def test_a_connect_organisation_is_told_where_to_go(connect_user):
    with pytest.raises(DomainError) as error:
        file_demande(requester=connect_user, now=MONDAY_10, draft=DemandeDraft(subject="Aide"))
    assert error.value.field == "kind"
    assert "base de connaissances" in str(error.value.message)
    assert "service client" in str(error.value.message)
    assert not Demande.objects.exists()


def test_customer_service_is_open_to_every_formula_without_sla(connect_user):
    demande = file_demande(
        requester=connect_user,
        now=MONDAY_10,
        draft=DemandeDraft(
            subject="Facture en double",
            kind=Demande.Kind.CUSTOMER_SERVICE,
            category=Demande.Category.BILLING,
        ),
    )
    assert demande.take_in_charge_due_at is None
    assert demande.calendar_spec is None


def test_customer_service_needs_a_category(client_user):
    with pytest.raises(DomainError) as error:
        file_demande(
            requester=client_user,
            now=MONDAY_10,
            draft=DemandeDraft(subject="Facture", kind="customer_service"),
        )
    assert error.value.field == "category"


def test_file_customer_service_request_for_other_apps(client_user):
    demande = file_customer_service_request(
        requester=client_user,
        subject="Restauration J-2",
        description="Restaurer l'environnement au 28/02.",
        category="restoration",
        now=MONDAY_10,
    )
    assert demande.kind == Demande.Kind.CUSTOMER_SERVICE
    assert demande.category == "restoration"
    assert demande.context == "Restaurer l'environnement au 28/02."


def test_it_refuses_an_empty_subject(client_user):
    with pytest.raises(DomainError) as error:
        file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="   "))
    assert error.value.field == "subject"
    assert not Demande.objects.exists()


def test_it_refuses_an_executable_renamed_png(client_user):
    fake = SimpleUploadedFile("capture.png", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(DomainError) as error:
        file_demande(
            requester=client_user,
            now=MONDAY_10,
            draft=DemandeDraft(subject="Virus", attachments=[fake]),
        )
    assert error.value.field == "attachments"
    assert "capture.png" in str(error.value.message)
    assert not Demande.objects.exists()


def test_it_refuses_a_pdf_renamed_exe_and_a_file_too_large(client_user):
    renamed = SimpleUploadedFile("notice.exe", b"%PDF-1.4\n" + b"0" * 100)
    with pytest.raises(DomainError):
        file_demande(
            requester=client_user,
            now=MONDAY_10,
            draft=DemandeDraft(subject="x", attachments=[renamed]),
        )
    big = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * MAX_SIZE)
    with pytest.raises(DomainError) as error:
        file_demande(
            requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="x", attachments=[big])
        )
    assert "taille maximale" in str(error.value.message)


def test_a_user_without_the_right_cannot_file(client_user):
    client_user.rights = []
    client_user.save()
    with pytest.raises(DomainError):
        file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="x"))


def test_a_dossier_must_belong_to_the_accounting_firm(client_user, outsider):
    firm = client_user.organisation
    firm.kind = Organisation.Kind.ACCOUNTING_FIRM
    firm.save()
    own = DossierFactory(organisation=firm)
    demande = file_demande(
        requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="x", dossier=own)
    )
    assert demande.dossier == own
    foreign = DossierFactory(organisation=outsider.organisation)
    with pytest.raises(DomainError) as error:
        file_demande(
            requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="x", dossier=foreign)
        )
    assert error.value.field == "dossier"


def test_editing_a_calendar_never_moves_past_deadlines(client_user, agent):
    before = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="Avant"))
    calendar = SupportCalendar.objects.get(formula="open", contract__isnull=True)
    calendar.spec = {str(day): [["08:00", "20:00"]] for day in range(5)}
    calendar.save()
    after = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="Après"))
    before.refresh_from_db()
    assert before.take_in_charge_due_at == paris(2026, 3, 3, 11, 30)
    assert after.take_in_charge_due_at == paris(2026, 3, 2, 18, 0)
    # Later deadlines of the old Demande still use its snapshot.
    take_in_charge(demande=before, agent=agent, now=MONDAY_10 + timedelta(hours=1))
    qualify(
        demande=before,
        agent=agent,
        qualification="anomalie",
        criticality=1,
        now=MONDAY_10 + timedelta(hours=1),
    )
    # 12 h on the Open hours from Monday 11:00: 4 h 30 Monday, 6 h 30 Tuesday, 1 h Wednesday.
    assert before.action_plan_due_at == paris(2026, 3, 4, 10, 0)


def test_a_contract_may_have_its_own_calendar(client_user):
    SupportCalendar.objects.create(
        name="Horaires Durand",
        formula="open",
        contract=client_user.organisation.contract,
        spec={str(day): [["07:00", "19:00"]] for day in range(5)},
    )
    demande = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="x"))
    assert demande.calendar_name == "Horaires Durand"
    assert demande.take_in_charge_due_at == paris(2026, 3, 2, 18, 0)


def test_an_agent_records_a_phone_call_at_the_call_time(client_user, agent):
    called = paris(2026, 3, 2, 9, 0)
    demande = record_phone_demande(
        agent=agent,
        requester=client_user,
        called_at=called,
        now=MONDAY_10,
        draft=DemandeDraft(subject="Appel : écran figé"),
    )
    assert demande.registered_at == called
    assert demande.channel == Demande.Channel.PHONE
    assert demande.recorded_by == agent
    assert demande.take_in_charge_due_at == paris(2026, 3, 3, 10, 30)
    event = demande.events.get()
    assert event.actor == agent and event.action == DemandeEvent.Action.REGISTERED


def test_a_phone_call_cannot_be_in_the_future(client_user, agent):
    with pytest.raises(DomainError) as error:
        record_phone_demande(
            agent=agent,
            requester=client_user,
            called_at=MONDAY_10 + timedelta(hours=1),
            now=MONDAY_10,
            draft=DemandeDraft(subject="x"),
        )
    assert error.value.field == "called_at"


def test_only_agents_record_phone_demandes(client_user, client_admin):
    with pytest.raises(DomainError):
        record_phone_demande(
            agent=client_admin,
            requester=client_user,
            called_at=MONDAY_10,
            now=MONDAY_10,
            draft=DemandeDraft(subject="x"),
        )


def test_an_agent_recording_a_connect_client_s_call_is_told_what_to_do(connect_user, agent):
    with pytest.raises(DomainError) as error:
        record_phone_demande(
            agent=agent,
            requester=connect_user,
            called_at=MONDAY_10,
            now=MONDAY_10,
            draft=DemandeDraft(subject="Aide sur le lettrage"),
        )
    assert error.value.field == "kind"
    message = str(error.value.message)
    assert "de ce client" in message and "service client" in message
    assert "Votre formule" not in message
    demande = record_phone_demande(
        agent=agent,
        requester=connect_user,
        called_at=MONDAY_10,
        now=MONDAY_10,
        draft=DemandeDraft(
            kind=Demande.Kind.CUSTOMER_SERVICE,
            category=Demande.Category.BILLING,
            subject="Question de facture",
        ),
    )
    assert demande.take_in_charge_due_at is None


def test_a_draft_takes_the_demande_fields_of_a_form_and_leaves_the_rest(client_user):
    data = {
        "requester": client_user,
        "called_at": MONDAY_10,
        "subject": "Appel",
        "kind": Demande.Kind.SUPPORT,
        "context": "Au téléphone",
    }
    draft = DemandeDraft.from_data(data)
    assert draft == DemandeDraft(subject="Appel", context="Au téléphone")
