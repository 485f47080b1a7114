"""Writes on accounts: invitation, activation, deactivation, deletion, rights.

Every function runs in one transaction, checks the state, raises
``DomainError`` with a French message, writes an audit row and sends e-mail
after commit through the outbox (art. 11).
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from portal.accounts.audit_actions import UserAction
from portal.accounts.models import CLIENT_ROLES, Invitation, Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS, clean_rights
from portal.audit.services import record
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from portal.organisations.models import Organisation


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Saisissez une adresse e-mail valide."), field="email") from exc
    return email


def _ensure_email_free(email: str) -> None:
    """One address = one person: neither an account nor any address listed on an
    account (allauth's e-mail page) may already hold it, whatever its case."""
    from allauth.account.models import EmailAddress

    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise DomainError(_("Un compte existe déjà pour cette adresse e-mail."), field="email")


def _check_can_manage(actor: User, organisation: Organisation | None) -> None:
    """Client administrators and users holding the right manage their own organisation;
    vendor administrators manage any (they create the first administrator)."""
    if actor.is_vendor_admin:
        return
    if (
        organisation is None
        or actor.organisation_id != organisation.pk
        or not actor.has_right("manage_users")
    ):
        raise DomainError(_("Vous n'avez pas le droit de gérer les utilisateurs."))


def _check_has_some_right(role: str, rights: list[str]) -> None:
    """A user with no right at all could do nothing on the portal (art. 11: rights
    are the client's to assign, not to forget): refuse it, saying so."""
    if role == Role.CLIENT_USER and not rights:
        raise DomainError(
            _(
                "Sans aucun droit, cet utilisateur ne pourrait rien faire sur le portail "
                "(pas même créer une demande au support) : cochez au moins un droit."
            ),
            field="rights",
        )


def _check_can_grant_role(actor: User, role: str) -> None:
    if role not in CLIENT_ROLES:
        raise DomainError(_("Rôle inconnu."), field="role")
    if role == Role.CLIENT_ADMIN and not (actor.is_client_admin or actor.is_vendor_admin):
        raise DomainError(
            _("Seul un administrateur peut créer ou nommer un administrateur."), field="role"
        )


def invite_user(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.CLIENT_USER,
    rights: Iterable[str] | None = None,
    now: datetime | None = None,
) -> User:
    """Create an inactive account and e-mail it a one-time activation link."""
    now = now or timezone.now()
    email = _normalise_email(email)
    _check_can_manage(actor, organisation)
    _check_can_grant_role(actor, role)
    rights = clean_rights(DEFAULT_USER_RIGHTS if rights is None else rights)
    _check_has_some_right(role, rights)
    with transaction.atomic():
        _ensure_email_free(email)
        user = User.objects.create_user(
            email,
            organisation=organisation,
            role=role,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            rights=rights,
            is_active=False,
            date_joined=now,
        )
        _send_invitation(user=user, actor=actor, now=now)
        record(
            actor=actor,
            action=UserAction.INVITED,
            organisation=organisation,
            target=user,
            data={"role": role, "rights": user.rights},
            now=now,
        )
    return user


def _send_invitation(*, user: User, actor: User | None, now: datetime) -> str:
    user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=Invitation.hash_token(token),
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    queue_email(
        to=[user.email],
        template="accounts/email/invitation",
        context={
            "user": user,
            "organisation": user.organisation,
            "inviter": actor,
            "expires_at": invitation.expires_at,
            "link": settings.SITE_URL + reverse("accept_invitation", args=[token]),
        },
        kind="invitation",
        dedup_key=f"invitation:{invitation.pk}",
        now=now,
    )
    return token


def resend_invitation(*, actor: User, user: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    _check_can_manage(actor, user.organisation)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.status != User.Status.INVITED:
            raise IllegalStateChange(_("Ce compte est déjà activé : aucune invitation à renvoyer."))
        _send_invitation(user=user, actor=actor, now=now)
        record(
            actor=actor,
            action=UserAction.INVITATION_RESENT,
            organisation=user.organisation,
            target=user,
            now=now,
        )


def find_invitation(token: str, *, now: datetime | None = None) -> Invitation:
    """The usable invitation for ``token``, or a DomainError saying why not."""
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_related("user", "user__organisation")
        .filter(token_hash=Invitation.hash_token(token or ""))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise DomainError(_("Ce lien d'invitation n'est pas valide ou a été remplacé."))
    if invitation.used_at is not None:
        raise DomainError(_("Ce lien d'invitation a déjà été utilisé. Connectez-vous."))
    if now >= invitation.expires_at:
        raise DomainError(
            _(
                "Ce lien d'invitation a expiré. Demandez à votre administrateur "
                "de vous en envoyer un nouveau."
            )
        )
    return invitation


def accept_invitation(*, token: str, password: str, now: datetime | None = None) -> User:
    """Activate the account with the password its owner chose."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = find_invitation(token, now=now)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise DomainError(_("Ce lien d'invitation a déjà été utilisé. Connectez-vous."))
        user = invitation.user
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="password1") from exc
        user.set_password(password)
        user.is_active = True
        user.activated_at = now
        user.deactivated_at = None
        user.save(update_fields=["password", "is_active", "activated_at", "deactivated_at"])
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        _mark_email_verified(user)
        record(
            actor=user,
            action=UserAction.ACTIVATED,
            organisation=user.organisation,
            target=user,
            now=now,
        )
    return user


def _mark_email_verified(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _lock_admins(organisation: Organisation | None) -> list[int]:
    """Active administrators of the organisation, rows locked for the decision."""
    return list(
        User.objects.select_for_update()
        .filter(organisation=organisation, role=Role.CLIENT_ADMIN, is_active=True)
        .values_list("pk", flat=True)
    )


def _check_not_last_admin(user: User, message: str) -> None:
    if user.role != Role.CLIENT_ADMIN or not user.is_active:
        return
    if [pk for pk in _lock_admins(user.organisation) if pk != user.pk] == []:
        raise IllegalStateChange(message)


def _check_target(actor: User, user: User) -> None:
    _check_can_manage(actor, user.organisation)
    if user.role == Role.CLIENT_ADMIN and not (actor.is_client_admin or actor.is_vendor_admin):
        raise DomainError(_("Seul un administrateur peut modifier un administrateur."))


def end_access(user: User) -> None:
    """A deactivated account loses its sessions and API tokens at once (art. 11)."""
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()
    Token.objects.filter(user=user).delete()


def _remember_sessions_of(user: User) -> None:
    """At once, not after commit: an inactive user is already anonymous to Django."""
    from allauth.usersessions.models import UserSession

    for key in UserSession.objects.filter(user=user).values_list("session_key", flat=True):
        remember_deactivated_session(key)


def _ended_session_cache_key(session_key: str) -> str:
    return "deactivated-session:" + hashlib.sha256(session_key.encode()).hexdigest()


def remember_deactivated_session(session_key: str) -> None:
    """So that the person's next request says why, not a bare login page."""
    cache.set(_ended_session_cache_key(session_key), True, timeout=settings.SESSION_COOKIE_AGE)


def was_deactivated_session(session_key: str) -> bool:
    """True once: the person sees the explanation on their next request only."""
    key = _ended_session_cache_key(session_key)
    found = bool(cache.get(key))
    if found:
        cache.delete(key)
    return found


def deactivate_user(*, actor: User, user: User, now: datetime | None = None) -> User:
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_target(actor, user)
        if user.pk == actor.pk:
            raise IllegalStateChange(_("Vous ne pouvez pas désactiver votre propre compte."))
        if user.status != User.Status.ACTIVE:
            raise IllegalStateChange(_("Ce compte n'est pas actif."))
        _check_not_last_admin(
            user, _("Impossible de désactiver le dernier administrateur actif de l'organisation.")
        )
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
        _remember_sessions_of(user)
        record(
            actor=actor,
            action=UserAction.DEACTIVATED,
            organisation=user.organisation,
            target=user,
            now=now,
        )
        transaction.on_commit(lambda: end_access(user))
    return user


def reactivate_user(*, actor: User, user: User, now: datetime | None = None) -> User:
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_target(actor, user)
        if user.status != User.Status.DEACTIVATED:
            raise IllegalStateChange(_("Seul un compte désactivé peut être réactivé."))
        user.is_active = True
        user.deactivated_at = None
        user.save(update_fields=["is_active", "deactivated_at"])
        record(
            actor=actor,
            action=UserAction.REACTIVATED,
            organisation=user.organisation,
            target=user,
            now=now,
        )
    return user


def delete_user(*, actor: User, user: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_target(actor, user)
        if user.pk == actor.pk:
            raise IllegalStateChange(_("Vous ne pouvez pas supprimer votre propre compte."))
        _check_not_last_admin(
            user, _("Impossible de supprimer le dernier administrateur actif de l'organisation.")
        )
        record(
            actor=actor,
            action=UserAction.DELETED,
            organisation=user.organisation,
            target=user,
            data={"role": user.role},
            now=now,
        )
        end_access(user)
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            # Demandes and their replies must stay traceable (art. 12.2): their
            # author stays, under a pseudonym, without the person's data.
            pseudonymise_user(user=user, now=now)


def pseudonym(user: User) -> str:
    return _("Utilisateur supprimé n°%(number)s") % {"number": user.pk}


def pseudonymise_user(*, user: User, now: datetime) -> None:
    """Erase the person (name, e-mail, phone, rights, addresses, invitations) and
    put the pseudonym where their name or address was written down."""
    from allauth.account.models import EmailAddress

    from portal.audit.models import AuditEvent
    from support.models import DemandeEvent

    label = pseudonym(user)
    old_email = user.email
    DemandeEvent.objects.filter(actor=user).update(actor_label=label)
    AuditEvent.objects.filter(actor_label__iexact=old_email).update(actor_label=label)
    AuditEvent.objects.filter(target_label__iexact=old_email).update(target_label=label)
    EmailAddress.objects.filter(user=user).delete()
    user.invitations.all().delete()
    user.email = f"supprime-{user.public_id.hex}@invalid"
    user.first_name, user.last_name, user.phone = str(label), "", ""
    user.rights = []
    user.is_active, user.is_staff = False, False
    user.deactivated_at = user.deactivated_at or now
    user.pseudonymised_at = now
    user.set_unusable_password()
    user.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "phone",
            "rights",
            "is_active",
            "is_staff",
            "deactivated_at",
            "pseudonymised_at",
            "password",
        ]
    )


def update_access(
    *, actor: User, user: User, role: str, rights: Iterable[str], now: datetime | None = None
) -> User:
    """Change a member's role and rights (art. 11: rights are the client's to assign)."""
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_target(actor, user)
        _check_can_grant_role(actor, role)
        new_rights = clean_rights(rights)
        if role != user.role:
            if user.pk == actor.pk:
                raise IllegalStateChange(_("Vous ne pouvez pas modifier votre propre rôle."))
            _check_not_last_admin(
                user, _("L'organisation doit garder au moins un administrateur actif.")
            )
        _check_has_some_right(role, new_rights)
        if role != user.role:
            record(
                actor=actor,
                action=UserAction.ROLE_CHANGED,
                organisation=user.organisation,
                target=user,
                data={"before": user.role, "after": role},
                now=now,
            )
        if new_rights != user.rights:
            record(
                actor=actor,
                action=UserAction.RIGHTS_CHANGED,
                organisation=user.organisation,
                target=user,
                data={"before": user.rights, "after": new_rights},
                now=now,
            )
        user.role = role
        user.rights = new_rights
        user.save(update_fields=["role", "rights"])
    return user


def update_profile(*, user: User, first_name: str, last_name: str, phone: str) -> User:
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user.save(update_fields=["first_name", "last_name", "phone"])
    return user


def create_api_token(*, user: User, now: datetime | None = None) -> Token:
    """A new token replaces the old one."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        record(
            actor=user,
            action=UserAction.API_TOKEN_CREATED,
            organisation=user.organisation,
            target=user,
            now=now,
        )
    return token


def revoke_api_token(*, user: User, now: datetime | None = None) -> None:
    with transaction.atomic():
        if Token.objects.filter(user=user).delete()[0]:
            record(
                actor=user,
                action=UserAction.API_TOKEN_REVOKED,
                organisation=user.organisation,
                target=user,
                now=now,
            )
