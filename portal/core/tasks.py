from celery import shared_task

from portal.core import emails


# acks_late + reject_on_worker_lost: a killed worker's message goes back to the queue.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_email(email_id: int) -> bool:
    return emails.deliver(email_id)


@shared_task
def sweep_outbox() -> int:
    """Every 30 s: send what the broker never delivered or a worker dropped."""
    return emails.send_pending()


# Not acks_late: a backup outliving the broker's visibility timeout must not be
# started a second time; a run lost with its worker is caught up the next night.
@shared_task(acks_late=False, reject_on_worker_lost=False)
def backup_portal() -> str:
    """Nightly (portal/core/schedule.py): a restore point, then the art. 9 retention."""
    from portal.core import backups

    point, deleted = backups.run_daily_backup()
    return f"{point.name} (supprimés : {', '.join(deleted) or 'aucun'})"
