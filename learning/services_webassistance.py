"""Webassistance sessions (art. 12.8, Open and Private formulas).

Vendor staff schedule a session on a product; the users of the Open and
Private clients holding it are invited by e-mail with an ``.ics``. Users
register or cancel in one click; a full session puts them on a waiting list
that is promoted in order when someone cancels. The reminder the day before
is a stored timer (``reminder_due_at``) claimed by a periodic sweep. A change
of time or a cancellation is e-mailed to those registered or waiting, with the
updated ``.ics`` (same UID, higher SEQUENCE). After the session, staff attach
the replay: a catalogue item of level Open about the session's product, under
the same access rule (``learning/access.py``).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learning import selectors_training as selectors
from learning.audit_training import TrainingAction
from learning.calendar import webassistance_ics
from learning.catalogue_search import index_item
from learning.models import (
    CalendarInvite,
    TrainingItem,
    Webassistance,
    WebassistanceSeat,
)
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from subscriptions.models import Product

Status = WebassistanceSeat.Status
#: The reminder goes out the day before (art. 12.8 invitations; booklet silent on timing).
REMINDER_BEFORE = timedelta(days=1)
MAX_DURATION_MINUTES = 8 * 60


def _require_staff(actor: User) -> None:
    if actor is None or not actor.is_vendor_staff or not actor.is_active:
        raise DomainError(_("Seul l'éditeur planifie les webassistances."))


def _check_schedule(*, starts_at: datetime, duration_minutes: int, now: datetime) -> None:
    if starts_at is None or starts_at <= now:
        raise DomainError(_("La session doit commencer dans le futur."), field="starts_at")
    if not 15 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise DomainError(
            _("La durée doit être comprise entre 15 minutes et 8 heures."),
            field="duration_minutes",
        )


def session_url(session: Webassistance) -> str:
    return settings.SITE_URL + reverse(
        "learning:webassistance", kwargs={"public_id": session.public_id}
    )


def _send(
    session: Webassistance,
    recipients: Iterable[str],
    *,
    stage: str,
    subject: str,
    intro: str,
    now: datetime,
    key: str = "",
) -> None:
    """One e-mail per person (each has their own link and .ics), with the .ics joined."""
    cancelled = stage == "cancelled"
    ics = webassistance_ics(session, now=now, cancelled=cancelled)
    for email_address in recipients:
        email = queue_email(
            to=[email_address],
            template="learning/training/email/webassistance",
            context={
                "session": session,
                "subject_line": subject,
                "intro": intro,
                "cancelled": cancelled,
                "url": session_url(session),
            },
            kind=f"learning.webassistance_{stage}",
            dedup_key=f"webassistance-{stage}-{session.pk}-{session.sequence}-{key}{email_address}"[
                :200
            ],
            now=now,
        )
        if email is not None:
            CalendarInvite.objects.create(email=email, filename="webassistance.ics", content=ics)


def schedule(
    *,
    actor: User,
    topic: str,
    product: Product,
    starts_at: datetime,
    duration_minutes: int,
    trainer: str,
    capacity: int,
    meeting_url: str,
    now: datetime | None = None,
) -> Webassistance:
    """Create a session and invite the users of Open and Private clients holding the product."""
    now = now or timezone.now()
    _require_staff(actor)
    _check_schedule(starts_at=starts_at, duration_minutes=duration_minutes, now=now)
    if capacity < 1:
        raise DomainError(_("Prévoyez au moins une place."), field="capacity")
    with transaction.atomic():
        session = Webassistance.objects.create(
            topic=topic,
            product=product,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            trainer=trainer,
            capacity=capacity,
            meeting_url=meeting_url,
            reminder_due_at=starts_at - REMINDER_BEFORE,
            created_at=now,
        )
        recipients = list(selectors.invitees(session).values_list("email", flat=True))
        _send(
            session,
            recipients,
            stage="invitation",
            subject=_("Invitation : webassistance « %(topic)s »") % {"topic": topic},
            intro=_("Une webassistance vous est proposée sur %(product)s.")
            % {"product": product.name},
            now=now,
        )
        _audit(actor, TrainingAction.WEBASSISTANCE_SCHEDULED, session, now)
    return session


def reschedule(
    *,
    actor: User,
    session: Webassistance,
    starts_at: datetime,
    duration_minutes: int,
    now: datetime | None = None,
) -> Webassistance:
    """A change of time: e-mailed with the updated .ics to those registered or waiting."""
    now = now or timezone.now()
    _require_staff(actor)
    _check_schedule(starts_at=starts_at, duration_minutes=duration_minutes, now=now)
    with transaction.atomic():
        changed = Webassistance.objects.filter(pk=session.pk, cancelled_at__isnull=True).update(
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            sequence=F("sequence") + 1,
            reminder_due_at=starts_at - REMINDER_BEFORE,
            reminded_at=None,
        )
        if not changed:
            raise IllegalStateChange(_("Cette webassistance est annulée."))
        session.refresh_from_db()
        _send(
            session,
            _participants(session),
            stage="changed",
            subject=_("Changement d'horaire : webassistance « %(topic)s »")
            % {"topic": session.topic},
            intro=_("L'horaire de la webassistance a changé. Voici l'invitation mise à jour."),
            now=now,
        )
        _audit(actor, TrainingAction.WEBASSISTANCE_RESCHEDULED, session, now)
    return session


def cancel(*, actor: User, session: Webassistance, now: datetime | None = None) -> Webassistance:
    now = now or timezone.now()
    _require_staff(actor)
    with transaction.atomic():
        changed = Webassistance.objects.filter(pk=session.pk, cancelled_at__isnull=True).update(
            cancelled_at=now, sequence=F("sequence") + 1
        )
        if not changed:
            raise IllegalStateChange(_("Cette webassistance est déjà annulée."))
        session.refresh_from_db()
        _send(
            session,
            _participants(session),
            stage="cancelled",
            subject=_("Annulation : webassistance « %(topic)s »") % {"topic": session.topic},
            intro=_("La webassistance est annulée. Nous vous prions de nous en excuser."),
            now=now,
        )
        _audit(actor, TrainingAction.WEBASSISTANCE_CANCELLED, session, now)
    return session


def _participants(session: Webassistance) -> list[str]:
    return list(
        WebassistanceSeat.objects.filter(
            session=session, status__in=(Status.REGISTERED, Status.WAITING), user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _require_open_session(session: Webassistance, user: User, now: datetime) -> None:
    if not selectors.webassistance_allowed(selectors.audience_of(user), session):
        raise DomainError(
            _("Les webassistances sont réservées aux formules Cegid Open et Cegid Private.")
        )
    if session.cancelled_at is not None:
        raise IllegalStateChange(_("Cette webassistance est annulée."))
    if session.starts_at <= now:
        raise IllegalStateChange(_("Cette webassistance a déjà commencé."))


def register(
    *, user: User, session: Webassistance, now: datetime | None = None
) -> WebassistanceSeat:
    """One click: a seat if one is free, else a place on the waiting list."""
    now = now or timezone.now()
    _require_open_session(session, user, now)
    with transaction.atomic():
        # Lock the session row: two people cannot take the last seat together.
        session = Webassistance.objects.select_for_update().get(pk=session.pk)
        seat = WebassistanceSeat.objects.filter(session=session, user=user).first()
        if seat is not None and seat.status != Status.CANCELLED:
            return seat
        taken = WebassistanceSeat.objects.filter(session=session, status=Status.REGISTERED).count()
        status = Status.REGISTERED if taken < session.capacity else Status.WAITING
        if seat is None:
            seat = WebassistanceSeat.objects.create(
                session=session, user=user, status=status, requested_at=now, updated_at=now
            )
        else:
            seat.status, seat.requested_at, seat.updated_at = status, now, now
            seat.save(update_fields=["status", "requested_at", "updated_at"])
        if status == Status.REGISTERED:
            _confirm(session, seat, now)
        action = (
            TrainingAction.WEBASSISTANCE_REGISTERED
            if status == Status.REGISTERED
            else TrainingAction.WEBASSISTANCE_WAITING
        )
        _audit(user, action, session, now)
    return seat


def _confirm(session: Webassistance, seat: WebassistanceSeat, now: datetime) -> None:
    _send(
        session,
        [seat.user.email],
        stage="registered",
        subject=_("Inscription confirmée : webassistance « %(topic)s »") % {"topic": session.topic},
        intro=_("Votre inscription est confirmée. Ajoutez la session à votre agenda."),
        now=now,
        key=f"{seat.requested_at.timestamp()}-",
    )


def unregister(
    *, user: User, session: Webassistance, now: datetime | None = None
) -> WebassistanceSeat:
    """Cancel one's seat; the first person waiting takes it and is told."""
    now = now or timezone.now()
    with transaction.atomic():
        session = Webassistance.objects.select_for_update().get(pk=session.pk)
        seat = WebassistanceSeat.objects.filter(
            session=session, user=user, status__in=(Status.REGISTERED, Status.WAITING)
        ).first()
        if seat is None:
            raise IllegalStateChange(_("Aucune inscription de votre part à cette webassistance."))
        freed = seat.status == Status.REGISTERED
        seat.status, seat.updated_at = Status.CANCELLED, now
        seat.save(update_fields=["status", "updated_at"])
        if freed and session.cancelled_at is None and session.starts_at > now:
            _promote_next(session, now)
        _audit(user, TrainingAction.WEBASSISTANCE_UNREGISTERED, session, now)
    return seat


