"""Pages of webassistances (art. 12.8) for clients: list, session, .ics, one-click
registration and cancellation. Vendor staff schedule, change, cancel sessions
and attach replays in the admin (``learning/admin_training.py``), which calls
the same services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning import selectors_training as selectors
from learning import services_webassistance as services
from learning.calendar import webassistance_ics
from portal.core.errors import DomainError


@login_required
def webassistance_list(request):
    audience = selectors.audience_of(request.user)
    eligible = request.user.is_vendor_staff or (
        audience is not None and audience.formula in ("open", "private")
    )
    sessions = selectors.webassistances(request.user)
    return render(
        request,
        "learning/training/webassistances.html",
        {"sessions": sessions, "eligible": eligible, "now": timezone.now()},
    )


@login_required
def webassistance_detail(request, public_id):
    session = selectors.get_webassistance(request.user, public_id)
    return render(
        request,
        "learning/training/webassistance.html",
        {
            "session": session,
            "seat": selectors.seat_of(session, request.user),
            "counts": selectors.seat_counts(session),
            "now": timezone.now(),
        },
    )


@login_required
def webassistance_calendar(request, public_id):
    session = selectors.get_webassistance(request.user, public_id)
    ics = webassistance_ics(session, now=timezone.now(), cancelled=session.cancelled_at is not None)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="webassistance.ics"'
    return response


@login_required
@require_POST
def register(request, public_id):
    session = selectors.get_webassistance(request.user, public_id)
    try:
        seat = services.register(user=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if seat.status == seat.Status.REGISTERED:
            messages.success(
                request,
                _(
                    "Votre inscription est enregistrée. "
                    "L'invitation (.ics) vous est envoyée par e-mail."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "La session est complète : vous êtes sur la liste d'attente. "
                    "Une place libérée vous est attribuée dans l'ordre d'arrivée."
                ),
            )
    return redirect("learning:webassistance", public_id=session.public_id)


@login_required
@require_POST
def unregister(request, public_id):
    session = selectors.get_webassistance(request.user, public_id)
    try:
        services.unregister(user=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect("learning:webassistance", public_id=session.public_id)
