"""Celery tasks of the document space: thin and idempotent."""

from celery import shared_task

from portal.documents import services


@shared_task
def purge_trash() -> int:
    """Hourly: documents whose 30 days in the trash are over are purged (art. 9)."""
    return services.purge_trash()
