from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from portal.accounts.models import Role, User
from portal.audit.selectors import audit_events_for_organisation
from portal.organisations.models import Organisation


@login_required
def home(request):
    """A home page per role."""
    user = request.user
    if user.is_vendor_admin:
        context = {
            "organisation_count": Organisation.objects.count(),
            "recent_organisations": Organisation.objects.select_related("contract").order_by(
                "-created_at"
            )[:5],
        }
        return render(request, "core/home_vendor_admin.html", context)
    if user.is_agent:
        return render(request, "core/home_agent.html", {})
    context = {"organisation": user.organisation}
    if user.is_client_admin:
        context["member_counts"] = User.objects.filter(organisation=user.organisation).aggregate(
            active=Count("pk", filter=Q(is_active=True)),
            invited=Count("pk", filter=Q(is_active=False, activated_at__isnull=True)),
            admins=Count("pk", filter=Q(role=Role.CLIENT_ADMIN, is_active=True)),
        )
        context["recent_events"] = audit_events_for_organisation(user.organisation)[:5]
    return render(request, "core/home_client.html", context)


def healthz(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
