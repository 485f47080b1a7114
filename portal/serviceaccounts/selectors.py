"""Reads of the production service's accounts (art. 11), scoped to the user.

A client administrator sees their organisation's accounts only; another
organisation's account or link is a 404. Vendor staff see the pending
instructions of every organisation.
"""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.accounts.models import User
from portal.organisations.models import Organisation
from portal.serviceaccounts.models import Instruction, ServiceAccount


def accounts_for(user: User) -> QuerySet[ServiceAccount]:
    """The user's organisation's accounts with their history (two queries)."""
    if not user.is_client_admin or user.organisation_id is None:
        return ServiceAccount.objects.none()
    history = Instruction.objects.select_related("requested_by", "done_by", "demande")
    return ServiceAccount.objects.filter(organisation_id=user.organisation_id).prefetch_related(
        Prefetch("instructions", queryset=history)
    )


def get_account(user: User, public_id: UUID | str) -> ServiceAccount:
    return get_object_or_404(accounts_for(user), public_id=public_id)


def pending_instructions() -> QuerySet[Instruction]:
    """The vendor's work: pending instructions, urgent ones first, oldest first."""
    return (
        Instruction.objects.filter(status=Instruction.Status.PENDING)
        .select_related("account__organisation", "requested_by", "demande")
        .order_by("-urgent", "requested_at")
    )


def recent_done_instructions(limit: int = 20) -> QuerySet[Instruction]:
    return (
        Instruction.objects.filter(status=Instruction.Status.DONE)
        .select_related("account__organisation", "done_by", "demande")
        .order_by("-done_at")[:limit]
    )


def get_instruction_for_staff(user: User, public_id: UUID | str) -> Instruction:
    if not user.is_vendor_staff:
        raise Http404
    return get_object_or_404(
        Instruction.objects.select_related("account__organisation", "requested_by", "demande"),
        public_id=public_id,
    )


def password_instruction(user: User, token_hash: str) -> Instruction:
    """The instruction behind a password link, for a client administrator of its
    organisation only (404 otherwise, whoever holds the link)."""
    if not token_hash or not user.is_client_admin or user.organisation_id is None:
        raise Http404
    return get_object_or_404(
        Instruction.objects.select_related("account"),
        password_token_hash=token_hash,
        account__organisation_id=user.organisation_id,
    )


def active_application_accounts(organisation: Organisation) -> int:
    """Active application accounts: each counts as a named user (art. 14)."""
    return ServiceAccount.objects.filter(
        organisation=organisation,
        kind=ServiceAccount.Kind.APPLICATION,
        status=ServiceAccount.Status.ACTIVE,
    ).count()
