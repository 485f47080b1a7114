from django.db.models import Count, Q, QuerySet

from portal.accounts.models import Role
from portal.organisations.models import Organisation


def recent_organisations(limit: int = 5) -> QuerySet[Organisation]:
    return Organisation.objects.select_related("contract").order_by("-created_at")[:limit]


def organisations_overview(
    *, query: str = "", formula: str = "", kind: str = ""
) -> QuerySet[Organisation]:
    """Vendor list: every organisation with its formula and member counts, in one query."""
    organisations = Organisation.objects.select_related("contract").annotate(
        active_members=Count("members", filter=Q(members__is_active=True)),
        admins=Count("members", filter=Q(members__role=Role.CLIENT_ADMIN, members__is_active=True)),
    )
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(siren__startswith=query))
    if formula:
        organisations = organisations.filter(contract__formula=formula)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")
