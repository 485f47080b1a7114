"""Writes of the service status (art. 5, 6, 9, 10).

Every function is keyword-only, runs in a transaction, checks the booklet's
rules, audits, and leaves e-mails to Celery (``portal.status.tasks``) through
stored notice columns claimed with a conditional UPDATE: a lost message or a
task run twice never sends a notice twice (``queue_email`` dedup keys too).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.accounts.rights import Right
from portal.audit.services import record
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from portal.core.queueing import enqueue_on_commit
from portal.organisations.models import Organisation
from portal.status import selectors
from portal.status.audit_actions import StatusAction
from portal.status.models import (
    Incident,
    Maintenance,
    NoticePreference,
    Release,
    ReleaseDownload,
    RestorationRequest,
    Service,
)
from portal.status.restore_points import find_restore_point
from portal.status.rules import planned_maintenance_problems
from support.services import file_customer_service_request

if TYPE_CHECKING:
    from support.models import Demande

#: The reminder of a planned maintenance goes out this long before it starts.
REMINDER_LEAD = timedelta(hours=24)


class AnnouncementRefused(DomainError):
    """A planned maintenance breaks art. 5; ``reasons`` names every broken rule."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = list(reasons)


def _require_vendor_staff(actor: User) -> None:
    """The service's status is the vendor's word (art. 5, 6, 10): only its staff
    announce, record and publish. Views check it too; the service is the rule."""
    if actor is None or not actor.is_active or not actor.is_vendor_staff:
        raise DomainError(_("Seul le personnel de l'éditeur peut modifier la météo des offres."))


def _require_services(services: Iterable[Service]) -> list[Service]:
    services = list(services)
    if not services:
        raise DomainError(_("Choisissez au moins un service concerné."), field="services")
    return services


# --- Maintenance (art. 5) -------------------------------------------------------


@transaction.atomic
def announce_maintenance(
    *,
    actor: User,
    kind: str,
    services: Iterable[Service],
    title: str,
    start: datetime,
    end: datetime,
    description: str = "",
    now: datetime | None = None,
) -> Maintenance:
    """Announce a planned or urgent maintenance (art. 5).

    Planned: at least 48 h ahead and wholly inside the maintenance window;
    refused with every broken rule, nothing saved. Urgent: any time.
    Clients subscribed to the services are told by e-mail (planned only),
    and reminded ``REMINDER_LEAD`` before it starts.
    """
    now = now or timezone.now()
    _require_vendor_staff(actor)
    services = _require_services(services)
    if kind == Maintenance.Kind.PLANNED:
        problems = planned_maintenance_problems(now, start, end)
        if problems:
            raise AnnouncementRefused(problems)
    elif kind == Maintenance.Kind.URGENT:
        if end <= start:
            raise DomainError(
                _("La fin de la maintenance doit être postérieure à son début."), field="end"
            )
    else:
        raise DomainError(_("Nature de maintenance inconnue."), field="kind")
    planned = kind == Maintenance.Kind.PLANNED
    reminder_due_at = start - REMINDER_LEAD if planned and start - REMINDER_LEAD > now else None
    maintenance = Maintenance.objects.create(
        kind=kind,
        title=title,
        description=description,
        start=start,
        end=end,
        announced_at=now,
        announced_by=actor,
        reminder_due_at=reminder_due_at,
    )
    maintenance.services.set(services)
    record(
        actor=actor,
        action=StatusAction.MAINTENANCE_PLANNED if planned else StatusAction.MAINTENANCE_URGENT,
        target=maintenance,
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "services": [s.code for s in services],
        },
        now=now,
    )
    if planned:
        from portal.status import tasks  # the tasks module imports this one

        # The broker down: the notice columns are stored, the sweep sends them.
        enqueue_on_commit(tasks.notify_maintenance, maintenance.pk)
    return maintenance


@transaction.atomic
def cancel_maintenance(
    *, actor: User, maintenance: Maintenance, now: datetime | None = None
) -> Maintenance:
    """Cancel an announced maintenance that has not ended: it is no longer shown,
    reminded or reported; the record and the audit trail keep it."""
    now = now or timezone.now()
    _require_vendor_staff(actor)
    cancelled = Maintenance.objects.filter(
        pk=maintenance.pk, cancelled_at__isnull=True, end__gt=now
    ).update(cancelled_at=now)
    if not cancelled:
        raise IllegalStateChange(_("Cette maintenance est déjà annulée ou terminée."))
    maintenance.refresh_from_db()
    record(actor=actor, action=StatusAction.MAINTENANCE_CANCELLED, target=maintenance, now=now)
    return maintenance


# --- Incidents (art. 6) ---------------------------------------------------------


