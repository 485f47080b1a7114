"""Celery tasks of the Data Ouverture pack: thin, take primary keys, idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from dataouverture.services import dataaccess, exchange
from portal.core import failopen

logger = logging.getLogger(__name__)


@shared_task
def build_snapshot(organisation_id: int) -> bool:
    return dataaccess.build_snapshot(organisation_id=organisation_id) is not None


@shared_task
def run_export(export_id: int) -> bool:
    return dataaccess.run_export(export_id=export_id) is not None


@shared_task
def run_exchange(run_id: int) -> bool:
    return exchange.run_exchange(run_id=run_id) is not None


@shared_task
def sweep() -> dict:
    """Every five minutes: due scheduled queries, lost builds and exports, expired files."""
    from dataouverture.models import DataSnapshot, ImportRequest, QueryExport

    now = timezone.now()
    stale = now - timedelta(minutes=5)
    for organisation_id in DataSnapshot.objects.filter(build_requested_at__lt=stale).values_list(
        "organisation_id", flat=True
    ):
        dataaccess.build_snapshot(organisation_id=organisation_id, now=now)
    lost = QueryExport.objects.filter(status="pending", requested_at__lt=stale)
    for export_id in lost.values_list("pk", flat=True):
        dataaccess.run_export(export_id=export_id, now=now)
    # An Idempotency-Key protects retries for a week, then it is forgotten.
    ImportRequest.objects.filter(created_at__lt=now - timedelta(days=7)).delete()
    for run_id in exchange.runs_to_resume(now):
        if not failopen.publish(run_exchange, run_id):  # the next sweep resumes it
            logger.warning("broker unavailable; run %s left for the sweep", run_id)
    return {
        "nightly_exchanges": len(exchange.start_due_nightly_runs(now=now)),
        "scheduled": dataaccess.run_due_queries(now=now),
        "purged": dataaccess.purge_expired_exports(now=now),
    }
