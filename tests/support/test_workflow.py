"""The lifecycle after registration (art. 12.2-12.3): transitions, deadlines, e-mails."""

from datetime import datetime, timedelta

import pytest
from django.core import mail

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, IllegalStateChange
from support.business_time import PARIS
from support.models import Demande, DemandeEvent
from support.services import (
    add_attachments,
    add_comment,
    assign,
    close,
    qualify,
    reopen,
    resolve,
    respond,
    take_in_charge,
    watch,
)
from tests.support.factories import MONDAY_10, file, png

pytestmark = pytest.mark.django_db
LATER = MONDAY_10 + timedelta(hours=1)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def demande(client_user):
    return file(client_user)


def test_of_two_agents_taking_at_once_one_wins_and_the_other_is_told(demande, agent, other_agent):
    stale_copy = Demande.objects.get(pk=demande.pk)
    take_in_charge(demande=demande, agent=agent, now=LATER)
    with pytest.raises(IllegalStateChange) as error:
        take_in_charge(demande=stale_copy, agent=other_agent, now=LATER)
    assert "déjà été prise en charge" in str(error.value.message)
    assert str(agent) in str(error.value.message)
    demande.refresh_from_db()
    assert demande.assignee == agent
    assert demande.taken_in_charge_at == LATER
    assert demande.events.filter(action="taken_in_charge").count() == 1


def test_taking_in_charge_late_marks_the_breach(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=paris(2026, 3, 3, 12, 0))
    assert demande.is_breached
    assert demande.take_in_charge_breached_at == demande.take_in_charge_due_at


def test_clients_cannot_take_in_charge(demande, client_admin):
    with pytest.raises(DomainError):
        take_in_charge(demande=demande, agent=client_admin, now=LATER)


def test_a_transition_the_state_does_not_allow_changes_nothing(demande, agent):
    with pytest.raises(IllegalStateChange) as error:
        qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=LATER)
    assert "Enregistrée" in str(error.value.message)
    demande.refresh_from_db()
    assert demande.state == Demande.State.REGISTERED
    assert demande.qualified_at is None


def test_criticality_1_gives_an_action_plan_deadline_in_business_hours(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=1, now=LATER)
    assert demande.state == Demande.State.QUALIFIED
    assert demande.action_plan_due_at == paris(2026, 3, 4, 10, 0)
    assert demande.fix_due_at is None


def test_criticality_2_gives_six_working_days(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=LATER)
    # Qualified Monday 2 March: Tue 3 … Tue 10 is the 6th jour ouvré → expires at its 24:00.
    assert demande.fix_due_at == paris(2026, 3, 11, 0, 0)
    assert demande.fix_warn_at == paris(2026, 3, 9, 12, 0)  # 75 %: noon of the 5th day
    assert demande.action_plan_due_at is None


def test_criticality_3_and_other_requests_have_no_deadline(demande, agent, client_user):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=3, now=LATER)
    assert demande.action_plan_due_at is None and demande.fix_due_at is None
    other = file(client_user)
    take_in_charge(demande=other, agent=agent, now=LATER)
    qualify(demande=other, agent=agent, qualification="other", criticality=2, now=LATER)
    assert other.criticality is None


def test_an_anomalie_needs_a_criticality(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    with pytest.raises(DomainError) as error:
        qualify(demande=demande, agent=agent, qualification="anomalie", now=LATER)
    assert error.value.field == "criticality"


def test_the_whole_lifecycle_with_client_reopening(demande, agent, client_user, send_queued_emails):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=LATER)
    respond(
        demande=demande,
        agent=agent,
        response="workaround",
        message="Passez par l'écran B.",
        now=LATER,
    )
    assert demande.state == Demande.State.WORKAROUND
    assert demande.fix_at == LATER
    respond(demande=demande, agent=agent, response="fix", message="Patch 1.2.3", now=LATER)
    assert demande.fix_at == LATER  # the first answer met the délai
    resolve(demande=demande, agent=agent, message="Corrigé.", now=LATER)
    assert demande.state == Demande.State.RESOLVED
    with pytest.raises(DomainError):
        reopen(demande=demande, actor=client_user, reason="", now=LATER)
    reopen(demande=demande, actor=client_user, reason="Toujours en erreur.", now=LATER)
    assert demande.state == Demande.State.QUALIFIED
    resolve(demande=demande, agent=agent, now=LATER)
    close(demande=demande, actor=client_user, now=LATER)
    assert demande.state == Demande.State.CLOSED
    actions = list(demande.events.values_list("action", flat=True))
    assert actions == [
        "registered",
        "taken_in_charge",
        "qualified",
        "workaround",
        "fix",
        "resolved",
        "reopened",
        "resolved",
        "closed",
    ]
    assert AuditEvent.objects.filter(action="support.closed").exists()
    send_queued_emails()
    to_client = [m for m in mail.outbox if m.to == [client_user.email]]
    assert len(to_client) == 1 + 6  # acknowledgment + the six changes the agent made
    assert any("Contournement fourni" in m.subject for m in to_client)


