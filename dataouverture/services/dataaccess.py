"""Cegid Data Access (art. 17, 2.): snapshot, saved queries, exports.

A page only *asks*: it stores a request (a timer column) and returns; Celery
builds the snapshot and runs the export, claiming each row with a
conditional UPDATE, and the page polls the progress (htmx). The pack is
checked when asked and again when run.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dataouverture import sandbox, snapshot, writers
from dataouverture.models import DataSnapshot, ExchangeTarget, QueryExport, SavedQuery
from dataouverture.pack import has_pack
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.errors import DomainError, IllegalStateChange
from portal.core.queueing import enqueue_on_commit
from portal.organisations.models import Organisation

logger = logging.getLogger(__name__)

PREVIEW_LIMITS = sandbox.Limits(seconds=5, rows=50)
EXPORT_SECONDS = 60
EXPORT_MAX_ROWS = 1_000_000
LINK_LIFETIME = timedelta(days=7)
#: A build or an export claimed longer ago than this is taken as crashed and retried.
LEASE = timedelta(minutes=15)
SNAPSHOT_MAX_AGE = timedelta(hours=24)


def require_pack(organisation: Organisation) -> None:
    if not has_pack(organisation):
        raise IllegalStateChange(
            _("Data Access fait partie du pack Data Ouverture (article 17), absent du contrat.")
        )


def _check_admin(actor: User) -> Organisation:
    """The client administrator's organisation; anyone else is refused."""
    if not actor.is_client_admin or actor.organisation is None:
        raise DomainError(_("Réservé aux administrateurs de l'organisation."))
    return actor.organisation


# Snapshot ------------------------------------------------------------------------------------


def snapshot_of(organisation: Organisation) -> DataSnapshot:
    try:
        with transaction.atomic():
            return DataSnapshot.objects.get_or_create(organisation=organisation)[0]
    except IntegrityError:
        return DataSnapshot.objects.get(organisation=organisation)


def request_snapshot(*, actor: User, now: datetime | None = None) -> DataSnapshot:
    now = now or timezone.now()
    organisation = _check_admin(actor)
    require_pack(organisation)
    data = snapshot_of(organisation)
    DataSnapshot.objects.filter(pk=data.pk, build_requested_at__isnull=True).update(
        build_requested_at=now
    )
    _enqueue_build(data.organisation_id)
    data.refresh_from_db()
    return data


def _enqueue_build(organisation_id: int) -> None:
    from dataouverture import tasks

    enqueue_on_commit(tasks.build_snapshot, organisation_id)


def build_snapshot(*, organisation_id: int, now: datetime | None = None) -> DataSnapshot | None:
    """Claim the requested build (conditional UPDATE), build, swap the file in."""
    now = now or timezone.now()
    claimable = Q(build_started_at__isnull=True) | Q(build_started_at__lt=now - LEASE)
    claimed = DataSnapshot.objects.filter(
        claimable, organisation_id=organisation_id, build_requested_at__isnull=False
    ).update(build_started_at=now, status=DataSnapshot.Status.BUILDING)
    if not claimed:
        return None
    data = DataSnapshot.objects.select_related("organisation").get(organisation_id=organisation_id)
    previous = data.path
    try:
        path, counts = snapshot.build(data.organisation)
    except Exception as exc:
        logger.exception("snapshot of organisation %s failed", organisation_id)
        data.status, data.error = DataSnapshot.Status.FAILED, str(exc)[:500]
        data.build_requested_at = data.build_started_at = None
        data.save(update_fields=["status", "error", "build_requested_at", "build_started_at"])
        return data
    data.status, data.path, data.row_counts, data.error = "ready", path, counts, ""
    data.built_at, data.build_requested_at, data.build_started_at = now, None, None
    data.save(
        update_fields=[
            "status",
            "path",
            "row_counts",
            "error",
            "built_at",
            "build_requested_at",
            "build_started_at",
        ]
    )
    record(
        actor=None,
        action="dataouverture.snapshot_built",
        organisation=data.organisation,
        target=data.organisation,
        data=counts,
        now=now,
    )
    if previous and previous != path:
        # Queries already running keep their open file (POSIX), new ones use the new one.
        Path(previous).unlink(missing_ok=True)
    return data


