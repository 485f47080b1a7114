"""The lifecycle of a Demande after registration (art. 12.2-12.3).

registered → taken in charge → qualified (Anomalie crit. 1/2/3, or another
kind) → action plan / workaround / fix → resolved → closed; the client may
comment, add files and reopen a resolved Demande.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.errors import DomainError, IllegalStateChange, check_free_text
from support.deadlines import (
    DEADLINES,
    QUALIFICATION_DEADLINES,
    TAKE_IN_CHARGE,
    Deadline,
    snapshot_calendar,
)
from support.files import check_uploads
from support.models import Attachment, Comment, Demande, DemandeEvent
from support.services.common import (
    log_event,
    notify_assignment,
    require_member,
    require_staff,
    save_attachments,
    transition,
)

ANSWERED = (
    Demande.State.QUALIFIED,
    Demande.State.ACTION_PLAN,
    Demande.State.WORKAROUND,
    Demande.State.FIX,
)

#: Kinds of answer an agent posts after qualifying an Anomalie (art. 12.3): the
#: state and event of each. Which deadlines an answer meets is the registry's
#: (support/deadlines.py: ``Deadline.answers`` and ``also_met_by``).
RESPONSES = {
    "action_plan": (Demande.State.ACTION_PLAN, DemandeEvent.Action.ACTION_PLAN),
    "workaround": (Demande.State.WORKAROUND, DemandeEvent.Action.WORKAROUND),
    "fix": (Demande.State.FIX, DemandeEvent.Action.FIX),
}


def take_in_charge(*, demande: Demande, agent: User, now: datetime | None = None) -> Demande:
    """art. 12.2: an agent takes the Demande in charge; of two at once, one wins."""
    now = now or timezone.now()
    require_staff(agent)
    with transaction.atomic():
        changed = Demande.objects.filter(pk=demande.pk, state=Demande.State.REGISTERED).update(
            state=Demande.State.TAKEN_IN_CHARGE,
            taken_in_charge_at=now,
            assignee=agent,
            updated_at=now,
        )
        demande.refresh_from_db()
        if not changed:
            if demande.taken_in_charge_at is not None:
                who = demande.assignee or _("un autre agent")
                raise IllegalStateChange(
                    _("La demande %(ref)s a déjà été prise en charge par %(who)s le %(when)s.")
                    % {
                        "ref": demande.reference,
                        "who": who,
                        "when": timezone.localtime(demande.taken_in_charge_at).strftime(
                            "%d/%m/%Y à %H:%M"
                        ),
                    }
                )
            raise IllegalStateChange(
                _("La demande %(ref)s ne peut pas être prise en charge : elle est « %(state)s ».")
                % {"ref": demande.reference, "state": demande.get_state_display()}
            )
        _mark_late(TAKE_IN_CHARGE, demande, met_at=now)
        log_event(demande, actor=agent, action=DemandeEvent.Action.TAKEN_IN_CHARGE, now=now)
    return demande


def assign(
    *, demande: Demande, actor: User, assignee: User | None, now: datetime | None = None
) -> Demande:
    """Give the Demande to a colleague (or to oneself)."""
    now = now or timezone.now()
    require_staff(actor)
    if assignee is None or not assignee.is_vendor_staff or not assignee.is_active:
        raise DomainError(_("Choisissez un agent du support actif."), field="assignee")
    with transaction.atomic():
        changed = Demande.objects.filter(pk=demande.pk, state__in=Demande.OPEN_STATES).update(
            assignee=assignee, updated_at=now
        )
        demande.refresh_from_db()
        if not changed:
            raise IllegalStateChange(
                _("La demande %(ref)s est « %(state)s » : elle ne peut plus être attribuée.")
                % {"ref": demande.reference, "state": demande.get_state_display()}
            )
        event = log_event(
            demande,
            actor=actor,
            action=DemandeEvent.Action.ASSIGNED,
            now=now,
            public=False,
            data={"assignee": assignee.email},
        )
        notify_assignment(demande, event, assignee=assignee, now=now)
    return demande


def qualify(
    *,
    demande: Demande,
    agent: User,
    qualification: str,
    criticality: int | str | None = None,
    now: datetime | None = None,
) -> Demande:
    """art. 12.3: an Anomalie with criticality 1, 2 or 3, or another kind of request.

    Crit. 1 starts a 12-heures-ouvrées délai for a corrective action plan;
    crit. 2 a 6-jours-ouvrés délai for a fix or workaround; crit. 3 none.
    """
    now = now or timezone.now()
    require_staff(agent)
    criticality = _checked_qualification(demande, qualification, criticality)
    fields = {"qualification": qualification, "criticality": criticality, "qualified_at": now}
    fields.update(_qualification_deadlines(demande, criticality, now))
    with transaction.atomic():
        transition(
            demande,
            allowed=(Demande.State.TAKEN_IN_CHARGE,),
            to=Demande.State.QUALIFIED,
            now=now,
            verb=_("qualifier"),
            **fields,
        )
        log_event(
            demande,
            actor=agent,
            action=DemandeEvent.Action.QUALIFIED,
            now=now,
            data={"qualification": qualification, "criticality": criticality},
        )
    return demande


def requalify(
    *,
    demande: Demande,
    agent: User,
    qualification: str,
    criticality: int | str | None = None,
    reason: str,
    now: datetime | None = None,
) -> Demande:
    """An agent changes the qualification or criticality, saying why (art. 1, 12.3).

    The deadlines of the new criticality run from the requalification
    (DOMAIN.md); the earlier ones stay in the timeline, in the event's data.
    Answers start again: the Demande is back to "qualified".
    """
    now = now or timezone.now()
    require_staff(agent)
    criticality = _checked_qualification(demande, qualification, criticality)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez la raison de la requalification."), field="reason")
    if (qualification, criticality) == (demande.qualification, demande.criticality):
        raise DomainError(
            _("La demande est déjà qualifiée ainsi : changez la qualification ou la criticité."),
            field="criticality",
        )
    previous = {
        "qualification": demande.qualification,
        "criticality": demande.criticality,
        "deadlines": {
            deadline.key: due.isoformat()
            for deadline in QUALIFICATION_DEADLINES
            if (due := deadline.due(demande)) is not None
        },
    }
    fields = {"qualification": qualification, "criticality": criticality, "qualified_at": now}
    fields.update(_qualification_deadlines(demande, criticality, now, reset=True))
    with transaction.atomic():
        transition(
            demande,
            allowed=ANSWERED,
            to=Demande.State.QUALIFIED,
            now=now,
            verb=_("requalifier"),
            **fields,
        )
        log_event(
            demande,
            actor=agent,
            action=DemandeEvent.Action.REQUALIFIED,
            now=now,
            data={
                "qualification": qualification,
                "criticality": criticality,
                "reason": reason,
                "previous": previous,
            },
        )
    return demande


def _checked_qualification(
    demande: Demande, qualification: str, criticality: int | str | None
) -> int | None:
    """The criticality an Anomalie must have (1, 2 or 3); None for other requests."""
    if qualification not in Demande.Qualification.values:
        raise DomainError(_("Choisissez une qualification."), field="qualification")
    if qualification != Demande.Qualification.ANOMALIE:
        return None
    if demande.kind != Demande.Kind.SUPPORT:
        raise DomainError(
            _("Une demande au service client ne peut pas être une anomalie."),
            field="qualification",
        )
    try:
        level = int(criticality) if criticality is not None else None
    except (TypeError, ValueError):
        level = None
    if level not in Demande.Criticality.values:
        raise DomainError(
            _("Indiquez la criticité de l'anomalie (1, 2 ou 3)."), field="criticality"
        )
    return level


def _qualification_deadlines(
    demande: Demande, criticality: int | None, now: datetime, *, reset: bool = False
) -> dict[str, datetime | None]:
    """art. 12.3: crit. 1 → action plan in 12 h ouvrées; crit. 2 → fix in 6 jours ouvrés.

    On a requalification (``reset``) every deadline starts afresh from ``now``:
    the other one is cleared, and the timer marks are cleared so the sweep
    follows the new deadline.
    """
    calendar = snapshot_calendar(demande)
    fields: dict[str, datetime | None] = {}
    for deadline in QUALIFICATION_DEADLINES:
        if reset:
            fields.update(deadline.cleared())
        if calendar is not None and criticality == deadline.criticality:
            fields.update(deadline.schedule(calendar, now, demande.formula))
    return fields


def respond(
    *, demande: Demande, agent: User, response: str, message: str, now: datetime | None = None
) -> Demande:
    """Post a corrective action plan, a workaround or a fix (art. 12.3)."""
    now = now or timezone.now()
    require_staff(agent)
    if response not in RESPONSES:
        raise DomainError(_("Type de réponse inconnu."), field="response")
    message = (message or "").strip()
    if not message:
        raise DomainError(_("Décrivez votre réponse au client."), field="message")
    check_free_text(message, field="message")
    if demande.qualification != Demande.Qualification.ANOMALIE:
        raise IllegalStateChange(
            _("Un plan d'action, un contournement ou un correctif ne répond qu'à une anomalie.")
        )
    state, action = RESPONSES[response]
    # art. 12.3 (DOMAIN.md): a fix or a workaround delivered before the crit. 1
    # action-plan deadline meets it too — it does more than a plan.
    met = [deadline for deadline in DEADLINES if deadline.is_met_by(response, demande)]
    fields = {deadline.met_at: now for deadline in met}
    with transaction.atomic():
        transition(demande, allowed=ANSWERED, to=state, now=now, verb=_("répondre à"), **fields)
        comment = Comment.objects.create(
            demande=demande, author=agent, body=message, created_at=now
        )
        for deadline in met:
            _mark_late(deadline, demande, met_at=now)
        log_event(demande, actor=agent, action=action, now=now, data={"comment": comment.pk})
    return demande


def resolve(
    *, demande: Demande, agent: User, message: str = "", now: datetime | None = None
) -> Demande:
    """The Demande is resolved; a running crit. 1/2 délai is met by the resolution."""
    now = now or timezone.now()
    require_staff(agent)
    met = [
        deadline
        for deadline in QUALIFICATION_DEADLINES
        if deadline.due(demande) is not None and deadline.met(demande) is None
    ]
    fields = {"resolved_at": now, "awaiting_client_since": None}
    fields.update({deadline.met_at: now for deadline in met})
    with transaction.atomic():
        transition(
            demande,
            allowed=ANSWERED,
            to=Demande.State.RESOLVED,
            now=now,
            verb=_("résoudre"),
            **fields,
        )
        comment = _public_comment(demande, agent, message, now)
        for deadline in met:
            _mark_late(deadline, demande, met_at=now)
        log_event(
            demande,
            actor=agent,
            action=DemandeEvent.Action.RESOLVED,
            now=now,
            data={"comment": comment.pk if comment else None},
        )
    return demande


def close(*, demande: Demande, actor: User, now: datetime | None = None) -> Demande:
    """A resolved Demande is closed, by the client or by the support."""
    now = now or timezone.now()
    require_member(actor, demande)
    with transaction.atomic():
        transition(
            demande,
            allowed=(Demande.State.RESOLVED,),
            to=Demande.State.CLOSED,
            now=now,
            verb=_("clôturer"),
            closed_at=now,
        )
        log_event(demande, actor=actor, action=DemandeEvent.Action.CLOSED, now=now)
    return demande


def reopen(*, demande: Demande, actor: User, reason: str, now: datetime | None = None) -> Demande:
    """The client reopens a resolved Demande, saying why (art. 12.2)."""
    now = now or timezone.now()
    require_member(actor, demande)
    if actor.is_vendor_staff:
        raise DomainError(_("Seul le client peut rouvrir sa demande."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Dites-nous pourquoi vous rouvrez la demande."), field="body")
    check_free_text(reason, field="body")
    with transaction.atomic():
        transition(
            demande,
            allowed=(Demande.State.RESOLVED,),
            to=Demande.State.QUALIFIED,
            now=now,
            verb=_("rouvrir"),
            resolved_at=None,
            awaiting_client_since=None,
        )
        comment = _public_comment(demande, actor, reason, now)
        log_event(
            demande,
            actor=actor,
            action=DemandeEvent.Action.REOPENED,
            now=now,
            data={"comment": comment.pk if comment else None},  # the reason is never empty
        )
    return demande


def add_comment(
    *,
    demande: Demande,
    author: User,
    body: str,
    internal: bool = False,
    ask_client: bool = False,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> Comment:
    """A public reply (the client and the support) or an internal note (support only).

    ``ask_client``: the agent asks the client something; the Demande shows
    "en attente de votre réponse" until a client replies or adds files.
    """
    now = now or timezone.now()
    require_member(author, demande)
    if internal and not author.is_vendor_staff:
        raise DomainError(_("Seul le support peut écrire une note interne."), field="internal")
    if ask_client and (internal or not author.is_vendor_staff):
        raise DomainError(
            _("Seul le support pose une question au client, dans une réponse publique."),
            field="ask_client",
        )
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Le message est vide."), field="body")
    check_free_text(body, field="body")
    files = check_uploads(attachments)
    if demande.state == Demande.State.CLOSED:
        raise IllegalStateChange(
            _("La demande %(ref)s est clôturée : ouvrez une nouvelle demande.")
            % {"ref": demande.reference}
        )
    with transaction.atomic():
        comment = Comment.objects.create(
            demande=demande, author=author, body=body, is_internal=internal, created_at=now
        )
        saved = save_attachments(demande, files, actor=author, now=now, comment=comment)
        Demande.objects.filter(pk=demande.pk).update(
            updated_at=now, **_awaiting_fields(author, ask_client, now)
        )
        log_event(
            demande,
            actor=author,
            action=DemandeEvent.Action.NOTE if internal else DemandeEvent.Action.COMMENTED,
            now=now,
            public=not internal,
            data={"comment": comment.pk, "attachments": [a.original_name for a in saved]},
        )
    return comment


def add_attachments(
    *,
    demande: Demande,
    actor: User,
    files: Iterable[UploadedFile],
    now: datetime | None = None,
) -> list[Attachment]:
    """Screenshots or PDF added to the Demande (checked by content)."""
    now = now or timezone.now()
    require_member(actor, demande)
    checked = check_uploads(files)
    if not checked:
        raise DomainError(_("Choisissez au moins un fichier."), field="attachments")
    if demande.state == Demande.State.CLOSED:
        raise IllegalStateChange(
            _("La demande %(ref)s est clôturée : ouvrez une nouvelle demande.")
            % {"ref": demande.reference}
        )
    with transaction.atomic():
        saved = save_attachments(demande, checked, actor=actor, now=now)
        Demande.objects.filter(pk=demande.pk).update(
            updated_at=now, **_awaiting_fields(actor, False, now)
        )
        log_event(
            demande,
            actor=actor,
            action=DemandeEvent.Action.ATTACHED,
            now=now,
            data={"attachments": [a.original_name for a in saved]},
        )
    return saved


def watch(*, demande: Demande, user: User, watching: bool = True) -> None:
    """A member of the organisation (or an agent) follows the Demande's e-mails."""
    require_member(user, demande)
    if watching:
        demande.watchers.add(user)
    else:
        demande.watchers.remove(user)


def _awaiting_fields(actor: User, ask_client: bool, now: datetime) -> dict[str, Any]:
    """The client's reply ends the wait; an agent's question starts it."""
    if ask_client:
        return {"awaiting_client_since": now}
    if not actor.is_vendor_staff:
        return {"awaiting_client_since": None}
    return {}


def _public_comment(demande: Demande, author: User, body: str, now: datetime) -> Comment | None:
    body = (body or "").strip()
    check_free_text(body, field="message")
    if not body:
        return None
    return Comment.objects.create(demande=demande, author=author, body=body, created_at=now)


def _mark_late(deadline: Deadline, demande: Demande, *, met_at: datetime) -> None:
    """A milestone reached after its deadline is a breach, even if the sweep never ran."""
    due = deadline.due(demande)
    if due is None or met_at <= due or getattr(demande, deadline.breached_at):
        return
    fields = {deadline.breached_at: due, "is_breached": True}
    Demande.objects.filter(pk=demande.pk).update(**fields)
    for name, value in fields.items():
        setattr(demande, name, value)
