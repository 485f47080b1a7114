"""Periodic jobs of the subscriptions app: thin, idempotent, one contract at a time."""

from celery import shared_task
from django.utils import timezone

from subscriptions import selectors, services


@shared_task
def issue_due_invoices() -> int:
    """Issue every invoice due today or missed during downtime (art. 14)."""
    return len(services.issue_all_due_invoices())


@shared_task
def detect_overages() -> int:
    """Record usage above what was ordered on every running contract (art. 14)."""
    today = timezone.localdate()
    found = 0
    for contract_id in selectors.running_contract_ids(today):
        found += len(services.detect_overages(contract_id=contract_id))
    return found