def ensure_fresh_snapshot(
    organisation: Organisation, *, now: datetime | None = None
) -> DataSnapshot:
    """The ready snapshot, rebuilt first (in this worker) when missing or older than a day."""
    now = now or timezone.now()
    data = snapshot_of(organisation)
    stale = data.status != "ready" or not data.built_at or now - data.built_at > SNAPSHOT_MAX_AGE
    if stale or not os.path.exists(data.path):
        DataSnapshot.objects.filter(pk=data.pk).update(build_requested_at=now)
        data = build_snapshot(organisation_id=organisation.pk, now=now) or data
        data.refresh_from_db()
    if data.status != "ready":
        raise DomainError(_("La base Data Access n'a pas pu être construite : %s") % data.error)
    return data


def preview(*, actor: User, sql: str) -> sandbox.QueryResult:
    """The first 50 rows, within 5 seconds: a quick check before saving or exporting."""
    organisation = _check_admin(actor)
    require_pack(organisation)
    data = snapshot_of(organisation)
    if data.status != "ready" or not os.path.exists(data.path):
        raise DomainError(
            _("La base Data Access n'est pas encore prête : lancez sa construction."), field="sql"
        )
    try:
        return sandbox.run(data.path, sql, PREVIEW_LIMITS)
    except sandbox.QueryRefused as refusal:
        raise DomainError(str(refusal), field="sql") from refusal


# Saved queries -------------------------------------------------------------------------------


def next_run(schedule: str, now: datetime) -> datetime | None:
    """Scheduled runs happen at 06:00 Europe/Paris, daily or every Monday."""
    if not schedule:
        return None
    local = timezone.localtime(now)
    run = local.replace(hour=6, minute=0, second=0, microsecond=0)
    if run <= local:
        run += timedelta(days=1)
    if schedule == SavedQuery.Schedule.WEEKLY:
        run += timedelta(days=(7 - run.weekday()) % 7)
    return run


def save_query(
    *,
    actor: User,
    name: str,
    sql: str,
    fmt: str,
    schedule: str,
    push_to_ged: bool = False,
    query: SavedQuery | None = None,
    now: datetime | None = None,
) -> SavedQuery:
    now = now or timezone.now()
    organisation = _check_admin(actor)
    require_pack(organisation)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Donnez un nom à la requête."), field="name")
    try:
        sandbox.check_text(sql)
    except sandbox.QueryRefused as refusal:
        raise DomainError(str(refusal), field="sql") from refusal
    if fmt not in SavedQuery.Format.values:
        raise DomainError(_("Format inconnu."), field="format")
    if schedule not in SavedQuery.Schedule.values:
        raise DomainError(_("Planification inconnue."), field="schedule")
    if push_to_ged and not ExchangeTarget.objects.filter(organisation=organisation).exists():
        raise DomainError(
            _("Configurez d'abord une GED (File Exchange) pour y envoyer les exports."),
            field="push_to_ged",
        )
    query = query or SavedQuery(organisation=organisation, created_by=actor, created_at=now)
    query.name, query.sql, query.format, query.schedule = name, sql.strip(), fmt, schedule
    query.push_to_ged = bool(push_to_ged)
    query.next_run_at = next_run(schedule, now)
    query.paused_at, query.paused_reason = None, ""
    try:
        with transaction.atomic():
            query.save()
            record(
                actor=actor,
                action="dataouverture.query_saved",
                organisation=organisation,
                target=query,
                data={"schedule": schedule, "format": fmt, "push_to_ged": query.push_to_ged},
                now=now,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Une requête nommée « %(name)s » existe déjà.") % {"name": name}, field="name"
        ) from exc
    return query


def delete_query(*, actor: User, query: SavedQuery, now: datetime | None = None) -> None:
    _check_admin(actor)
    with transaction.atomic():
        record(
            actor=actor,
            action="dataouverture.query_deleted",
            organisation=query.organisation,
            target=query,
            now=now,
        )
        query.delete()


# Exports -------------------------------------------------------------------------------------


def request_export(
    *,
    actor: User | None,
    query: SavedQuery | None = None,
    sql: str = "",
    fmt: str = "csv",
    now: datetime | None = None,
) -> QueryExport:
    """Store the request and return at once; a worker runs it (never in the web request)."""
    now = now or timezone.now()
    admin_organisation = _check_admin(actor) if actor is not None else None
    organisation = query.organisation if query is not None else admin_organisation
    if organisation is None:  # neither a saved query (scheduled run) nor an administrator
        raise DomainError(_("Réservé aux administrateurs de l'organisation."))
    require_pack(organisation)
    export = QueryExport.objects.create(
        organisation=organisation,
        query=query,
        sql=query.sql if query else sql,
        format=query.format if query else fmt,
        requested_by=actor,
        requested_at=now,
    )
    record(
        actor=actor,
        action="dataouverture.export_requested",
        organisation=organisation,
        target=query or organisation,
        data={"export": str(export.public_id), "format": export.format},
        now=now,
    )
    from dataouverture import tasks

    enqueue_on_commit(tasks.run_export, export.pk)
    return export