def test_resolving_meets_a_running_crit_1_delay(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=1, now=LATER)
    resolve(demande=demande, agent=agent, now=LATER)
    assert demande.action_plan_at == LATER
    assert not demande.is_breached


def test_a_plan_answers_only_an_anomalie(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="other", now=LATER)
    with pytest.raises(IllegalStateChange):
        respond(demande=demande, agent=agent, response="fix", message="x", now=LATER)


def test_events_are_immutable(demande):
    event = demande.events.get()
    event.data = {"rewritten": True}
    with pytest.raises(ValueError):
        event.save()


def test_replies_go_to_the_requester_and_watchers_and_notes_stay_internal(
    demande, agent, client_user, client_admin, send_queued_emails
):
    watch(demande=demande, user=client_admin)
    send_queued_emails()
    mail.outbox.clear()
    add_comment(demande=demande, author=agent, body="Pouvez-vous préciser ?", now=LATER)
    add_comment(demande=demande, author=agent, body="Sûrement le cache", internal=True, now=LATER)
    send_queued_emails()
    (reply,) = mail.outbox
    assert sorted(reply.to) == sorted([client_user.email, client_admin.email])
    assert "Pouvez-vous" not in reply.subject
    assert "Pouvez-vous préciser ?" in reply.body
    assert "Sûrement le cache" not in reply.body
    assert not demande.events.get(action="note").is_public


def test_clients_cannot_write_internal_notes_nor_on_another_organisation(demande, outsider):
    with pytest.raises(DomainError):
        add_comment(demande=demande, author=demande.requester, body="x", internal=True)
    with pytest.raises(DomainError):
        add_comment(demande=demande, author=outsider, body="Je m'incruste")
    assert not demande.comments.exists()


def test_a_closed_demande_takes_no_more_comments_or_files(demande, agent, client_user):
    take_in_charge(demande=demande, agent=agent, now=LATER)
    qualify(demande=demande, agent=agent, qualification="other", now=LATER)
    resolve(demande=demande, agent=agent, now=LATER)
    close(demande=demande, actor=agent, now=LATER)
    with pytest.raises(IllegalStateChange):
        add_comment(demande=demande, author=client_user, body="Encore moi")
    with pytest.raises(IllegalStateChange):
        add_attachments(demande=demande, actor=client_user, files=[png()])


def test_files_can_be_added_later(demande, client_user):
    name = "capture-du-client.png"
    (attachment,) = add_attachments(demande=demande, actor=client_user, files=[png(name)])
    assert attachment.original_name == name
    assert attachment.file.name.endswith(".png")
    assert "capture-du-client" not in attachment.file.name  # the stored name is generated
    assert demande.events.filter(action=DemandeEvent.Action.ATTACHED).exists()


def test_assign_to_a_colleague(demande, agent, other_agent, client_user, send_queued_emails):
    send_queued_emails()
    mail.outbox.clear()
    assign(demande=demande, actor=agent, assignee=other_agent, now=LATER)
    demande.refresh_from_db()
    assert demande.assignee == other_agent
    send_queued_emails()
    (notice,) = mail.outbox
    assert notice.to == [other_agent.email]
    assert "mardi 03/03/2026 à 11:30" in notice.body
    with pytest.raises(DomainError):
        assign(demande=demande, actor=agent, assignee=client_user, now=LATER)


def test_a_demande_is_overdue_once_its_running_deadline_has_passed(demande, agent):
    assert not demande.is_overdue(paris(2026, 3, 3, 11, 29))
    assert not demande.is_overdue(paris(2026, 3, 3, 11, 30))  # the deadline instant: on time
    assert demande.is_overdue(paris(2026, 3, 3, 11, 30, 1))
    take_in_charge(demande=demande, agent=agent, now=LATER)
    assert not demande.is_overdue(paris(2026, 3, 9))


def test_plain_text_e_mails_are_not_html_escaped(client_user, send_queued_emails):
    file(client_user, subject="Export & import « FEC » <urgent>")
    send_queued_emails()
    (ack,) = mail.outbox
    assert "Export & import « FEC » <urgent>" in ack.subject
    assert "Export & import « FEC » <urgent>" in ack.body
    assert "&lt;urgent&gt;" in ack.alternatives[0][0]
