"""Cegid File Exchange (art. 17, 3.): export of the shared folder to a third-party GED.

Incremental: a file is sent only when its SHA-256 differs from what the GED
received last (``ExchangedFile``). Resumable: each file sent is recorded at
once, so a run that crashed or failed half-way is simply run again and sends
only what is left. Retried: each file a few times with exponential backoff,
then the whole run later (``next_attempt_at``, swept by beat) up to
``MAX_RUN_ATTEMPTS``; a run that fails for good is e-mailed to the
administrators. Nightly runs come from ``ExchangeTarget.next_run_at``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dataouverture.gedclients import GedError, S3Client, WebDavClient, client_for
from dataouverture.models import ExchangedFile, ExchangeRun, ExchangeRunItem, ExchangeTarget
from dataouverture.pack import has_pack
from portal.accounts.models import User
from portal.audit.services import record
from portal.core import crypto
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from portal.core.queueing import enqueue_on_commit
from portal.documents.models import Document, Folder
from portal.organisations.models import Organisation

logger = logging.getLogger(__name__)

FILE_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0  # per file: 1 s, 2 s between attempts
MAX_RUN_ATTEMPTS = 3
RUN_BACKOFF = timedelta(minutes=10)  # whole run: 10 min, then 20 min
LEASE = timedelta(minutes=30)
NIGHTLY_HOUR = 2  # 02:00 Europe/Paris, inside the maintenance window (art. 5)


def next_night(now: datetime) -> datetime:
    local = timezone.localtime(now)
    run = local.replace(hour=NIGHTLY_HOUR, minute=0, second=0, microsecond=0)
    return run if run > local else run + timedelta(days=1)


# Target --------------------------------------------------------------------------------------


def check_public_host(url: str) -> None:
    """Refuse a GED on the portal's own network (loopback, private, link-local addresses).

    The address is typed by a client: without this, the portal could be made to
    call its own internal services. Tests and development allow private hosts
    (``FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS``, on with DEBUG).
    """
    if getattr(settings, "FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS", settings.DEBUG):
        return
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise DomainError(_("Nom de serveur inconnu : %s") % host, field="url") from exc
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if not ip.is_global:
            raise DomainError(
                _("Adresse refusée : %s est une adresse interne, pas celle d'une GED publique.")
                % host,
                field="url",
            )


def test_connection(
    *, kind: str, url: str, username: str, secret: str, bucket: str = "", remote_folder: str = ""
) -> None:
    """Raise DomainError with the server's answer in French; nothing is stored."""
    if kind == ExchangeTarget.Kind.S3 and not bucket:
        raise DomainError(_("Indiquez le bucket S3."), field="bucket")
    check_public_host(url)
    try:
        client_for(
            kind=kind,
            url=url,
            username=username,
            secret=secret,
            bucket=bucket,
            remote_folder=remote_folder,
        ).test()
    except GedError as error:
        raise DomainError(_("Connexion impossible : %s") % error.message) from error


def save_target(*, actor: User, data: dict, now: datetime | None = None) -> ExchangeTarget:
    """Test the connection, then store the target with its secret encrypted."""
    now = now or timezone.now()
    if not actor.is_client_admin:
        raise DomainError(_("Réservé aux administrateurs de l'organisation."))
    organisation = actor.organisation
    if not has_pack(organisation):
        raise IllegalStateChange(
            _("L'export vers une GED fait partie du pack Data Ouverture (article 17).")
        )
    existing = ExchangeTarget.objects.filter(organisation=organisation).first()
    secret = data.get("secret") or (crypto.decrypt(existing.secret_encrypted) if existing else "")
    if not secret:
        raise DomainError(_("Indiquez le mot de passe ou la clé secrète."), field="secret")
    fields = {key: data.get(key, "") for key in ("kind", "url", "username", "bucket")}
    fields["remote_folder"] = data.get("remote_folder", "")
    test_connection(secret=secret, **fields)
    target = existing or ExchangeTarget(organisation=organisation)
    for key, value in fields.items():
        setattr(target, key, value)
    target.secret_encrypted = crypto.encrypt(secret)
    target.folders = [str(folder) for folder in data.get("folders", [])]
    target.nightly = bool(data.get("nightly"))
    target.next_run_at = next_night(now) if target.nightly else None
    target.paused_at, target.paused_reason = None, ""
    target.tested_at, target.updated_by, target.updated_at = now, actor, now
    with transaction.atomic():
        target.save()
        record(
            actor=actor,
            action="dataouverture.exchange_target_saved",
            organisation=organisation,
            target=target,
            data={"kind": target.kind, "url": target.url, "nightly": target.nightly},
            now=now,
        )
    return target


