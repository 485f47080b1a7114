from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.audit.models import AuditEvent

if TYPE_CHECKING:
    from portal.organisations.models import Organisation


def audit_events_for_organisation(
    organisation: "Organisation | None", *, action_prefix: str = ""
) -> QuerySet[AuditEvent]:
    """The trail the organisation's administrators read (art. 11): vendor-internal
    events excluded. No organisation, no trail (never the events of none)."""
    if organisation is None:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(organisation=organisation, internal=False).select_related(
        "actor"
    )
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    return events
