"""Writes on the production service's accounts (art. 11).

Client administrators submit instructions; each is filed as a customer-service
Demande ("Comptes du service") for the vendor, whose staff carry it out here.
An initial password is stored encrypted and shown once to the client
administrator through an expiring link: the e-mail never holds it.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.audit.services import record
from portal.core import crypto
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange, check_free_text
from portal.organisations.models import Organisation
from portal.serviceaccounts.models import Instruction, ServiceAccount
from support.models import Demande
from support.services import file_customer_service_request

#: How long the link to the initial password stays valid.
PASSWORD_LINK_VALIDITY = timedelta(hours=72)
PASSWORD_MIN_LENGTH = 12

Action = Instruction.Action
Status = ServiceAccount.Status

#: The account states an instruction may start from.
ALLOWED_FROM: dict[str, tuple[ServiceAccount.Status, ...]] = {
    Action.DELETE: (Status.ACTIVE, Status.DEACTIVATED),
    Action.RESET_PASSWORD: (Status.ACTIVE,),
    Action.DEACTIVATE: (Status.ACTIVE,),
}
#: The account's status once the instruction is carried out.
RESULTING_STATUS: dict[str, ServiceAccount.Status] = {
    Action.CREATE: Status.ACTIVE,
    Action.DELETE: Status.DELETED,
    Action.RESET_PASSWORD: Status.ACTIVE,
    Action.DEACTIVATE: Status.DEACTIVATED,
}


def _require_client_admin(actor: User) -> Organisation:
    """The client administrator's organisation; anyone else is refused."""
    if not actor.is_client_admin or actor.organisation is None:
        raise DomainError(
            _("Seul un administrateur de l'organisation donne des instructions sur ces comptes.")
        )
    return actor.organisation


def _file_demande(*, instruction: Instruction, requester: User, now: datetime) -> Demande:
    account = instruction.account
    subject = _("%(action)s du compte %(kind)s « %(login)s »") % {
        "action": instruction.get_action_display(),
        "kind": account.get_kind_display().lower(),
        "login": account.login,
    }
    if instruction.urgent:
        subject = _("URGENT — %(subject)s") % {"subject": subject}
    description = _("Compte %(login)s (%(kind)s), destiné à %(holder)s.") % {
        "login": account.login,
        "kind": account.get_kind_display().lower(),
        "holder": account.holder,
    }
    if instruction.comment:
        description += "\n\n" + _("Précisions du client :") + "\n" + instruction.comment
    return file_customer_service_request(
        requester=requester,
        subject=subject,
        description=description,
        category=Demande.Category.SERVICE_ACCOUNTS,
        now=now,
    )


def _submit(
    *, actor: User, account: ServiceAccount, action: str, comment: str, now: datetime
) -> Instruction:
    instruction = Instruction.objects.create(
        account=account,
        action=action,
        # art. 11: after a theft or loss the account is deactivated at once.
        urgent=action == Action.DEACTIVATE,
        comment=comment,
        requested_by=actor,
        requested_at=now,
    )
    instruction.demande = _file_demande(instruction=instruction, requester=actor, now=now)
    instruction.save(update_fields=["demande"])
    record(
        actor=actor,
        action="serviceaccounts.instruction_submitted",
        organisation=account.organisation,
        target=account.login,
        data={
            "instruction": action,
            "urgent": instruction.urgent,
            "demande": instruction.demande.reference,
        },
        now=now,
    )
    return instruction


@transaction.atomic
def request_account(
    *,
    actor: User,
    kind: str,
    login: str,
    holder: str,
    comment: str = "",
    now: datetime | None = None,
) -> Instruction:
    """Ask the vendor to create a system or application account (art. 11)."""
    now = now or timezone.now()
    organisation = _require_client_admin(actor)
    check_free_text(comment, field="comment")
    login = (login or "").strip()
    holder = (holder or "").strip()
    if kind not in ServiceAccount.Kind.values:
        raise DomainError(_("Choisissez un compte système ou applicatif."), field="kind")
    if not login:
        raise DomainError(_("Indiquez l'identifiant du compte."), field="login")
    if not holder:
        raise DomainError(_("Indiquez la personne à qui le compte est destiné."), field="holder")
    taken = (
        ServiceAccount.objects.select_for_update()
        .filter(organisation=organisation, login__iexact=login)
        .exclude(status=Status.DELETED)
        .exists()
    )
    if taken:
        raise DomainError(_("Un compte porte déjà cet identifiant."), field="login")
    account = ServiceAccount.objects.create(
        organisation=organisation,
        kind=kind,
        login=login,
        holder=holder,
        status=Status.REQUESTED,
        created_at=now,
    )
    return _submit(actor=actor, account=account, action=Action.CREATE, comment=comment, now=now)


@transaction.atomic
def submit_instruction(
    *,
    actor: User,
    account: ServiceAccount,
    action: str,
    comment: str = "",
    now: datetime | None = None,
) -> Instruction:
    """Ask the vendor to delete, reset the password of, or deactivate at once an account."""
    now = now or timezone.now()
    _require_client_admin(actor)
    check_free_text(comment, field="comment")
    if action not in ALLOWED_FROM:
        raise DomainError(_("Choisissez une instruction."), field="action")
    account = ServiceAccount.objects.select_for_update().get(pk=account.pk)
    if account.organisation_id != actor.organisation_id:
        raise DomainError(_("Ce compte n'appartient pas à votre organisation."))
    if account.status not in ALLOWED_FROM[action]:
        raise IllegalStateChange(
            _("Impossible pour un compte au statut « %(status)s ».")
            % {"status": account.get_status_display().lower()}
        )
    if account.instructions.filter(action=action, status=Instruction.Status.PENDING).exists():
        raise IllegalStateChange(_("Cette instruction est déjà en attente pour ce compte."))
    return _submit(actor=actor, account=account, action=action, comment=comment, now=now)


