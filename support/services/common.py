"""Helpers shared by the Demande services: events, audit, attachments, notices."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.audit.services import record
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from portal.core.filestore import undone_on_error
from support.deadlines import Deadline
from support.files import CheckedFile, store_attachment
from support.models import Attachment, Comment, Demande, DemandeEvent

#: Actions whose e-mail tells the client what happened (art. 12.2: traced and told).
NOTIFIED_ACTIONS = {
    DemandeEvent.Action.TAKEN_IN_CHARGE,
    DemandeEvent.Action.QUALIFIED,
    DemandeEvent.Action.REQUALIFIED,
    DemandeEvent.Action.ACTION_PLAN,
    DemandeEvent.Action.WORKAROUND,
    DemandeEvent.Action.FIX,
    DemandeEvent.Action.RESOLVED,
    DemandeEvent.Action.CLOSED,
    DemandeEvent.Action.REOPENED,
    DemandeEvent.Action.COMMENTED,
}


def log_event(
    demande: Demande,
    *,
    actor: User | None,
    action: DemandeEvent.Action,
    now: datetime,
    public: bool = True,
    data: dict[str, Any] | None = None,
) -> DemandeEvent:
    """Append an immutable event to the Demande's timeline and to the audit trail."""
    event = DemandeEvent.objects.create(
        demande=demande,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_actor_label(actor),
        action=action,
        is_public=public,
        data=data or {},
        created_at=now,
    )
    record(
        actor=actor,
        action=f"support.{action}",
        organisation=demande.organisation,
        target=demande.reference,
        data=data or {},
        internal=not public,
        now=now,
    )
    if public and action in NOTIFIED_ACTIONS:
        notify_update(demande, event, now=now)
    return event


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "système"
    if actor.is_vendor_staff:
        return f"{actor.full_name or actor.email} (support)"
    return actor.full_name or actor.email


def require_staff(actor: User | None) -> None:
    if actor is None or not actor.is_vendor_staff or not actor.is_active:
        raise DomainError(_("Seuls les agents du support peuvent effectuer cette action."))


def require_member(actor: User, demande: Demande) -> None:
    """Clients act only on their organisation's Demandes; staff on any."""
    if actor.is_vendor_staff:
        return
    if not actor.is_active or actor.organisation_id != demande.organisation_id:
        raise DomainError(_("Cette demande n'existe pas."))


def transition(
    demande: Demande,
    *,
    allowed: Sequence[str],
    to: str,
    now: datetime,
    verb: str,
    **fields: Any,
) -> None:
    """Move the Demande to ``to`` only if its state is still in ``allowed``.

    A conditional UPDATE: of two people acting at once, one wins and the
    other gets IllegalStateChange with the state that stopped them.
    """
    changed = Demande.objects.filter(pk=demande.pk, state__in=allowed).update(
        state=to, updated_at=now, **fields
    )
    demande.refresh_from_db()
    if not changed:
        raise IllegalStateChange(
            _("Impossible de %(verb)s la demande %(ref)s : elle est « %(state)s ».")
            % {"verb": verb, "ref": demande.reference, "state": demande.get_state_display()}
        )


def save_attachments(
    demande: Demande,
    files: list[CheckedFile],
    *,
    actor: User,
    now: datetime,
    comment: Comment | None = None,
) -> list[Attachment]:
    saved = []
    # A failed write (disk full) removes the files already written: the rows roll back.
    with undone_on_error(Attachment._meta.get_field("file").storage) as written:
        for checked in files:
            attachment = Attachment(
                demande=demande,
                comment=comment,
                uploaded_by=actor,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                created_at=now,
            )
            written.append(store_attachment(attachment, checked))
            attachment.save()
            saved.append(attachment)
    return saved


def demande_url(demande: Demande) -> str:
    return settings.SITE_URL + reverse("support:detail", kwargs={"reference": demande.reference})


def _people_to_tell(demande: Demande, *, exclude: User | None = None) -> list[str]:
    people = {demande.requester, *demande.watchers.all()}
    if demande.assignee is not None:
        people.add(demande.assignee)
    return sorted(
        person.email
        for person in people
        if person.is_active and (exclude is None or person.pk != exclude.pk)
    )


def notify_acknowledgment(demande: Demande, *, now: datetime) -> None:
    """art. 12.2: an electronic acknowledgment at registration, with the reference."""
    queue_email(
        to=[demande.requester.email],
        template="support/email/acknowledgment",
        context={"demande": demande, "url": demande_url(demande)},
        kind="support.acknowledgment",
        dedup_key=f"support-ack-{demande.pk}",
        now=now,
    )


def notify_update(demande: Demande, event: DemandeEvent, *, now: datetime) -> None:
    """State changes and public replies, to the requester, watchers and assignee."""
    recipients = _people_to_tell(demande, exclude=event.actor)
    if not recipients:
        return
    comment_id = event.data.get("comment")
    message: str | None = ""
    if comment_id:
        message = Comment.objects.filter(pk=comment_id).values_list("body", flat=True).first()
    queue_email(
        to=recipients,
        template="support/email/update",
        context={
            "demande": demande,
            "event": event,
            "message": message or "",
            "url": demande_url(demande),
        },
        kind="support.update",
        dedup_key=f"support-event-{event.pk}",
        now=now,
    )


def notify_deadline(demande: Demande, *, deadline: Deadline, breached: bool, now: datetime) -> None:
    """Warn the assigned agent, or the whole team when nobody has it (art. 12.2-12.3)."""
    assignee = demande.assignee
    if assignee is not None and assignee.is_active:
        recipients = [assignee.email]
    else:
        recipients = sorted(
            User.objects.filter(role=Role.AGENT, is_active=True).values_list("email", flat=True)
        )
    if not recipients:
        return
    stage = "breach" if breached else "warn"
    queue_email(
        to=recipients,
        template="support/email/deadline",
        context={
            "demande": demande,
            "label": deadline.label,
            "breached": breached,
            "deadline": deadline.key,
            "due_at": deadline.due(demande),
            "url": demande_url(demande),
        },
        kind=f"support.deadline_{stage}",
        dedup_key=f"support-{stage}-{deadline.key}-{demande.pk}",
        now=now,
    )


def notify_assignment(
    demande: Demande, event: DemandeEvent, *, assignee: User, now: datetime
) -> None:
    """Tell an agent a colleague gave them a Demande (with its next deadline)."""
    if event.actor_id == assignee.pk:
        return
    queue_email(
        to=[assignee.email],
        template="support/email/assigned",
        context={"demande": demande, "event": event, "url": demande_url(demande)},
        kind="support.assigned",
        dedup_key=f"support-assigned-{event.pk}",
        now=now,
    )