def _promote_next(session: Webassistance, now: datetime) -> None:
    first = (
        WebassistanceSeat.objects.filter(session=session, status=Status.WAITING)
        .select_related("user")
        .order_by("requested_at", "pk")
        .first()
    )
    if first is None:
        return
    first.status, first.updated_at = Status.REGISTERED, now
    first.save(update_fields=["status", "updated_at"])
    _confirm(session, first, now)


def send_reminder(session_id: int, *, now: datetime | None = None) -> bool:
    """Claim the reminder with a conditional UPDATE, then e-mail those registered."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Webassistance.objects.filter(
            pk=session_id,
            reminded_at__isnull=True,
            cancelled_at__isnull=True,
            reminder_due_at__lte=now,
        ).update(reminded_at=now)
        if not claimed:
            return False
        session = Webassistance.objects.select_related("product").get(pk=session_id)
        registered = WebassistanceSeat.objects.filter(
            session=session, status=Status.REGISTERED, user__is_active=True
        ).values_list("user__email", flat=True)
        _send(
            session,
            list(registered),
            stage="reminder",
            subject=_("Rappel : webassistance « %(topic)s » demain") % {"topic": session.topic},
            intro=_("Rappel : la webassistance a lieu demain."),
            now=now,
        )
    return True


def attach_replay(
    *,
    actor: User,
    session: Webassistance,
    video_url: str = "",
    video_file: UploadedFile | None = None,
    now: datetime | None = None,
) -> TrainingItem:
    """The replay becomes a catalogue item: level Open, about the session's product."""
    now = now or timezone.now()
    _require_staff(actor)
    if session.starts_at > now:
        raise IllegalStateChange(_("Le replay s'ajoute après la session."))
    if not video_url and not video_file:
        raise DomainError(_("Donnez le lien ou le fichier de la vidéo."), field="video_url")
    with transaction.atomic():
        item = session.replay or TrainingItem(
            kind=TrainingItem.Kind.REPLAY,
            track="cegid",
            level="open",
            title=_("Replay — %(topic)s") % {"topic": session.topic},
            summary=_("Enregistrement de la webassistance du %(day)s animée par %(trainer)s.")
            % {
                "day": timezone.localtime(session.starts_at).strftime("%d/%m/%Y"),
                "trainer": session.trainer,
            },
            created_at=now,
        )
        item.video_url = video_url
        if video_file:
            item.video_file = video_file
        item.save()
        item.products.set([session.product])
        index_item(item)
        Webassistance.objects.filter(pk=session.pk).update(replay=item)
        session.refresh_from_db()
        _audit(actor, TrainingAction.REPLAY_ATTACHED, session, now)
    return item


def _audit(actor: User, action: TrainingAction, session: Webassistance, now: datetime) -> None:
    record(
        actor=actor,
        action=action,
        organisation=getattr(actor, "organisation", None),
        target=session.topic,
        data={"webassistance": str(session.public_id)},
        now=now,
    )
