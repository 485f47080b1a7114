from datetime import timedelta

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from rest_framework.authtoken.models import Token

from portal.accounts import services
from portal.accounts.models import Invitation, Role, User
from portal.accounts.rights import Right
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, IllegalStateChange
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client_admin, email="nouveau@durand.test", **kwargs):
    return services.invite_user(
        actor=client_admin,
        organisation=client_admin.organisation,
        email=email,
        first_name="Nina",
        last_name="Roux",
        **kwargs,
    )


def _token_from(email_message):
    line = next(ln for ln in email_message.body.splitlines() if "/invitation/" in ln)
    return line.rstrip("/").rsplit("/", 1)[-1]


def test_it_invites_an_inactive_user_and_emails_a_link(client_admin, send_queued_emails):
    user = _invite(client_admin)
    assert user.status == User.Status.INVITED
    assert not user.has_usable_password()
    assert user.organisation == client_admin.organisation
    send_queued_emails()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouveau@durand.test"]
    assert "/invitation/" in message.body
    assert "mot de passe" not in message.subject.lower()
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    event = AuditEvent.objects.get(action="user.invited")
    assert event.actor == client_admin and event.target_label == "nouveau@durand.test"


def test_it_sends_the_invitation_once_even_if_swept_twice(client_admin, send_queued_emails):
    _invite(client_admin)
    assert send_queued_emails() == 1
    assert send_queued_emails() == 0
    assert len(mail.outbox) == 1


def test_it_refuses_an_email_that_already_has_an_account(client_admin, client_user):
    with pytest.raises(DomainError) as error:
        _invite(client_admin, email=client_user.email.upper())
    assert error.value.field == "email"
    assert "existe déjà" in str(error.value)
    assert User.objects.count() == 2


def test_it_refuses_a_malformed_email(client_admin):
    with pytest.raises(DomainError) as error:
        _invite(client_admin, email="pas-une-adresse")
    assert "valide" in str(error.value)
    assert not Invitation.objects.exists()


def test_a_user_without_the_right_cannot_invite(client_user):
    with pytest.raises(DomainError):
        _invite(client_user)


def test_a_user_with_the_right_cannot_create_an_administrator(organisation):
    manager = UserFactory(organisation=organisation, rights=[Right.MANAGE_USERS])
    with pytest.raises(DomainError):
        _invite(manager, role=Role.CLIENT_ADMIN)
    assert _invite(manager).role == Role.CLIENT_USER


def test_accepting_activates_the_account_once(client_admin, send_queued_emails):
    user = _invite(client_admin)
    send_queued_emails()
    token = _token_from(mail.outbox[0])
    services.accept_invitation(token=token, password="Un-mot-de-passe-solide-1")
    user.refresh_from_db()
    assert user.status == User.Status.ACTIVE
    assert user.check_password("Un-mot-de-passe-solide-1")
    with pytest.raises(DomainError) as error:
        services.accept_invitation(token=token, password="Un-autre-mot-de-passe-2")
    assert "déjà été utilisé" in str(error.value)


def test_an_expired_invitation_is_refused(client_admin, send_queued_emails):
    now = timezone.now()
    user = _invite(client_admin, now=now)
    send_queued_emails()
    token = _token_from(mail.outbox[0])
    with pytest.raises(DomainError) as error:
        services.accept_invitation(
            token=token, password="Un-mot-de-passe-solide-1", now=now + timedelta(days=8)
        )
    assert "expiré" in str(error.value)
    user.refresh_from_db()
    assert user.status == User.Status.INVITED


def test_a_weak_password_is_refused_and_nothing_changes(client_admin, send_queued_emails):
    user = _invite(client_admin)
    send_queued_emails()
    with pytest.raises(DomainError):
        services.accept_invitation(token=_token_from(mail.outbox[0]), password="123")
    user.refresh_from_db()
    assert user.status == User.Status.INVITED
    assert Invitation.objects.get(user=user).used_at is None


def test_resending_replaces_the_previous_link(client_admin, send_queued_emails):
    user = _invite(client_admin)
    send_queued_emails()
    first = _token_from(mail.outbox[0])
    services.resend_invitation(actor=client_admin, user=user)
    send_queued_emails()
    second = _token_from(mail.outbox[1])
    with pytest.raises(DomainError):
        services.find_invitation(first)
    assert services.find_invitation(second).user == user


def _log_in_session(client, user):
    client.force_login(user)
    client.get("/")  # allauth's middleware records the session
    return client.session.session_key