def _password_recipients(instruction: Instruction) -> list[str]:
    requester = instruction.requested_by
    if requester is not None and requester.is_active and requester.is_client_admin:
        return [requester.email]
    admins = instruction.account.organisation.members.filter(
        role=Role.CLIENT_ADMIN, is_active=True
    ).order_by("pk")
    return [admin.email for admin in admins]


@transaction.atomic
def carry_out(
    *,
    actor: User,
    instruction: Instruction,
    password: str = "",
    note: str = "",
    now: datetime | None = None,
) -> tuple[Instruction, str | None]:
    """Vendor staff record that an instruction is done.

    For a creation or a reset the initial password is stored encrypted, and
    the client administrator is e-mailed a one-time link to it. Returns the
    instruction and the link's token (None when there is no password).
    """
    now = now or timezone.now()
    if not actor.is_vendor_staff:
        raise DomainError(_("Seul le personnel de l'éditeur exécute ces instructions."))
    check_free_text(note, field="note")
    instruction = (
        Instruction.objects.select_for_update(of=("self",))
        .select_related("account__organisation", "requested_by", "demande")
        .get(pk=instruction.pk)
    )
    if not instruction.is_pending:
        raise IllegalStateChange(_("Cette instruction est déjà effectuée."))
    # Two instructions on one account (a deletion, a reset) are carried out one after the other.
    account = ServiceAccount.objects.select_for_update().get(pk=instruction.account_id)
    instruction.account = account
    expected = (
        (Status.REQUESTED,)
        if instruction.action == Action.CREATE
        else ALLOWED_FROM[instruction.action]
    )
    if account.status not in expected:
        raise IllegalStateChange(
            _("Le compte est au statut « %(status)s » : cette instruction ne s'applique plus.")
            % {"status": account.get_status_display().lower()}
        )
    token = None
    fields = ["status", "done_by", "done_at", "outcome_note"]
    if instruction.sets_password:
        if len(password or "") < PASSWORD_MIN_LENGTH:
            raise DomainError(
                _("Le mot de passe initial doit compter au moins %(n)s caractères.")
                % {"n": PASSWORD_MIN_LENGTH},
                field="password",
            )
        token = secrets.token_urlsafe(32)
        instruction.password_encrypted = crypto.encrypt(password)
        instruction.password_token_hash = Instruction.hash_token(token)
        instruction.password_expires_at = now + PASSWORD_LINK_VALIDITY
        fields += ["password_encrypted", "password_token_hash", "password_expires_at"]
    instruction.status = Instruction.Status.DONE
    instruction.done_by = actor
    instruction.done_at = now
    instruction.outcome_note = note
    instruction.save(update_fields=fields)
    account.status = RESULTING_STATUS[instruction.action]
    account.save(update_fields=["status"])
    record(
        actor=actor,
        action="serviceaccounts.instruction_done",
        organisation=account.organisation,
        target=account.login,
        data={"instruction": instruction.action, "status": account.status},
        now=now,
    )
    if token is not None:
        queue_email(
            to=_password_recipients(instruction),
            template="serviceaccounts/email/password_ready",
            context={
                "account": account,
                "instruction": instruction,
                "expires_at": instruction.password_expires_at,
                "link": settings.SITE_URL + reverse("serviceaccounts:password", args=[token]),
            },
            kind="service_account_password",
            dedup_key=f"serviceaccounts:password:{instruction.pk}",
            now=now,
        )
    return instruction, token


def find_password_instruction(
    *, user: User, token: str, now: datetime | None = None
) -> Instruction:
    """The instruction whose initial password ``token`` reveals, if still viewable.

    Raises ``IllegalStateChange`` (the page answers 410) when the link was
    already used or has expired.
    """
    now = now or timezone.now()
    from portal.serviceaccounts.selectors import password_instruction

    instruction = password_instruction(user, Instruction.hash_token(token))
    if instruction.password_viewed_at is not None:
        raise IllegalStateChange(
            _("Ce mot de passe a déjà été affiché : le lien ne sert qu'une fois.")
        )
    expires_at = instruction.password_expires_at
    if not instruction.password_encrypted or expires_at is None or now >= expires_at:
        raise IllegalStateChange(
            _("Ce lien a expiré : demandez une réinitialisation du mot de passe.")
        )
    return instruction


@transaction.atomic
def reveal_password(
    *, user: User, token: str, now: datetime | None = None
) -> tuple[Instruction, str]:
    """Show the initial password once: the stored ciphertext is erased as it is read."""
    now = now or timezone.now()
    instruction = find_password_instruction(user=user, token=token, now=now)
    claimed = Instruction.objects.filter(
        pk=instruction.pk, password_viewed_at__isnull=True, password_expires_at__gt=now
    ).update(password_viewed_at=now, password_encrypted="")
    if not claimed:
        raise IllegalStateChange(
            _("Ce mot de passe a déjà été affiché : le lien ne sert qu'une fois.")
        )
    password = crypto.decrypt(instruction.password_encrypted)
    record(
        actor=user,
        action="serviceaccounts.password_viewed",
        organisation=instruction.account.organisation,
        target=instruction.account.login,
        data={"instruction": instruction.action},
        now=now,
    )
    return instruction, password


def erase_expired_passwords(*, now: datetime | None = None) -> int:
    """Erase the ciphertext of initial passwords whose link has expired unseen."""
    now = now or timezone.now()
    return (
        Instruction.objects.filter(password_expires_at__lte=now)
        .exclude(password_encrypted="")
        .update(password_encrypted="")
    )
