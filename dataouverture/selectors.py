"""Reads of the Data Ouverture app, scoped to the caller's organisation (404 otherwise)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from dataouverture.models import ApiCredential, ApiSecret, QueryExport, SavedQuery


def credentials_for(user):
    live_secrets = ApiSecret.objects.order_by("-created_at")
    return (
        ApiCredential.objects.filter(organisation_id=user.organisation_id)
        .select_related("created_by")
        .prefetch_related(Prefetch("secrets", queryset=live_secrets))
        .order_by("revoked_at", "-created_at")
    )


def get_credential(user, public_id) -> ApiCredential:
    return get_object_or_404(
        ApiCredential.objects.select_related("organisation"),
        organisation_id=user.organisation_id,
        public_id=public_id,
    )


def saved_queries_for(user):
    return SavedQuery.objects.filter(organisation_id=user.organisation_id).order_by("name")


def get_saved_query(user, public_id) -> SavedQuery:
    return get_object_or_404(SavedQuery, organisation_id=user.organisation_id, public_id=public_id)


def exports_for(user, limit: int = 20):
    return (
        QueryExport.objects.filter(organisation_id=user.organisation_id)
        .select_related("query")
        .order_by("-requested_at")[:limit]
    )


def get_export(user, public_id) -> QueryExport:
    return get_object_or_404(
        QueryExport.objects.select_related("query"),
        organisation_id=user.organisation_id,
        public_id=public_id,
    )


def connectors_for(user):
    """Published connectors of the products the organisation's contract holds today."""
    from django.utils import timezone

    from dataouverture.models import Connector
    from subscriptions.models import ContractLine

    today = timezone.localdate()
    held = (
        ContractLine.objects.filter(
            contract__organisation_id=user.organisation_id, ordered_on__lte=today
        )
        .exclude(ended_on__lte=today)
        .values("product_id")
    )
    return Connector.objects.filter(is_published=True, product_id__in=held).select_related(
        "product"
    )


def get_connector(user, public_id):
    return get_object_or_404(connectors_for(user), public_id=public_id)


def exchange_target_for(user):
    from dataouverture.models import ExchangeTarget

    return ExchangeTarget.objects.filter(organisation_id=user.organisation_id).first()


def exchange_runs_for(user, limit: int = 10):
    from dataouverture.models import ExchangeRun

    return ExchangeRun.objects.filter(target__organisation_id=user.organisation_id).order_by(
        "-requested_at"
    )[:limit]


def get_exchange_run(user, public_id):
    from dataouverture.models import ExchangeRun

    return get_object_or_404(
        ExchangeRun.objects.select_related("target"),
        target__organisation_id=user.organisation_id,
        public_id=public_id,
    )
