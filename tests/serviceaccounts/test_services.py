from datetime import timedelta

import pytest
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.core import crypto
from portal.core.emails import OutboundEmail
from portal.core.errors import DomainError, IllegalStateChange
from portal.serviceaccounts import services
from portal.serviceaccounts.models import Instruction, ServiceAccount
from support.models import Demande


def test_request_files_a_customer_service_demande(client_admin):
    instruction = services.request_account(
        actor=client_admin, kind="system", login="sauvegarde", holder="Service informatique"
    )

    assert instruction.account.status == ServiceAccount.Status.REQUESTED
    assert instruction.action == Instruction.Action.CREATE
    assert not instruction.urgent
    demande = Demande.objects.get(pk=instruction.demande_id)
    assert demande.kind == Demande.Kind.CUSTOMER_SERVICE
    assert demande.category == Demande.Category.SERVICE_ACCOUNTS
    assert "sauvegarde" in demande.subject
    assert AuditEvent.objects.filter(action="serviceaccounts.instruction_submitted").exists()


def test_only_client_admins_give_instructions(client_user, agent):
    for actor in (client_user, agent):
        with pytest.raises(DomainError):
            services.request_account(actor=actor, kind="system", login="x", holder="y")


def test_login_must_be_unique_among_live_accounts(client_admin):
    services.request_account(actor=client_admin, kind="system", login="batch", holder="A")
    with pytest.raises(DomainError) as error:
        services.request_account(actor=client_admin, kind="system", login="BATCH", holder="B")
    assert error.value.field == "login"


def test_carrying_out_a_creation_stores_the_password_encrypted(created, client_admin):
    instruction, token = created
    instruction.refresh_from_db()

    assert instruction.account.status == ServiceAccount.Status.ACTIVE
    assert instruction.status == Instruction.Status.DONE
    assert "Initial-secret-42" not in instruction.password_encrypted
    assert crypto.decrypt(instruction.password_encrypted) == "Initial-secret-42"
    assert instruction.password_token_hash == Instruction.hash_token(token)
    assert token not in instruction.password_token_hash
    email = OutboundEmail.objects.get(kind="service_account_password")
    assert email.to == [client_admin.email]
    assert token in email.body_text
    assert "Initial-secret-42" not in email.body_text + email.body_html + email.subject


def test_password_is_required_and_long_enough(client_admin, agent):
    instruction = services.request_account(
        actor=client_admin, kind="system", login="sauvegarde", holder="IT"
    )
    with pytest.raises(DomainError) as error:
        services.carry_out(actor=agent, instruction=instruction, password="court")
    assert error.value.field == "password"


def test_a_client_cannot_carry_out(client_admin):
    instruction = services.request_account(
        actor=client_admin, kind="system", login="sauvegarde", holder="IT"
    )
    with pytest.raises(DomainError):
        services.carry_out(actor=client_admin, instruction=instruction, password="x" * 20)


def test_an_instruction_is_carried_out_once(created, agent):
    instruction, _token = created
    with pytest.raises(IllegalStateChange):
        services.carry_out(actor=agent, instruction=instruction, password="Another-secret-1")


def test_password_shown_once_then_erased(created, client_admin):
    instruction, token = created

    shown, password = services.reveal_password(user=client_admin, token=token)

    assert password == "Initial-secret-42"
    shown.refresh_from_db()
    assert shown.password_encrypted == ""
    assert shown.password_viewed_at is not None
    assert AuditEvent.objects.filter(action="serviceaccounts.password_viewed").exists()
    with pytest.raises(IllegalStateChange, match="déjà été affiché"):
        services.reveal_password(user=client_admin, token=token)


def test_password_link_expires(created, client_admin):
    _instruction, token = created
    later = timezone.now() + services.PASSWORD_LINK_VALIDITY + timedelta(minutes=1)
    with pytest.raises(IllegalStateChange, match="expiré"):
        services.reveal_password(user=client_admin, token=token, now=later)
    assert services.erase_expired_passwords(now=later) == 1
    assert Instruction.objects.get(pk=_instruction.pk).password_encrypted == ""


def test_deactivation_is_urgent_and_applies_when_done(created, client_admin, agent):
    instruction, _token = created
    account = instruction.account

    deactivation = services.submit_instruction(
        actor=client_admin, account=account, action=Instruction.Action.DEACTIVATE
    )

    assert deactivation.urgent
    assert deactivation.demande.subject.startswith("URGENT")
    assert deactivation.demande.category == Demande.Category.SERVICE_ACCOUNTS
    with pytest.raises(IllegalStateChange):
        services.submit_instruction(
            actor=client_admin, account=account, action=Instruction.Action.DEACTIVATE
        )
    done, token = services.carry_out(actor=agent, instruction=deactivation, note="Fait.")
    assert token is None
    account.refresh_from_db()
    assert account.status == ServiceAccount.Status.DEACTIVATED
    assert list(account.instructions.values_list("action", flat=True)) == [
        "deactivate",
        "create",
    ]


def test_state_checks(created, client_admin, agent):
    instruction, _token = created
    account = instruction.account
    deletion = services.submit_instruction(
        actor=client_admin, account=account, action=Instruction.Action.DELETE
    )
    reset = services.submit_instruction(
        actor=client_admin, account=account, action=Instruction.Action.RESET_PASSWORD
    )
    services.carry_out(actor=agent, instruction=deletion)
    account.refresh_from_db()
    assert account.status == ServiceAccount.Status.DELETED

    # The reset no longer applies to a deleted account, nor may a new instruction start.
    with pytest.raises(IllegalStateChange):
        services.carry_out(actor=agent, instruction=reset, password="Reset-secret-123")
    with pytest.raises(IllegalStateChange):
        services.submit_instruction(
            actor=client_admin, account=account, action=Instruction.Action.RESET_PASSWORD
        )


def test_reset_emails_a_new_link(created, client_admin, agent):
    instruction, _token = created
    reset = services.submit_instruction(
        actor=client_admin, account=instruction.account, action=Instruction.Action.RESET_PASSWORD
    )
    reset, token = services.carry_out(actor=agent, instruction=reset, password="Reset-secret-123")
    assert services.reveal_password(user=client_admin, token=token)[1] == "Reset-secret-123"


def test_outsider_cannot_use_the_link(created, outsider):
    from django.http import Http404

    _instruction, token = created
    with pytest.raises(Http404):
        services.reveal_password(user=outsider, token=token)
