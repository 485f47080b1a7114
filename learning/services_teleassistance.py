"""Téléassistance: remote control by a technician on a support Demande (art. 12.8).

Scheduled "pendant les horaires d'ouverture du Service": read as the support
hours of the client's formula (``support/business_time.py``, through the
calendar snapshotted on the Demande), never on a public holiday, only for a
*support* Demande (not customer service) of an Open or Private client. The
agent proposes one or more slots; the client picks one; both get an e-mail
with an ``.ics``; the Demande's timeline records the proposal, the choice and
the outcome.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learning.calendar import teleassistance_ics
from learning.models import CalendarInvite, TeleassistanceSlot
from learning.selectors_training import TELEASSISTANCE_FORMULAS
from portal.accounts.models import User
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from support.business_time import public_holiday_name
from support.deadlines import snapshot_calendar
from support.models import Demande, DemandeEvent
from support.services.common import demande_url, log_event, require_staff

MAX_SLOTS = 5
MIN_DURATION = timedelta(minutes=15)
MAX_DURATION = timedelta(hours=3)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l d/m/Y à H:i")


def slot_problem(
    demande: Demande, starts_at: datetime, ends_at: datetime, *, now: datetime
) -> str | None:
    """Why this slot cannot be proposed (French), or None when it can."""
    if ends_at <= starts_at:
        return _("La fin du créneau doit suivre son début.")
    if not MIN_DURATION <= ends_at - starts_at <= MAX_DURATION:
        return _("Un créneau dure entre 15 minutes et 3 heures.")
    if starts_at <= now:
        return _("Le créneau doit être dans le futur.")
    calendar = snapshot_calendar(demande)
    if calendar is None:
        return _("Cette demande n'a pas d'horaires de support.")
    for day in {timezone.localdate(starts_at), timezone.localdate(ends_at)}:
        holiday = public_holiday_name(day)
        if holiday:
            return _("Le %(day)s est un jour férié (%(name)s) : le support est fermé.") % {
                "day": day.strftime("%d/%m/%Y"),
                "name": holiday,
            }
    if calendar.business_time_between(starts_at, ends_at) != ends_at - starts_at:
        return _(
            "Le créneau du %(start)s doit se tenir entièrement pendant les horaires "
            "d'ouverture du support de la formule du client (art. 12.8)."
        ) % {"start": _when(starts_at)}
    return None


def _check_demande(demande: Demande) -> None:
    if demande.kind != Demande.Kind.SUPPORT:
        raise DomainError(
            _("La téléassistance ne concerne que les demandes de support, pas le service client.")
        )
    if demande.formula not in TELEASSISTANCE_FORMULAS:
        raise DomainError(
            _("La téléassistance est réservée aux formules Cegid Open et Cegid Private.")
        )
    if not demande.is_open:
        raise IllegalStateChange(_("Cette demande n'est plus en cours."))


def propose_slots(
    *,
    agent: User,
    demande: Demande,
    slots: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> list[TeleassistanceSlot]:
    """The agent proposes one or more slots; the client is told by e-mail."""
    now = now or timezone.now()
    require_staff(agent)
    _check_demande(demande)
    if not slots:
        raise DomainError(_("Proposez au moins un créneau."), field="starts_at")
    if len(slots) > MAX_SLOTS:
        raise DomainError(_("Proposez au plus %(n)s créneaux.") % {"n": MAX_SLOTS})
    for starts_at, ends_at in slots:
        problem = slot_problem(demande, starts_at, ends_at, now=now)
        if problem:
            raise DomainError(problem, field="starts_at")
    with transaction.atomic():
        created = [
            TeleassistanceSlot.objects.create(
                demande=demande,
                starts_at=starts_at,
                ends_at=ends_at,
                proposed_by=agent,
                created_at=now,
            )
            for starts_at, ends_at in slots
        ]
        log_event(
            demande,
            actor=agent,
            action=DemandeEvent.Action.TELEASSISTANCE_PROPOSED,
            now=now,
            data={"slots": [_when(slot.starts_at) for slot in created]},
        )
        queue_email(
            to=[demande.requester.email],
            template="learning/training/email/teleassistance_proposed",
            context={"demande": demande, "slots": created, "url": demande_url(demande)},
            kind="learning.teleassistance_proposed",
            dedup_key=f"teleassistance-proposed-{created[0].pk}",
            now=now,
        )
    return created


def choose_slot(
    *, user: User, slot: TeleassistanceSlot, now: datetime | None = None
) -> TeleassistanceSlot:
    """The client picks a slot; the others are set aside; both sides get the .ics."""
    now = now or timezone.now()
    demande = slot.demande
    if user.is_vendor_staff or user.organisation_id != demande.organisation_id:
        raise DomainError(_("Seul le client choisit le créneau."))
    if slot.starts_at <= now:
        raise IllegalStateChange(_("Ce créneau est passé."))
    with transaction.atomic():
        chosen = TeleassistanceSlot.objects.filter(
            pk=slot.pk, status=TeleassistanceSlot.Status.PROPOSED
        ).update(status=TeleassistanceSlot.Status.CHOSEN, chosen_by=user, chosen_at=now)
        if not chosen:
            raise IllegalStateChange(_("Ce créneau n'est plus proposé."))
        TeleassistanceSlot.objects.filter(
            demande=demande, status=TeleassistanceSlot.Status.PROPOSED
        ).update(status=TeleassistanceSlot.Status.SUPERSEDED)
        slot.refresh_from_db()
        log_event(
            demande,
            actor=user,
            action=DemandeEvent.Action.TELEASSISTANCE_CHOSEN,
            now=now,
            data={"slot": _when(slot.starts_at)},
        )
        recipients = sorted({user.email, *([slot.proposed_by.email] if slot.proposed_by else [])})
        if demande.assignee is not None:
            recipients = sorted({*recipients, demande.assignee.email})
        ics = teleassistance_ics(slot, now=now)
        for address in recipients:
            email = queue_email(
                to=[address],
                template="learning/training/email/teleassistance_chosen",
                context={"demande": demande, "slot": slot, "url": demande_url(demande)},
                kind="learning.teleassistance_chosen",
                dedup_key=f"teleassistance-chosen-{slot.pk}-{address}"[:200],
                now=now,
            )
            if email is not None:
                CalendarInvite.objects.create(
                    email=email, filename="teleassistance.ics", content=ics
                )
    return slot


def record_outcome(
    *, agent: User, slot: TeleassistanceSlot, done: bool, outcome: str, now: datetime | None = None
) -> TeleassistanceSlot:
    """After the session: done or not, and what was done, on the timeline."""
    now = now or timezone.now()
    require_staff(agent)
    outcome = (outcome or "").strip()
    if not outcome:
        raise DomainError(_("Décrivez ce qui a été fait."), field="outcome")
    with transaction.atomic():
        changed = TeleassistanceSlot.objects.filter(
            pk=slot.pk, status=TeleassistanceSlot.Status.CHOSEN
        ).update(
            status=TeleassistanceSlot.Status.DONE if done else TeleassistanceSlot.Status.NOT_DONE,
            outcome=outcome,
        )
        if not changed:
            raise IllegalStateChange(_("Seul le créneau retenu reçoit un compte rendu."))
        slot.refresh_from_db()
        log_event(
            slot.demande,
            actor=agent,
            action=DemandeEvent.Action.TELEASSISTANCE_OUTCOME,
            now=now,
            data={"done": done, "outcome": outcome[:500]},
        )
    return slot
