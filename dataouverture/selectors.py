"""Reads of the Data Ouverture app, scoped to the caller's organisation (404 otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from dataouverture.models import ApiCredential, ApiSecret, QueryExport, SavedQuery
from portal.accounts.models import User

if TYPE_CHECKING:  # imported where used at run time (see the functions below)
    from dataouverture.models import Connector, ExchangeRun, ExchangeTarget


def _organisation_id(user: User) -> int:
    """The caller's organisation; vendor staff have none, and 0 matches nothing."""
    return user.organisation_id or 0


def credentials_for(user: User) -> QuerySet[ApiCredential]:
    live_secrets = ApiSecret.objects.order_by("-created_at")
    return (
        ApiCredential.objects.filter(organisation_id=_organisation_id(user))
        .select_related("created_by")
        .prefetch_related(Prefetch("secrets", queryset=live_secrets))
        .order_by("revoked_at", "-created_at")
    )


def get_credential(user: User, public_id: UUID | str) -> ApiCredential:
    return get_object_or_404(
        ApiCredential.objects.select_related("organisation"),
        organisation_id=_organisation_id(user),
        public_id=public_id,
    )


def saved_queries_for(user: User) -> QuerySet[SavedQuery]:
    return SavedQuery.objects.filter(organisation_id=_organisation_id(user)).order_by("name")


def get_saved_query(user: User, public_id: UUID | str) -> SavedQuery:
    return get_object_or_404(
        SavedQuery, organisation_id=_organisation_id(user), public_id=public_id
    )


def exports_for(user: User, limit: int = 20) -> QuerySet[QueryExport]:
    return (
        QueryExport.objects.filter(organisation_id=_organisation_id(user))
        .select_related("query")
        .order_by("-requested_at")[:limit]
    )


def get_export(user: User, public_id: UUID | str) -> QueryExport:
    return get_object_or_404(
        QueryExport.objects.select_related("query"),
        organisation_id=_organisation_id(user),
        public_id=public_id,
    )


def connectors_for(user: User) -> QuerySet[Connector]:
    """Published connectors of the products the organisation's contract holds today."""
    from django.utils import timezone

    from dataouverture.models import Connector
    from subscriptions.models import ContractLine

    today = timezone.localdate()
    held = (
        ContractLine.objects.filter(
            contract__organisation_id=_organisation_id(user), ordered_on__lte=today
        )
        .exclude(ended_on__lte=today)
        .values("product_id")
    )
    return Connector.objects.filter(is_published=True, product_id__in=held).select_related(
        "product"
    )


def get_connector(user: User, public_id: UUID | str) -> Connector:
    return get_object_or_404(connectors_for(user), public_id=public_id)


def exchange_target_for(user: User) -> ExchangeTarget | None:
    from dataouverture.models import ExchangeTarget

    return ExchangeTarget.objects.filter(organisation_id=_organisation_id(user)).first()


def exchange_runs_for(user: User, limit: int = 10) -> QuerySet[ExchangeRun]:
    from dataouverture.models import ExchangeRun

    return ExchangeRun.objects.filter(target__organisation_id=_organisation_id(user)).order_by(
        "-requested_at"
    )[:limit]


def get_exchange_run(user: User, public_id: UUID | str) -> ExchangeRun:
    from dataouverture.models import ExchangeRun

    return get_object_or_404(
        ExchangeRun.objects.select_related("target"),
        target__organisation_id=_organisation_id(user),
        public_id=public_id,
    )
