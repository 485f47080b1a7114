"""Celery tasks of the training part: thin, idempotent, safe to run twice.

Imported by ``LearningConfig.ready`` so that workers register them.
"""

from celery import shared_task
from django.utils import timezone

from learning import selectors_training as selectors
from learning import services_webassistance


@shared_task
def sweep_webassistance_reminders() -> int:
    """Every five minutes (learning/schedule.py): the reminders due (the day before)."""
    now = timezone.now()
    return sum(
        services_webassistance.send_reminder(session_id, now=now)
        for session_id in selectors.due_reminders(now)
    )
