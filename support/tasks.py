"""Celery tasks of the support: thin, idempotent, safe to run twice."""

from celery import shared_task

from support.services import timers


@shared_task
def sweep_deadlines() -> dict[str, int]:
    """Every minute (support/schedule.py): warnings at 75 % and breaches (art. 12.2-12.3)."""
    return timers.sweep_deadlines()
