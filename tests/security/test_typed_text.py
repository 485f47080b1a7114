"""Issue 14, items 4 and 7: single-line fields fold control characters, e-mail
subjects stay one line whatever is stored, free texts have a maximum length."""

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from portal.core.emails import deliver
from portal.core.models import OutboundEmail
from portal.core.text import FREE_TEXT_MAX_LENGTH, fold_single_line
from support.models import Comment, Demande
from support.services import DemandeDraft, file_demande
from tests.support.factories import MONDAY_10

pytestmark = pytest.mark.django_db
INJECTED = "x\r\nBcc: espion@concurrent.test"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_fold_single_line():
    assert fold_single_line("a\r\nb\tc\x00d\u2028e\x85f  g") == "a b c d e f g"
    assert fold_single_line("\r\n") == ""


def test_a_subject_with_a_line_break_still_gets_its_acknowledgment(
    login, client_user, send_queued_emails
):
    response = login(client_user).post(
        reverse("support:create"), {"kind": "support", "subject": INJECTED}
    )
    assert response.status_code == 302
    demande = Demande.objects.get()
    assert demande.subject == "x Bcc: espion@concurrent.test"
    assert send_queued_emails() >= 1
    (ack,) = [m for m in mail.outbox if m.to == [client_user.email]]
    assert demande.reference in ack.subject and "\n" not in ack.subject
    assert ack.bcc == [] and "espion@concurrent.test" not in ack.message()["To"]
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()


def test_the_api_folds_a_subject_too(client_user):
    response = api(client_user).post("/api/v1/demandes/", {"subject": INJECTED}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["subject"] == "x Bcc: espion@concurrent.test"


def test_the_service_folds_whatever_calls_it(client_user):
    demande = file_demande(
        requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject=INJECTED)
    )
    assert demande.subject == "x Bcc: espion@concurrent.test"


def test_a_subject_made_only_of_line_breaks_is_refused_in_french(login, client_user):
    response = login(client_user).post(
        reverse("support:create"), {"kind": "support", "subject": "\r\n\t"}
    )
    assert response.status_code == 200
    assert "obligatoire" in response.content.decode()
    assert not Demande.objects.exists()


def test_an_email_stored_with_a_line_break_in_its_subject_is_sent_on_one_line():
    email = OutboundEmail.objects.create(
        to=["a@x.test"], subject=INJECTED, body_text="b", kind="test", created_at=MONDAY_10
    )
    assert deliver(email.pk, now=MONDAY_10)
    (sent,) = mail.outbox
    assert sent.subject == "x Bcc: espion@concurrent.test" and sent.bcc == []


TOO_LONG = "a" * (FREE_TEXT_MAX_LENGTH + 1)


def test_a_context_over_the_limit_is_refused_by_the_form_in_french(login, client_user):
    response = login(client_user).post(
        reverse("support:create"), {"kind": "support", "subject": "s", "context": TOO_LONG}
    )
    assert response.status_code == 200
    assert "au plus 20000 caractères" in response.content.decode()
    assert not Demande.objects.exists()


def test_a_context_at_the_limit_is_accepted(client_user):
    context = "a" * FREE_TEXT_MAX_LENGTH
    assert file_demande(
        requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="s", context=context)
    )


@pytest.mark.parametrize("field", ["context", "error_messages", "menu_sequence"])
def test_the_api_refuses_a_free_text_over_the_limit_with_a_field_error(client_user, field):
    response = api(client_user).post(
        "/api/v1/demandes/", {"subject": "s", field: TOO_LONG}, format="json"
    )
    assert response.status_code == 400
    assert "20000" in response.json()[field][0]
    assert not Demande.objects.exists()


def test_a_reply_over_the_limit_is_refused_by_the_api(client_user):
    demande = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="s"))
    response = api(client_user).post(
        f"/api/v1/demandes/{demande.reference}/comment/", {"body": TOO_LONG}, format="json"
    )
    assert response.status_code == 400 and "body" in response.json()
    assert not Comment.objects.exists()


def test_the_service_refuses_a_reply_over_the_limit_in_french(client_user):
    from portal.core.errors import DomainError
    from support.services import add_comment

    demande = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="s"))
    with pytest.raises(DomainError, match="dépasse"):
        add_comment(demande=demande, author=client_user, body=TOO_LONG)


def test_the_database_refuses_a_free_text_over_the_limit(client_user):
    demande = file_demande(requester=client_user, now=MONDAY_10, draft=DemandeDraft(subject="s"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.filter(pk=demande.pk).update(context=TOO_LONG)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            demande=demande, author=client_user, body=TOO_LONG, created_at=MONDAY_10
        )