def request_run(
    *,
    target: ExchangeTarget,
    actor: User | None = None,
    trigger: str = "manual",
    now: datetime | None = None,
) -> ExchangeRun:
    now = now or timezone.now()
    if not has_pack(target.organisation):
        raise IllegalStateChange(
            _("L'export vers une GED fait partie du pack Data Ouverture (article 17).")
        )
    running = target.runs.filter(status__in=["pending", "running", "retry"]).first()
    if running is not None:
        return running
    run = ExchangeRun.objects.create(target=target, trigger=trigger, requested_at=now)
    from dataouverture import tasks

    enqueue_on_commit(tasks.run_exchange, run.pk)
    return run


# Run -----------------------------------------------------------------------------------------


def _claim(run_id: int, now: datetime) -> bool:
    claimable = (
        Q(status=ExchangeRun.Status.PENDING)
        | Q(status=ExchangeRun.Status.RETRY, next_attempt_at__lte=now)
        | Q(status=ExchangeRun.Status.RUNNING, claimed_at__lt=now - LEASE)
    )
    return bool(
        ExchangeRun.objects.filter(claimable, pk=run_id).update(
            status=ExchangeRun.Status.RUNNING, claimed_at=now, next_attempt_at=None
        )
    )


def documents_to_export(target: ExchangeTarget) -> Iterator[tuple[Document, list[str]]]:
    """(document, path parts) for the shared tree, or the chosen folders' subtrees."""
    folders = {
        folder.pk: folder
        for folder in Folder.objects.filter(
            organisation_id=target.organisation_id, owner__isnull=True
        )
    }
    chosen = {folder.pk for folder in folders.values() if str(folder.public_id) in target.folders}

    def path_of(folder: Folder) -> list[str]:
        parts: list[str] = []
        while folder.parent_id is not None:  # the root is the remote folder itself
            parts.insert(0, folder.name)
            folder = folders[folder.parent_id]
        return parts

    def included(folder: Folder) -> bool:
        step: Folder | None = folder
        if not chosen:
            return True
        while step is not None:
            if step.pk in chosen:
                return True
            step = folders.get(step.parent_id) if step.parent_id is not None else None
        return False

    documents = Document.objects.filter(folder_id__in=list(folders)).order_by("pk")
    for document in documents:
        folder = folders[document.folder_id]
        if included(folder):
            yield document, [*path_of(folder), document.name]


def _read(document: Document) -> tuple[bytes, str]:
    with document.file.open("rb") as handle:
        data = handle.read()
    return data, hashlib.sha256(data).hexdigest()


def _send_with_retries(client: WebDavClient | S3Client, parts: list[str], data: bytes) -> None:
    for attempt in range(FILE_ATTEMPTS):
        try:
            client.ensure_folder(parts[:-1])
            client.put(parts, data)
            return
        except GedError as error:
            if not error.transient or attempt == FILE_ATTEMPTS - 1:
                raise
            time.sleep(BACKOFF_SECONDS * 2**attempt)


def run_exchange(*, run_id: int, now: datetime | None = None) -> ExchangeRun | None:
    now = now or timezone.now()
    if not _claim(run_id, now):
        return None
    run = ExchangeRun.objects.select_related("target", "target__organisation").get(pk=run_id)
    run.attempt += 1
    run.sent = run.skipped = run.failed = 0
    target = run.target
    try:
        check_public_host(target.url)
    except DomainError as refusal:
        return _finish(run, failure=str(refusal.message), final=True)
    if not has_pack(target.organisation):
        return _finish(
            run, failure=_("Pack Data Ouverture absent du contrat (article 17)."), final=True
        )
    client = client_for(
        kind=target.kind,
        url=target.url,
        username=target.username,
        secret=crypto.decrypt(target.secret_encrypted),
        bucket=target.bucket,
        remote_folder=target.remote_folder,
    )
    failure = ""
    for document, parts in documents_to_export(target):
        failure = _export_one(run, client, document, parts)
        if failure:
            break
    return _finish(run, failure=failure)


