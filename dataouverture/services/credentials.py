"""Machine credentials of the import APIs (art. 17, 1.): create, rotate, revoke.

The secret is returned once, to be shown once; only its SHA-256 digest is
stored. Scopes ``import:*`` need the pack (checked again on every call).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataouverture import rules
from dataouverture.models import ApiCredential, ApiSecret
from dataouverture.pack import has_pack
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.errors import DomainError, IllegalStateChange
from portal.organisations.models import Organisation


@dataclass(frozen=True)
class IssuedSecret:
    credential: ApiCredential
    secret: str  # shown once


def _check_admin(actor: User, organisation: Organisation) -> None:
    if not (actor.is_client_admin and actor.organisation_id == organisation.pk):
        raise DomainError(_("Seul un administrateur de l'organisation gère les clés d'API."))


def _add_secret(credential: ApiCredential, now: datetime) -> str:
    new = rules.new_secret()
    ApiSecret.objects.create(
        credential=credential, prefix=new.prefix, digest=new.digest, created_at=now
    )
    return new.full


def create_credential(
    *,
    actor: User,
    name: str,
    scopes: list[str],
    expires_at: datetime,
    ip_ranges: str = "",
    rate_per_minute: int = 60,
    now: datetime | None = None,
) -> IssuedSecret:
    now = now or timezone.now()
    organisation = actor.organisation
    if organisation is None:
        raise DomainError(_("Seul un administrateur de l'organisation gère les clés d'API."))
    _check_admin(actor, organisation)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Donnez un nom à la clé (ex. « Import GED »)."), field="name")
    problems = rules.scope_problems(list(scopes), pack_held=has_pack(organisation))
    if problems:
        raise DomainError(" ".join(problems), field="scopes")
    problem = rules.expiry_problem(expires_at, now)
    if problem:
        raise DomainError(problem, field="expires_at")
    try:
        ranges = rules.parse_ip_ranges(ip_ranges)
    except ValueError as exc:
        raise DomainError(str(exc), field="ip_ranges") from exc
    if not 1 <= rate_per_minute <= 600:
        raise DomainError(
            _("Choisissez entre 1 et 600 appels par minute."), field="rate_per_minute"
        )
    try:
        with transaction.atomic():
            credential = ApiCredential.objects.create(
                organisation=organisation,
                name=name,
                scopes=sorted(set(scopes)),
                ip_ranges=ranges,
                rate_per_minute=rate_per_minute,
                created_by=actor,
                created_at=now,
                expires_at=expires_at,
            )
            secret = _add_secret(credential, now)
            record(
                actor=actor,
                action="dataouverture.credential_created",
                organisation=organisation,
                target=credential,
                data={"scopes": credential.scopes, "expires_at": expires_at.isoformat()},
                now=now,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Une clé nommée « %(name)s » existe déjà.") % {"name": name}, field="name"
        ) from exc
    return IssuedSecret(credential, secret)


def rotate_credential(
    *,
    actor: User,
    credential: ApiCredential,
    overlap: timedelta = timedelta(hours=24),
    now: datetime | None = None,
) -> IssuedSecret:
    """A new secret; the current ones keep working for ``overlap`` (at most 7 days)."""
    now = now or timezone.now()
    _check_admin(actor, credential.organisation)
    if overlap < timedelta(0) or overlap > rules.MAX_ROTATION_OVERLAP:
        raise DomainError(_("Le chevauchement va de 0 à 7 jours."), field="overlap_hours")
    with transaction.atomic():
        credential = ApiCredential.objects.select_for_update().get(pk=credential.pk)
        if not credential.is_usable(now):
            raise IllegalStateChange(_("Cette clé est révoquée ou expirée : créez-en une autre."))
        ApiSecret.objects.filter(credential=credential, valid_until__isnull=True).update(
            valid_until=now + overlap
        )
        secret = _add_secret(credential, now)
        record(
            actor=actor,
            action="dataouverture.credential_rotated",
            organisation=credential.organisation,
            target=credential,
            data={"overlap_hours": overlap.total_seconds() / 3600},
            now=now,
        )
    return IssuedSecret(credential, secret)


def revoke_credential(
    *, actor: User, credential: ApiCredential, reason: str = "", now: datetime | None = None
) -> None:
    now = now or timezone.now()
    if actor is not None:
        _check_admin(actor, credential.organisation)
    with transaction.atomic():
        revoked = ApiCredential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason[:200] or _("Révoquée par un administrateur")
        )
        if not revoked:
            raise IllegalStateChange(_("Cette clé est déjà révoquée."))
        record(
            actor=actor,
            action="dataouverture.credential_revoked",
            organisation=credential.organisation,
            target=credential,
            data={"reason": reason},
            now=now,
        )


def revoke_import_credentials(
    organisation: Organisation, *, reason: str, now: datetime
) -> list[str]:
    """Revoke at once every live credential holding an ``import:*`` scope (pack withdrawn)."""
    live = ApiCredential.objects.filter(organisation=organisation, revoked_at__isnull=True)
    ids, names = [], []
    for credential in live:
        if set(credential.scopes) & set(rules.IMPORT_SCOPES):
            ids.append(credential.pk)
            names.append(credential.name)
    ApiCredential.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=reason[:200]
    )
    return names


def touch(credential: ApiCredential, *, ip: str | None, now: datetime) -> None:
    """Last use, written at most once a minute per credential (no write per call)."""
    if credential.last_used_at and now - credential.last_used_at < timedelta(minutes=1):
        return
    ApiCredential.objects.filter(pk=credential.pk).update(last_used_at=now, last_used_ip=ip)