def exports_dir(organisation: Organisation) -> Path:
    return snapshot.snapshot_dir(organisation) / "exports"


def run_export(*, export_id: int, now: datetime | None = None) -> QueryExport | None:
    """Claim, check the pack again, query the snapshot, write the file, report progress."""
    now = now or timezone.now()
    claimable = Q(status=QueryExport.Status.PENDING) | Q(
        status=QueryExport.Status.RUNNING, started_at__lt=now - LEASE
    )
    if not QueryExport.objects.filter(claimable, pk=export_id).update(
        status=QueryExport.Status.RUNNING, started_at=now, progress=1
    ):
        return None
    export = QueryExport.objects.select_related("organisation", "query").get(pk=export_id)
    try:
        require_pack(export.organisation)
        data = ensure_fresh_snapshot(export.organisation, now=now)
        _progress(export, 10)
        rows = _write(export, data.path)
    except (DomainError, sandbox.QueryRefused) as refusal:
        return _fail(export, str(getattr(refusal, "message", refusal)))
    except Exception:
        logger.exception("export %s failed", export_id)
        return _fail(export, _("Erreur interne pendant l'export ; réessayez plus tard."))
    if export.query is not None and export.query.push_to_ged:
        # Before "done", so the page stops polling only once the GED outcome is known.
        from dataouverture.services import gedpush

        try:
            gedpush.push_export(export=export, now=now)
        except Exception:  # the download link stays whatever happens to the push
            logger.exception("export %s: push to the GED failed", export_id)
    finished = timezone.now()
    export.status, export.progress, export.rows = QueryExport.Status.DONE, 100, rows
    export.finished_at, export.expires_at = finished, finished + LINK_LIFETIME
    export.save(update_fields=["status", "progress", "rows", "finished_at", "expires_at"])
    return export


def _write(export: QueryExport, snapshot_path: str) -> int:
    limits = sandbox.Limits(seconds=EXPORT_SECONDS, rows=EXPORT_MAX_ROWS)
    total = sandbox.count(snapshot_path, export.sql, limits)
    folder = exports_dir(export.organisation)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{export.public_id}.{export.format}"
    columns, batches = sandbox.iterate(snapshot_path, export.sql, limits, batch=10_000)
    bound = min(total, EXPORT_MAX_ROWS) or 1

    def on_progress(written: int) -> None:
        _progress(export, 10 + int(89 * written / bound))

    rows = writers.write(
        export.format,
        str(path),
        columns,
        batches,
        max_rows=EXPORT_MAX_ROWS,
        on_progress=on_progress,
    )
    export.file_path = str(path)
    export.save(update_fields=["file_path"])
    return rows


def _progress(export: QueryExport, percent: int) -> None:
    percent = max(1, min(percent, 99))
    if percent > export.progress:
        export.progress = percent
        QueryExport.objects.filter(pk=export.pk).update(progress=percent)


def _fail(export: QueryExport, message: str) -> QueryExport:
    export.status, export.error, export.finished_at = "failed", message[:500], timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    return export


def run_due_queries(*, now: datetime | None = None, limit: int = 100) -> int:
    """The beat sweep: each due scheduled query is claimed by moving its timer forward."""
    now = now or timezone.now()
    due = SavedQuery.objects.filter(next_run_at__lte=now, paused_at__isnull=True).select_related(
        "organisation"
    )[:limit]
    started = 0
    for query in due:
        following = next_run(query.schedule, now)
        claimed = SavedQuery.objects.filter(pk=query.pk, next_run_at=query.next_run_at).update(
            next_run_at=following
        )
        if not claimed:
            continue
        if not has_pack(query.organisation):  # a missed hook: pause now
            SavedQuery.objects.filter(pk=query.pk).update(
                paused_at=now,
                paused_reason="Pack Data Ouverture absent du contrat (article 17)",
                next_run_at=None,
            )
            continue
        request_export(actor=None, query=query, now=now)
        started += 1
    return started


def purge_expired_exports(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    expired = QueryExport.objects.filter(expires_at__lt=now).exclude(file_path="")
    count = 0
    for export in expired:
        Path(export.file_path).unlink(missing_ok=True)
        QueryExport.objects.filter(pk=export.pk).update(file_path="")
        count += 1
    return count


def data_root() -> Path:
    return Path(getattr(settings, "DATA_ACCESS_ROOT", settings.MEDIA_ROOT))
