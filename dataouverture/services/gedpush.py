"""Saved-query exports also sent to the GED (art. 17, 2. and 3.).

When a query has ``push_to_ged``, each finished export is uploaded to the
organisation's File Exchange target, into ``Data Access/<query name>/`` with
a dated file name, through the same clients, per-file retries and backoff as
the File Exchange runs (:mod:`dataouverture.services.exchange`). The pack is
checked again at push time. A failure never touches the download link: it is
recorded on the export (``ged_status``, ``ged_error``, shown on its page) and
e-mailed to the administrators, as a failed exchange run is.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from dataouverture.gedclients import GedError, client_for
from dataouverture.models import ExchangeTarget, QueryExport
from dataouverture.pack import has_pack
from dataouverture.services import exchange
from portal.core import crypto
from portal.core.emails import queue_email
from portal.core.errors import DomainError

logger = logging.getLogger(__name__)

ROOT_FOLDER = "Data Access"


def remote_parts(export: QueryExport) -> list[str]:
    """``Data Access/<query name>/<name>-<YYYYMMDD-HHMM>.<format>`` (slashes kept out of names)."""
    name = export.query.name if export.query is not None else ""
    folder = name.replace("/", "-").strip() or "export"
    return [ROOT_FOLDER, folder, export.filename]


def push_export(*, export: QueryExport, now: datetime | None = None) -> QueryExport:
    """Send an export's written file to the GED; record the outcome on the export.

    Called by the worker once the file is written, just before the export is
    marked done (so its page shows the outcome with the download link).
    """
    now = now or timezone.now()
    if not export.file_path or export.query is None:
        return export
    if not export.query.push_to_ged:
        return export
    parts = remote_parts(export)
    target = ExchangeTarget.objects.filter(organisation_id=export.organisation_id).first()
    if not has_pack(export.organisation):
        return _failed(export, _("Pack Data Ouverture absent du contrat (article 17)."), now)
    if target is None:
        return _failed(export, _("Aucune GED n'est configurée (File Exchange)."), now)
    if target.paused_at is not None:
        return _failed(
            export, _("L'export vers la GED est suspendu : %s") % target.paused_reason, now
        )
    try:
        exchange.check_public_host(target.url)
    except DomainError as refusal:
        return _failed(export, str(refusal.message), now)
    try:
        with open(export.file_path, "rb") as handle:
            data = handle.read()
    except OSError:
        return _failed(export, _("Le fichier de l'export n'est plus disponible."), now)
    client = client_for(
        kind=target.kind,
        url=target.url,
        username=target.username,
        secret=crypto.decrypt(target.secret_encrypted),
        bucket=target.bucket,
        remote_folder=target.remote_folder,
    )
    try:
        exchange._send_with_retries(client, parts, data)
    except GedError as error:
        return _failed(export, error.message, now)
    export.ged_status, export.ged_error = QueryExport.GedStatus.SENT, ""
    export.ged_path, export.ged_at = "/".join(parts)[:1000], timezone.now()
    export.save(update_fields=["ged_status", "ged_error", "ged_path", "ged_at"])
    return export


def _failed(export: QueryExport, reason: str, now: datetime) -> QueryExport:
    export.ged_status, export.ged_error = QueryExport.GedStatus.FAILED, reason[:500]
    export.ged_path, export.ged_at = "/".join(remote_parts(export))[:1000], timezone.now()
    export.save(update_fields=["ged_status", "ged_error", "ged_path", "ged_at"])
    logger.warning("export %s not sent to the GED: %s", export.pk, reason)
    _tell_admins(export, now)
    return export


def _tell_admins(export: QueryExport, now: datetime) -> None:
    from portal.accounts.models import Role

    organisation = export.organisation
    recipients = list(
        organisation.members.filter(role=Role.CLIENT_ADMIN, is_active=True).values_list(
            "email", flat=True
        )
    )
    if recipients:
        queue_email(
            to=recipients,
            template="dataouverture/email/export_ged_failed",
            context={"organisation": organisation, "export": export},
            kind="dataouverture.export_ged_failed",
            dedup_key=f"dataouverture-export-ged-failed-{export.public_id}",
            now=now,
        )
