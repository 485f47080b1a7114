"""Writing the audit trail. Every service that changes state calls ``record``."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from portal.audit.models import AuditEvent

if TYPE_CHECKING:
    from portal.organisations.models import Organisation


class Actor(Protocol):
    """Who acted: a user, or a stand-in with an e-mail and no primary key (a
    machine API key, say, whose name the trail shows)."""

    @property
    def email(self) -> str: ...

    @property
    def pk(self) -> Any: ...


def record(
    *,
    actor: Actor | None,
    action: str,
    organisation: "Organisation | None" = None,
    target: object = None,
    data: dict | None = None,
    internal: bool = False,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one row to the trail. ``action`` is a registered code, best given as
    the app's enum member (``DocumentAction.UPLOADED``; ``portal/audit/actions.py``)."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None else "système",
        action=str(action),
        target_label=str(getattr(target, "email", None) or target or "")[:254],
        data=data or {},
        internal=internal,
        created_at=now or timezone.now(),
    )
