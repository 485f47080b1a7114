from portal.audit.models import AuditEvent


def audit_events_for_organisation(organisation, *, action_prefix: str = ""):
    """The trail the organisation's administrators read (art. 11): vendor-internal
    events excluded."""
    events = AuditEvent.objects.filter(organisation=organisation, internal=False).select_related(
        "actor"
    )
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    return events
