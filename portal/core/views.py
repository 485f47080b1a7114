from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from portal.accounts.selectors import member_counts
from portal.audit.selectors import audit_events_for_organisation
from portal.organisations.models import Organisation
from portal.organisations.selectors import recent_organisations


@login_required
def home(request):
    """A home page per role; each app adds its cards to these pages."""
    user = request.user
    if user.is_vendor_admin:
        context = {
            "organisation_count": Organisation.objects.count(),
            "recent_organisations": recent_organisations(),
        }
        return render(request, "core/home_vendor_admin.html", context)
    if user.is_agent:
        return render(request, "core/home_agent.html", {})
    context = {"organisation": user.organisation}
    if user.is_client_admin:
        context["member_counts"] = member_counts(user.organisation)
        context["recent_events"] = audit_events_for_organisation(user.organisation)[:5]
    return render(request, "core/home_client.html", context)


def healthz(request):
    return JsonResponse({"status": "ok"})