def test_deactivation_ends_sessions_and_tokens(client_admin, client_user, client):
    key = _log_in_session(client, client_user)
    assert UserSession.objects.filter(user=client_user).exists()
    Token.objects.create(user=client_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.deactivate_user(actor=client_admin, user=client_user)
    client_user.refresh_from_db()
    assert client_user.status == User.Status.DEACTIVATED
    assert not Token.objects.filter(user=client_user).exists()
    assert not Session.objects.filter(session_key=key).exists()
    response = client.get("/")  # once, the page that says why (issue 10)
    assert response.status_code == 403 and "désactivé" in response.content.decode()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEvent.objects.filter(action="user.deactivated").count() == 1


def test_nobody_deactivates_the_last_active_administrator(client_admin, organisation, vendor_admin):
    second = UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN)
    services.deactivate_user(actor=second, user=client_admin)
    with pytest.raises(IllegalStateChange) as error:
        services.deactivate_user(actor=vendor_admin, user=second)
    assert "dernier administrateur actif" in str(error.value)
    second.refresh_from_db()
    assert second.is_active


def test_the_last_administrator_cannot_be_deleted_even_by_the_vendor(client_admin, vendor_admin):
    with pytest.raises(IllegalStateChange) as error:
        services.delete_user(actor=vendor_admin, user=client_admin)
    assert "dernier administrateur" in str(error.value)
    assert User.objects.filter(pk=client_admin.pk).exists()


def test_an_administrator_cannot_remove_themselves(client_admin, organisation):
    UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN)
    with pytest.raises(IllegalStateChange):
        services.deactivate_user(actor=client_admin, user=client_admin)
    with pytest.raises(IllegalStateChange):
        services.delete_user(actor=client_admin, user=client_admin)


def test_the_last_administrator_cannot_be_demoted(client_admin, vendor_admin):
    with pytest.raises(IllegalStateChange):
        services.update_access(
            actor=vendor_admin, user=client_admin, role=Role.CLIENT_USER, rights=[]
        )
    client_admin.refresh_from_db()
    assert client_admin.role == Role.CLIENT_ADMIN


def test_reactivation_restores_access(client_admin, client_user):
    services.deactivate_user(actor=client_admin, user=client_user)
    services.reactivate_user(actor=client_admin, user=client_user)
    client_user.refresh_from_db()
    assert client_user.status == User.Status.ACTIVE
    with pytest.raises(IllegalStateChange):
        services.reactivate_user(actor=client_admin, user=client_user)


def test_deleting_keeps_the_audit_trail(client_admin, client_user):
    email = client_user.email
    services.delete_user(actor=client_admin, user=client_user)
    assert not User.objects.filter(email=email).exists()
    event = AuditEvent.objects.get(action="user.deleted")
    assert event.target_label == email and event.organisation == client_admin.organisation


def test_rights_changes_are_audited_with_before_and_after(client_admin, client_user):
    services.update_access(
        actor=client_admin,
        user=client_user,
        role=Role.CLIENT_USER,
        rights=[Right.SEE_CONTRACT, "inconnu", Right.FILE_DEMANDES],
    )
    client_user.refresh_from_db()
    assert client_user.rights == [Right.FILE_DEMANDES, Right.SEE_CONTRACT]
    event = AuditEvent.objects.get(action="user.rights_changed")
    assert event.data["after"] == [Right.FILE_DEMANDES, Right.SEE_CONTRACT]


def test_administrators_hold_every_right(client_admin, client_user, agent):
    assert all(client_admin.has_right(right) for right in Right)
    assert client_user.has_right(Right.FILE_DEMANDES)
    assert not client_user.has_right(Right.MANAGE_USERS)
    assert not any(agent.has_right(right) for right in Right)


def test_an_administrator_of_another_organisation_cannot_act(outsider, client_user):
    with pytest.raises(DomainError):
        services.deactivate_user(actor=outsider, user=client_user)


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_invitation_expiry_is_timezone_aware(client_admin):
    user = _invite(client_admin)
    invitation = Invitation.objects.get(user=user)
    assert invitation.expires_at.tzinfo is not None
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_session_key_is_that_of_the_user(client, client_user):
    _log_in_session(client, client_user)
    assert str(client.session[SESSION_KEY]) == str(client_user.pk)


def test_the_author_of_demandes_is_pseudonymised_not_refused(client_admin, client_user):
    """Right to erasure: the row stays for traceability (art. 12.2), the person goes."""
    from support.services import file_customer_service_request

    file_customer_service_request(
        requester=client_user, subject="Facture", description="Question", category="billing"
    )
    services.delete_user(actor=client_admin, user=client_user)
    client_user.refresh_from_db()
    assert client_user.pseudonymised_at is not None
    assert str(client_user) == f"Utilisateur supprimé n°{client_user.pk}"
    assert AuditEvent.objects.filter(action="user.deleted").count() == 1
