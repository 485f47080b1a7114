from typing import cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.accounts.models import User
from portal.audit.selectors import audit_events_for_organisation
from portal.core.permissions import client_admin_required


@client_admin_required
def trail(request: HttpRequest) -> HttpResponse:
    """The organisation's audit trail, readable by its administrators (art. 11)."""
    user = cast(User, request.user)  # client_admin_required: signed in
    events = audit_events_for_organisation(user.organisation)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"page": page})