def _export_one(
    run: ExchangeRun, client: WebDavClient | S3Client, document: Document, parts: list[str]
) -> str:
    """Send one file if changed; returns a failure reason that stops the run, or ''."""
    path = "/".join(parts)
    data, checksum = _read(document)
    previous = ExchangedFile.objects.filter(target=run.target, document=document).first()
    if previous and previous.checksum == checksum and previous.remote_path == path:
        _log(run, path, ExchangeRunItem.Outcome.SKIPPED, _("Inchangé depuis le dernier envoi."))
        run.skipped += 1
        return ""
    try:
        _send_with_retries(client, parts, data)
    except GedError as error:
        _log(run, path, ExchangeRunItem.Outcome.FAILED, error.message)
        run.failed += 1
        # A server that is down or refuses us fails every next file too: stop, retry later.
        return error.message
    ExchangedFile.objects.update_or_create(
        target=run.target,
        document=document,
        defaults={"remote_path": path, "checksum": checksum, "sent_at": timezone.now()},
    )
    _log(run, path, ExchangeRunItem.Outcome.SENT, "")
    run.sent += 1
    return ""


def _log(run: ExchangeRun, path: str, outcome: str, reason: str) -> None:
    ExchangeRunItem.objects.create(
        run=run, path=path[:1000], outcome=outcome, reason=reason[:300], at=timezone.now()
    )


def _finish(run: ExchangeRun, *, failure: str, final: bool = False) -> ExchangeRun:
    now = timezone.now()
    fields = ["status", "attempt", "sent", "skipped", "failed", "error", "finished_at"]
    run.error, run.finished_at = failure[:500], now
    if not failure:
        run.status = ExchangeRun.Status.SUCCEEDED
    elif not final and run.attempt < MAX_RUN_ATTEMPTS:
        run.status = ExchangeRun.Status.RETRY
        run.next_attempt_at = now + RUN_BACKOFF * 2 ** (run.attempt - 1)
        fields.append("next_attempt_at")
    else:
        run.status = ExchangeRun.Status.FAILED
        _tell_admins_of_failure(run, now)
    run.save(update_fields=fields)
    return run


def _tell_admins_of_failure(run: ExchangeRun, now: datetime) -> None:
    from portal.accounts.models import Role

    organisation = run.target.organisation
    recipients = list(
        organisation.members.filter(role=Role.CLIENT_ADMIN, is_active=True).values_list(
            "email", flat=True
        )
    )
    if recipients:
        queue_email(
            to=recipients,
            template="dataouverture/email/exchange_failed",
            context={"organisation": organisation, "run": run},
            kind="dataouverture.exchange_failed",
            dedup_key=f"dataouverture-exchange-failed-{run.public_id}",
            now=now,
        )


# Sweep ---------------------------------------------------------------------------------------


def start_due_nightly_runs(*, now: datetime | None = None) -> list[int]:
    """Claim each due target by moving its timer to the next night, then queue a run."""
    now = now or timezone.now()
    started = []
    due = ExchangeTarget.objects.filter(next_run_at__lte=now, paused_at__isnull=True)
    for target in due.select_related("organisation"):
        claimed = ExchangeTarget.objects.filter(pk=target.pk, next_run_at=target.next_run_at)
        if not claimed.update(next_run_at=next_night(now)):
            continue
        if not has_pack(target.organisation):  # a missed hook: pause now
            pause_target(target.organisation, reason="Pack Data Ouverture absent (article 17)")
            continue
        started.append(request_run(target=target, trigger="nightly", now=now).pk)
    return started


def runs_to_resume(now: datetime) -> list[int]:
    """Runs waiting for their retry, and runs whose worker died (lease expired)."""
    return list(
        ExchangeRun.objects.filter(
            Q(status=ExchangeRun.Status.RETRY, next_attempt_at__lte=now)
            | Q(status=ExchangeRun.Status.RUNNING, claimed_at__lt=now - LEASE)
            | Q(status=ExchangeRun.Status.PENDING, requested_at__lt=now - timedelta(minutes=5))
        ).values_list("pk", flat=True)
    )


def pause_target(organisation: Organisation, *, reason: str, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        ExchangeTarget.objects.filter(organisation=organisation, paused_at__isnull=True).update(
            paused_at=now, paused_reason=reason[:200], next_run_at=None
        )
    )
