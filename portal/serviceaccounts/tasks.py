"""Celery tasks of the service accounts: thin and idempotent."""

from celery import shared_task

from portal.serviceaccounts import services


@shared_task
def erase_expired_passwords() -> int:
    """Hourly: an initial password whose link expired unseen is no longer kept."""
    return services.erase_expired_passwords()
