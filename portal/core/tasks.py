from celery import shared_task

from portal.core import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(email_id: int) -> bool:
    return emails.deliver(email_id)


@shared_task
def sweep_outbox() -> int:
    """Every minute: send what the broker never delivered or a worker dropped."""
    return emails.send_pending()
