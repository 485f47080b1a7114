"""Registering a Demande: in the browser, by API, by phone, or for another app.

art. 12.2: the client describes the context, the error messages and the
sequence of menus, may attach screenshots, and gets an acknowledgment at once
(a reference on screen and by e-mail). The take-in-charge délai starts at
registration, on the calendar of the client's formula, snapshotted on the
Demande.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import User
from portal.accounts.rights import Right
from portal.core.errors import DomainError, check_free_text
from portal.core.numbering import DEMANDE_REFERENCES, next_number
from portal.core.text import fold_single_line
from portal.organisations.models import Dossier, Organisation
from subscriptions.models import Formula, Product
from support.business_time import PARIS
from support.deadlines import TAKE_IN_CHARGE
from support.files import check_uploads
from support.models import Demande, DemandeEvent
from support.selectors import calendar_for
from support.services.common import (
    log_event,
    notify_acknowledgment,
    require_staff,
    save_attachments,
)

CONNECT_HAS_NO_SUPPORT = gettext_lazy(
    "Votre formule Cegid Connect ne comprend pas le support. Consultez la base de "
    "connaissances et les contenus de formation, ou adressez une demande au service "
    "client (facturation, contrat, comptes, restauration)."
)
#: What the agent recording a call is told (they may still file a customer-service request).
CONNECT_CLIENT_HAS_NO_SUPPORT = gettext_lazy(
    "La formule Cegid Connect de ce client ne comprend pas le support : orientez-le vers la "
    "base de connaissances, ou enregistrez une demande au service client."
)
#: How far back an agent may date a phone call.
PHONE_BACKDATING_LIMIT = timedelta(days=7)


@dataclass(frozen=True)
class DemandeDraft:
    """What the client describes when filing a Demande (art. 12.2): the context,
    the error messages, the sequence of menus, screenshots. The same fields come
    from the browser form, the API and an agent recording a call (art. 12.6).
    """

    subject: str
    kind: str = Demande.Kind.SUPPORT
    category: str = ""
    context: str = ""
    error_messages: str = ""
    menu_sequence: str = ""
    product: Product | None = None
    dossier: Dossier | None = None
    attachments: Sequence[UploadedFile] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> DemandeDraft:
        """The draft in a form's ``cleaned_data`` or a serializer's validated data
        (other keys, such as the requester of a call, are the caller's)."""
        return cls(**{name: data[name] for name in _DRAFT_FIELDS if name in data})


_DRAFT_FIELDS = tuple(field.name for field in fields(DemandeDraft))


def file_demande(
    *,
    requester: User,
    draft: DemandeDraft,
    channel: str = Demande.Channel.WEB,
    now: datetime | None = None,
) -> Demande:
    """A client files a Demande in the browser or through the API (art. 12.2)."""
    now = now or timezone.now()
    _check_requester(requester)
    if not requester.has_right(Right.FILE_DEMANDES):
        raise DomainError(_("Vous n'avez pas le droit de créer des demandes au support."))
    return _register(
        requester=requester,
        actor=requester,
        registered_at=now,
        draft=draft,
        channel=channel,
        now=now,
    )


def record_phone_demande(
    *,
    agent: User,
    requester: User,
    called_at: datetime | None,
    draft: DemandeDraft,
    now: datetime | None = None,
) -> Demande:
    """An agent records a call on behalf of a client user (art. 12.6).

    The call time is the registration time: the délai started when the
    client called, not when the agent typed it in.
    """
    now = now or timezone.now()
    require_staff(agent)
    _check_requester(requester)
    if called_at is None or timezone.is_naive(called_at):
        raise DomainError(_("Indiquez l'heure de l'appel."), field="called_at")
    if called_at > now:
        raise DomainError(
            _("L'heure de l'appel ne peut pas être dans le futur."), field="called_at"
        )
    if called_at < now - PHONE_BACKDATING_LIMIT:
        raise DomainError(
            _("L'appel date de plus de 7 jours : enregistrez-le avec la date du jour."),
            field="called_at",
        )
    return _register(
        requester=requester,
        actor=agent,
        registered_at=called_at,
        draft=draft,
        channel=Demande.Channel.PHONE,
        now=now,
    )


def file_customer_service_request(
    *,
    requester: User,
    subject: str,
    description: str,
    category: str,
    now: datetime | None = None,
) -> Demande:
    """A customer-service request on behalf of ``requester`` (every formula, no SLA).

    For other apps, e.g. restoration requests (art. 9): the caller checks its
    own right (such as ``Right.REQUEST_RESTORATION``); ``category`` is one of
    "billing", "contract", "accounts", "restoration",
    "service_accounts" (instructions on the production service's accounts, art. 11).
    """
    now = now or timezone.now()
    _check_requester(requester)
    draft = DemandeDraft(
        subject=subject,
        kind=Demande.Kind.CUSTOMER_SERVICE,
        category=category,
        context=description,
    )
    return _register(
        requester=requester,
        actor=requester,
        registered_at=now,
        draft=draft,
        channel=Demande.Channel.WEB,
        now=now,
    )


def _check_requester(requester: User | None) -> None:
    if requester is None or not requester.is_client or not requester.is_active:
        raise DomainError(
            _("Le demandeur doit être un utilisateur actif d'une organisation cliente."),
            field="requester",
        )


def _register(
    *,
    requester: User,
    actor: User,
    registered_at: datetime,
    draft: DemandeDraft,
    channel: str,
    now: datetime,
) -> Demande:
    organisation = _organisation_of(requester)
    formula = organisation.formula
    draft = _checked(draft, requester=requester, actor=actor, registered_at=registered_at)
    files = check_uploads(draft.attachments)

    calendar_row = calendar_for(organisation) if draft.kind == Demande.Kind.SUPPORT else None
    with transaction.atomic():
        demande = Demande(
            reference=_next_reference(registered_at.astimezone(PARIS).year),
            organisation=organisation,
            requester=requester,
            recorded_by=actor if actor.pk != requester.pk else None,
            dossier=draft.dossier,
            product=draft.product,
            kind=draft.kind,
            category=draft.category,
            channel=channel,
            subject=draft.subject,
            context=draft.context,
            error_messages=draft.error_messages,
            menu_sequence=draft.menu_sequence,
            formula=formula,
            queue_rank=0 if formula == Formula.PRIVATE else 1,  # art. 12.9
            registered_at=registered_at,
            updated_at=now,
        )
        if calendar_row is not None:
            # Snapshot: later edits of the calendar never move this Demande's deadlines.
            calendar = calendar_row.business_calendar()
            demande.calendar_name = calendar_row.name
            demande.calendar_spec = calendar.to_spec()
            for column, instant in TAKE_IN_CHARGE.schedule(
                calendar, registered_at, formula
            ).items():
                setattr(demande, column, instant)
        demande.save()
        saved = save_attachments(demande, files, actor=actor, now=now)
        log_event(
            demande,
            actor=actor,
            action=DemandeEvent.Action.REGISTERED,
            now=now,
            data={
                "channel": channel,
                "registered_at": registered_at.isoformat(),
                "attachments": [a.original_name for a in saved],
            },
        )
        notify_acknowledgment(demande, now=now)
    return demande


def _organisation_of(requester: User) -> Organisation:
    """A Demande is filed for a client organisation (art. 12.1): its user files it."""
    if requester.organisation is None:
        raise DomainError(_("Seul un utilisateur d'une organisation cliente dépose une demande."))
    return requester.organisation


def _checked(
    draft: DemandeDraft, *, requester: User, actor: User, registered_at: datetime
) -> DemandeDraft:
    """The draft as it is stored (subject on one line, texts stripped), or a
    ``DomainError`` naming the field at fault."""
    organisation = _organisation_of(requester)
    # One line: the subject goes into e-mail subjects and page titles (issue 14).
    subject = fold_single_line(draft.subject or "")
    if not subject:
        raise DomainError(_("Indiquez l'objet de votre demande."), field="subject")
    check_free_text(draft.context, field="context")
    check_free_text(draft.error_messages, field="error_messages")
    check_free_text(draft.menu_sequence, field="menu_sequence")
    if len(subject) > 200:
        raise DomainError(_("L'objet ne doit pas dépasser 200 caractères."), field="subject")
    category = draft.category
    if draft.kind not in Demande.Kind.values:
        raise DomainError(_("Nature de demande inconnue."), field="kind")
    if draft.kind == Demande.Kind.SUPPORT:
        _check_support_open(organisation, requester=requester, actor=actor, on=registered_at)
        category = ""
    elif category not in Demande.Category.values:
        raise DomainError(
            _("Choisissez la catégorie de votre demande au service client."), field="category"
        )
    _check_dossier(organisation, draft.dossier)
    _check_product(organisation, draft.product)
    return replace(
        draft,
        subject=subject,
        category=category,
        context=(draft.context or "").strip(),
        error_messages=(draft.error_messages or "").strip(),
        menu_sequence=(draft.menu_sequence or "").strip(),
        attachments=tuple(draft.attachments or ()),
    )


def _check_support_open(
    organisation: Organisation, *, requester: User, actor: User, on: datetime
) -> None:
    """Support Demandes need a formula with support and a running contract (art. 12.2, 15)."""
    if organisation.formula == Formula.CONNECT:
        told = CONNECT_HAS_NO_SUPPORT if actor.pk == requester.pk else CONNECT_CLIENT_HAS_NO_SUPPORT
        raise DomainError(told, field="kind")
    refusal = support_refusal(organisation, on.astimezone(PARIS).date())
    if refusal:
        raise DomainError(refusal, field="kind")


def support_refusal(organisation: Organisation, today: date) -> str:
    """Why support Demandes cannot be filed on ``today``, or "" while the contract runs.

    art. 12.2 and 15: the support is a service of a running contract — from the
    start of support (the access codes, art. 14) until the end set by a notice.
    Customer-service requests stay open whatever the contract's state.
    """
    contract = getattr(organisation, "contract", None)
    if contract is None:
        return ""
    if contract.ends_on is not None and today >= contract.ends_on:
        last_day = contract.ends_on - timedelta(days=1)
        return _(
            "Votre contrat a pris fin le %(day)s : le support n'est plus assuré. Vous pouvez "
            "toujours adresser une demande au service client (facturation, contrat, comptes)."
        ) % {"day": date_format(last_day, "j F Y")}
    start = contract.support_started_on
    if start is None:
        return _(
            "Votre contrat est en attente de la communication des codes d'accès : le support "
            "sera ouvert à partir de ce jour. En attendant, adressez une demande au service "
            "client."
        )
    if today < start:
        return _(
            "Le support de votre contrat commence le %(day)s. En attendant, adressez une "
            "demande au service client."
        ) % {"day": date_format(start, "j F Y")}
    return ""


def _check_dossier(organisation: Organisation, dossier: Dossier | None) -> None:
    if dossier is None:
        return
    if (
        not organisation.is_accounting_firm
        or dossier.organisation_id != organisation.pk
        or not dossier.is_active
    ):
        raise DomainError(_("Ce dossier client n'existe pas."), field="dossier")


def _check_product(organisation: Organisation, product: Product | None) -> None:
    if product is None:
        return
    if not product.is_active:
        raise DomainError(_("Ce produit n'est plus commercialisé."), field="product")
    if product.pk not in products_for(organisation).values_list("pk", flat=True):
        raise DomainError(_("Ce produit ne figure pas à votre contrat."), field="product")


def products_for(organisation: Organisation) -> QuerySet[Product]:
    """The products a Demande may name: the contract's, or the whole catalogue if none."""
    contract = getattr(organisation, "contract", None)
    if contract is not None and contract.products.exists():
        return contract.products.filter(is_active=True)
    return Product.objects.filter(is_active=True)


def _next_reference(year: int) -> str:
    """``D-<year>-<number>``, unique and without gaps (``portal/core/numbering.py``)."""
    return f"D-{year}-{next_number(DEMANDE_REFERENCES, year):06d}"
