from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.audit.models import AuditEvent

if TYPE_CHECKING:
    from portal.organisations.models import Organisation


def audit_events_for_organisation(
    organisation: "Organisation", *, action_prefix: str = ""
) -> QuerySet[AuditEvent]:
    """The trail the organisation's administrators read (art. 11): vendor-internal
    events excluded."""
    events = AuditEvent.objects.filter(organisation=organisation, internal=False).select_related(
        "actor"
    )
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    return events