def _check_incident_times(start: datetime, end: datetime | None, now: datetime) -> None:
    if start > now:
        raise DomainError(_("Un incident ne peut pas commencer dans le futur."), field="start")
    if end is None:
        return
    if end <= start:
        raise DomainError(_("La fin de l'incident doit être postérieure à son début."), field="end")
    if end > now:
        raise DomainError(
            _(
                "La fin d'un incident ne peut pas être dans le futur : "
                "laissez-la vide tant que l'incident est en cours."
            ),
            field="end",
        )


@transaction.atomic
def record_incident(
    *,
    actor: User,
    title: str,
    environment: str,
    cause: str,
    services: Iterable[Service],
    start: datetime,
    end: datetime | None = None,
    description: str = "",
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> Incident:
    """Record an unavailability (art. 6); ``end`` None means it is still going on.

    Only a *counted* unavailability of *production* enters TI; the other causes
    are the exclusions (i)–(v) of art. 6. With an ``organisation`` the incident
    concerns that client only (its equipment, its environment).
    """
    now = now or timezone.now()
    _require_vendor_staff(actor)
    services = _require_services(services)
    _check_incident_times(start, end, now)
    incident = Incident.objects.create(
        title=title,
        description=description,
        environment=environment,
        cause=cause,
        start=start,
        end=end,
        organisation=organisation,
        recorded_at=now,
        recorded_by=actor,
    )
    incident.services.set(services)
    record(
        actor=actor,
        action=StatusAction.INCIDENT_RECORDED,
        organisation=organisation,
        target=incident,
        data={
            "environment": environment,
            "cause": cause,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "services": [s.code for s in services],
        },
        now=now,
    )
    return incident


@transaction.atomic
def close_incident(
    *, actor: User, incident: Incident, end: datetime, now: datetime | None = None
) -> Incident:
    """End an ongoing incident."""
    now = now or timezone.now()
    _require_vendor_staff(actor)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.end is not None:
        raise IllegalStateChange(_("Cet incident est déjà clos."))
    _check_incident_times(incident.start, end, now)
    incident.end = end
    incident.save(update_fields=["end"])
    record(
        actor=actor,
        action=StatusAction.INCIDENT_CLOSED,
        target=incident,
        data={"end": end.isoformat()},
        now=now,
    )
    return incident


# --- Releases (art. 10) ---------------------------------------------------------


@transaction.atomic
def publish_release(
    *,
    actor: User,
    kind: str,
    services: Iterable[Service],
    version: str,
    title: str,
    release_date: date,
    notes: str = "",
    needs_implementation_services: bool = False,
    implementation_notes: str = "",
    links: Iterable[tuple[str, str]] = (),
    files: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> Release:
    """Publish a new version or a patch (art. 10).

    A new version's date is announced beforehand, so it must lie after today;
    its subscribers are told by e-mail. ``links`` are ``(label, url)`` pairs,
    ``files`` uploaded files offered for download.
    """
    now = now or timezone.now()
    _require_vendor_staff(actor)
    services = _require_services(services)
    if kind == Release.Kind.NEW_VERSION and release_date <= timezone.localdate(now):
        raise DomainError(
            _(
                "La date d'une nouvelle version est annoncée à l'avance (art. 10) : "
                "choisissez une date postérieure à aujourd'hui."
            ),
            field="release_date",
        )
    if needs_implementation_services and not implementation_notes.strip():
        raise DomainError(
            _("Précisez les prestations de mise en œuvre nécessaires (formation, paramétrage)."),
            field="implementation_notes",
        )
    release = Release.objects.create(
        kind=kind,
        version=version,
        title=title,
        release_date=release_date,
        notes=notes,
        needs_implementation_services=needs_implementation_services,
        implementation_notes=implementation_notes,
        announced_at=now,
        announced_by=actor,
    )
    release.services.set(services)
    for label, url in links:
        ReleaseDownload.objects.create(release=release, label=label or url, url=url)
    for upload in files:
        ReleaseDownload.objects.create(release=release, label=upload.name or "", file=upload)
    record(
        actor=actor,
        action=StatusAction.RELEASE_PUBLISHED,
        target=release,
        data={"kind": kind, "version": version, "release_date": release_date.isoformat()},
        now=now,
    )
    if kind == Release.Kind.NEW_VERSION:
        from portal.status import tasks  # the tasks module imports this one

        enqueue_on_commit(tasks.notify_release, release.pk)
    return release


# --- E-mail notices ---------------------------------------------------------------


def _queue_notices(
    *, services: Iterable[Service], template: str, kind: str, key: str, context: dict, now: datetime
) -> int:
    """One e-mail per recipient, each deduplicated on ``key`` and the recipient."""
    queued = 0
    for user in selectors.notice_recipients([s.pk for s in services]):
        email = queue_email(
            to=[user.email],
            template=template,
            context={**context, "user": user},
            kind=kind,
            dedup_key=f"{key}:{user.pk}",
            now=now,
        )
        queued += email is not None
    return queued


def _send_once(
    model: type[Maintenance] | type[Release],
    pk: int,
    *,
    due: Q,
    stamp: str,
    subject: str,
    event: str,
    context: Callable[[Any], dict],
    now: datetime,
) -> int:
    """Claim the row (``stamp`` set by a conditional UPDATE on ``due``: a task run
    twice, or the sweep after the task, finds nothing left to claim), then e-mail
    the subscribers of its services. ``subject`` and ``event`` name the template,
    the e-mail kind and the deduplication key."""
    if not model.objects.filter(due, pk=pk).update(**{stamp: now}):
        return 0
    item = model.objects.prefetch_related("services").get(pk=pk)
    return _queue_notices(
        services=item.services.all(),
        template=f"status/email/{subject}_{event}",
        kind=f"status.{subject}_{event}",
        key=f"status:{subject}:{item.public_id}:{event}",
        context=context(item),
        now=now,
    )


def _announcement_unsent() -> Q:
    """A planned maintenance (art. 5) whose announcement has not gone out."""
    return Q(kind=Maintenance.Kind.PLANNED, notified_at__isnull=True, cancelled_at__isnull=True)


def _reminder_due(now: datetime) -> Q:
    return Q(
        reminded_at__isnull=True,
        reminder_due_at__lte=now,
        start__gt=now,
        cancelled_at__isnull=True,
    )


def _release_unsent() -> Q:
    """A new version (art. 10; never a patch) whose date has not been announced."""
    return Q(kind=Release.Kind.NEW_VERSION, notified_at__isnull=True)


def _maintenance_context(maintenance: Maintenance) -> dict:
    return {
        "maintenance": maintenance,
        "services": [s.name for s in maintenance.services.all()],
        "weather_path": reverse("status:weather"),
        "preferences_path": reverse("status:notice_preferences"),
    }


def _release_context(release: Release) -> dict:
    return {
        "release": release,
        "services": [s.name for s in release.services.all()],
        "releases_path": reverse("status:releases"),
        "preferences_path": reverse("status:notice_preferences"),
    }


@transaction.atomic
def send_maintenance_notice(*, maintenance_id: int, now: datetime | None = None) -> int:
    """Tell subscribers of a planned maintenance (art. 5). Sends once: the row is claimed."""
    return _send_once(
        Maintenance,
        maintenance_id,
        due=_announcement_unsent(),
        stamp="notified_at",
        subject="maintenance",
        event="announced",
        context=_maintenance_context,
        now=now or timezone.now(),
    )


@transaction.atomic
def send_maintenance_reminder(*, maintenance_id: int, now: datetime | None = None) -> int:
    """Remind subscribers that a planned maintenance starts soon. Sends once."""
    now = now or timezone.now()
    return _send_once(
        Maintenance,
        maintenance_id,
        due=_reminder_due(now),
        stamp="reminded_at",
        subject="maintenance",
        event="reminder",
        context=_maintenance_context,
        now=now,
    )


@transaction.atomic
def send_release_notice(*, release_id: int, now: datetime | None = None) -> int:
    """Tell subscribers the date of a new version (art. 10; never for patches). Sends once."""
    return _send_once(
        Release,
        release_id,
        due=_release_unsent(),
        stamp="notified_at",
        subject="release",
        event="announced",
        context=_release_context,
        now=now or timezone.now(),
    )


def _due(model: type[Maintenance] | type[Release], due: Q) -> list[int]:
    """At most 200 rows a step: the next step takes the rest."""
    return list(model.objects.filter(due).values_list("pk", flat=True)[:200])


def send_due_notices(*, now: datetime | None = None) -> int:
    """One step of the beat sweep: announcements the broker lost, and due reminders."""
    now = now or timezone.now()
    sent = 0
    for pk in _due(Maintenance, _announcement_unsent() & Q(end__gt=now)):
        sent += send_maintenance_notice(maintenance_id=pk, now=now)
    for pk in _due(Maintenance, _reminder_due(now)):
        sent += send_maintenance_reminder(maintenance_id=pk, now=now)
    for pk in _due(Release, _release_unsent() & Q(release_date__gte=timezone.localdate(now))):
        sent += send_release_notice(release_id=pk, now=now)
    return sent


@transaction.atomic
def set_notice_preference(
    *, user: User, receive_notices: bool, now: datetime | None = None
) -> NoticePreference:
    """Opt in or out of the status e-mails (maintenance, new versions)."""
    now = now or timezone.now()
    preference, _created = NoticePreference.objects.update_or_create(
        user=user, defaults={"receive_notices": receive_notices, "updated_at": now}
    )
    record(
        actor=user,
        action=StatusAction.NOTICES_ON if receive_notices else StatusAction.NOTICES_OFF,
        organisation=user.organisation,
        target=user,
        now=now,
    )
    return preference


# --- Restoration (art. 9) ---------------------------------------------------------


def _file_demande(*, requester: User, restoration: RestorationRequest, now: datetime) -> "Demande":
    """File the customer-service Demande of a restoration (art. 9): the support
    app's queue is where the vendor handles it; its reference is kept here."""
    description = _(
        "Merci de restaurer l'environnement de %(organisation)s dans son état du %(date)s "
        "(point de restauration %(code)s), demandé par %(person)s."
    ) % {
        "organisation": restoration.organisation.name,
        "date": f"{restoration.target_date:%d/%m/%Y}",
        "code": restoration.restore_point,
        "person": requester.full_name or requester.email,
    }
    if restoration.comment:
        description += "\n\n" + _("Précisions du client :") + "\n" + restoration.comment
    return file_customer_service_request(
        requester=requester,
        subject=_("Restauration de l'environnement — %(point)s")
        % {"point": restoration.restore_point_label},
        description=description,
        category="restoration",
        now=now,
    )


@transaction.atomic
def request_restoration(
    *, actor: User, restore_point: str, comment: str = "", now: datetime | None = None
) -> RestorationRequest:
    """Ask for the environment to be restored to an existing restore point (art. 9)."""
    now = now or timezone.now()
    if actor.organisation is None or not actor.has_right(Right.REQUEST_RESTORATION):
        raise DomainError(_("Vous n'avez pas le droit de demander une restauration."))
    point = find_restore_point(restore_point, timezone.localdate(now))
    if point is None:
        raise DomainError(
            _("Ce point de restauration n'existe pas : choisissez J-1 à J-7, M-1 ou M-2."),
            field="restore_point",
        )
    restoration = RestorationRequest.objects.create(
        organisation=actor.organisation,
        requested_by=actor,
        restore_point=point.code,
        restore_point_label=point.label,
        target_date=point.target_date,
        comment=comment,
        created_at=now,
    )
    demande = _file_demande(requester=actor, restoration=restoration, now=now)
    restoration.demande_reference = demande.reference
    restoration.status = RestorationRequest.Status.FILED
    restoration.save(update_fields=["demande_reference", "status"])
    record(
        actor=actor,
        action=StatusAction.RESTORATION_REQUESTED,
        organisation=actor.organisation,
        target=point.label,
        data={
            "restore_point": point.code,
            "target_date": point.target_date.isoformat(),
            "demande": restoration.demande_reference,
        },
        now=now,
    )
    return restoration


#: The outcomes vendor staff record, and how each is audited.
RESTORATION_OUTCOMES: dict[str, StatusAction] = {
    RestorationRequest.Status.DONE: StatusAction.RESTORATION_DONE,
    RestorationRequest.Status.CANCELLED: StatusAction.RESTORATION_CANCELLED,
}


@transaction.atomic
def record_restoration_outcome(
    *, actor: User, restoration: RestorationRequest, status: str, now: datetime | None = None
) -> RestorationRequest:
    """Vendor staff record that a restoration (art. 9) was done, or cancel it.

    Only an open request (requested or filed) changes, once: the row is
    claimed with a conditional UPDATE. The customer-service Demande it filed
    is handled in the support app; this only records the outcome here.
    """
    now = now or timezone.now()
    if not actor.is_vendor_staff:
        raise DomainError(
            _("Seul le personnel de l'éditeur enregistre l'issue d'une restauration.")
        )
    if status not in RESTORATION_OUTCOMES:
        raise DomainError(_("Choisissez « effectuée » ou « annulée »."), field="status")
    changed = RestorationRequest.objects.filter(
        pk=restoration.pk,
        status__in=[RestorationRequest.Status.REQUESTED, RestorationRequest.Status.FILED],
    ).update(status=status)
    if not changed:
        raise IllegalStateChange(_("Cette demande de restauration est déjà effectuée ou annulée."))
    restoration.refresh_from_db()
    record(
        actor=actor,
        action=RESTORATION_OUTCOMES[status],
        organisation=restoration.organisation,
        target=restoration.restore_point_label,
        data={"restore_point": restoration.restore_point, "demande": restoration.demande_reference},
        now=now,
    )
    return restoration
