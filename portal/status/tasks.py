"""Celery tasks of the service status: thin, take primary keys, idempotent."""

from celery import shared_task

from portal.status import services


@shared_task
def notify_maintenance(maintenance_id: int) -> int:
    return services.send_maintenance_notice(maintenance_id=maintenance_id)


@shared_task
def notify_release(release_id: int) -> int:
    return services.send_release_notice(release_id=release_id)


@shared_task
def sweep_status_notices() -> int:
    """Every five minutes: due maintenance reminders and notices the broker lost."""
    return services.send_due_notices()
