"""Writing the audit trail. Every service that changes state calls ``record``."""

from django.utils import timezone

from portal.audit.models import AuditEvent


def record(
    *,
    actor,
    action: str,
    organisation=None,
    target=None,
    data: dict | None = None,
    internal: bool = False,
    now=None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None else "système",
        action=action,
        target_label=str(getattr(target, "email", None) or target or "")[:254],
        data=data or {},
        internal=internal,
        created_at=now or timezone.now(),
    )
