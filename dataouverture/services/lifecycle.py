"""The pack's lifecycle (art. 17): ordering it enables the services; ending its
line withdraws them at once.

Called by the receivers of :mod:`subscriptions.signals`, inside the
contract service's transaction: the revocation commits with the end of the
line, and the administrators' e-mail leaves through the outbox after commit.
The gate is checked again on every use (``pack.has_pack``), so a missed hook
cannot leave a service open.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from dataouverture.models import SavedQuery
from dataouverture.pack import PACK_CODE, has_pack
from dataouverture.services.credentials import revoke_import_credentials
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.emails import queue_email
from portal.organisations.models import Organisation

if TYPE_CHECKING:  # subscriptions calls this module (subscriptions/signals.py)
    from subscriptions.models import ContractLine


def pack_line_started(*, line: ContractLine, actor: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    organisation = line.contract.organisation
    record(
        actor=actor,
        action="dataouverture.pack_enabled",
        organisation=organisation,
        target=organisation,
        data={"quantity": line.quantity},
        now=now,
    )


def pack_line_ended(*, line: ContractLine, actor: User, now: datetime | None = None) -> None:
    """Withdraw the pack unless another pack line still holds it."""
    now = now or timezone.now()
    organisation = line.contract.organisation
    if has_pack(organisation, timezone.localdate(now)):
        return
    withdraw(organisation, actor=actor, now=now)


def withdraw(
    organisation: Organisation, *, actor: User | None = None, now: datetime | None = None
) -> dict:
    """Revoke the import credentials, pause the schedules, tell the administrators."""
    now = now or timezone.now()
    reason = "Pack Data Ouverture retiré du contrat (article 17)"
    revoked = revoke_import_credentials(organisation, reason=reason, now=now)
    paused = list(
        SavedQuery.objects.filter(organisation=organisation, paused_at__isnull=True)
        .exclude(schedule="")
        .values_list("name", flat=True)
    )
    SavedQuery.objects.filter(organisation=organisation, name__in=paused).update(
        paused_at=now, paused_reason=reason, next_run_at=None
    )
    from dataouverture.services.exchange import pause_target

    exchange_paused = pause_target(organisation, reason=reason, now=now)
    summary = {"revoked": revoked, "paused": paused, "exchange_paused": exchange_paused}
    record(
        actor=actor,
        action="dataouverture.pack_withdrawn",
        organisation=organisation,
        target=organisation,
        data=summary,
        now=now,
    )
    _tell_admins(organisation, summary, now)
    return summary


def _tell_admins(organisation: Organisation, summary: dict, now: datetime) -> None:
    from portal.accounts.models import Role

    recipients = list(
        organisation.members.filter(role=Role.CLIENT_ADMIN, is_active=True).values_list(
            "email", flat=True
        )
    )
    if recipients:
        queue_email(
            to=recipients,
            template="dataouverture/email/pack_withdrawn",
            context={"organisation": organisation, **summary},
            kind="dataouverture.pack_withdrawn",
            now=now,
        )


def is_pack_line(line: ContractLine) -> bool:
    return line.product.code == PACK_CODE
