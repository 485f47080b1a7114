"""Writes on organisations. The vendor creates an organisation and its first
administrator (art. 11); the client's administrators manage the rest."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.accounts.services import invite_user
from portal.audit.services import record
from portal.core.errors import DomainError
from portal.organisations.audit_actions import OrganisationAction
from portal.organisations.models import Dossier, Organisation, validate_siren
from subscriptions.models import Contract


def _check_vendor_admin(actor: User) -> None:
    if not actor.is_vendor_admin:
        raise DomainError(_("Seul un administrateur éditeur peut créer une organisation."))


def create_organisation(
    *,
    actor: User,
    name: str,
    siren: str,
    kind: str,
    formula: str,
    support_started_on: date | None = None,
    address: str = "",
    postal_code: str = "",
    city: str = "",
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    now: datetime | None = None,
) -> tuple[Organisation, User]:
    """Create the organisation, its contract record and invite its first administrator."""
    now = now or timezone.now()
    _check_vendor_admin(actor)
    try:
        validate_siren(siren)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="siren") from exc
    with transaction.atomic():
        if Organisation.objects.filter(siren=siren).exists():
            raise DomainError(_("Une organisation avec ce SIREN existe déjà."), field="siren")
        organisation = Organisation.objects.create(
            name=name.strip(),
            siren=siren,
            kind=kind,
            address=address,
            postal_code=postal_code,
            city=city,
        )
        Contract.objects.create(
            organisation=organisation, formula=formula, support_started_on=support_started_on
        )
        record(
            actor=actor,
            action=OrganisationAction.CREATED,
            organisation=organisation,
            target=organisation,
            data={"formula": formula, "kind": kind},
            now=now,
        )
        admin = invite_user(
            actor=actor,
            organisation=organisation,
            email=admin_email,
            first_name=admin_first_name,
            last_name=admin_last_name,
            role=Role.CLIENT_ADMIN,
            now=now,
        )
    return organisation, admin


def set_mfa_required(
    *, actor: User, organisation: Organisation, required: bool, now: datetime | None = None
) -> Organisation:
    if not (
        actor.is_vendor_admin
        or (actor.is_client_admin and actor.organisation_id == organisation.pk)
    ):
        raise DomainError(_("Seul un administrateur peut changer cette règle."))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.mfa_required == required:
            return organisation
        organisation.mfa_required = required
        organisation.save(update_fields=["mfa_required"])
        record(
            actor=actor,
            action=OrganisationAction.MFA_REQUIRED if required else OrganisationAction.MFA_OPTIONAL,
            organisation=organisation,
            target=organisation,
            now=now,
        )
    return organisation


def create_dossier(
    *,
    actor: User,
    organisation: Organisation,
    reference: str,
    name: str,
    siren: str = "",
    now: datetime | None = None,
) -> Dossier:
    """An accounting firm's client dossier (art. 4)."""
    if not organisation.is_accounting_firm:
        raise DomainError(_("Seul un cabinet d'expertise comptable gère des dossiers clients."))
    if not (
        actor.is_vendor_admin
        or (actor.organisation_id == organisation.pk and actor.is_client_admin)
    ):
        raise DomainError(_("Seul un administrateur peut créer un dossier client."))
    with transaction.atomic():
        if organisation.dossiers.filter(reference=reference).exists():
            raise DomainError(_("Un dossier porte déjà cette référence."), field="reference")
        dossier = Dossier.objects.create(
            organisation=organisation, reference=reference.strip(), name=name.strip(), siren=siren
        )
        record(
            actor=actor,
            action=OrganisationAction.DOSSIER_CREATED,
            organisation=organisation,
            target=dossier,
            now=now,
        )
    return dossier
