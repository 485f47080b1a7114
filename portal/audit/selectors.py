from portal.audit.models import AuditEvent


def audit_events_for_organisation(organisation, *, action_prefix: str = ""):
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    return events
