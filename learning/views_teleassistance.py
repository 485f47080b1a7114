"""Téléassistance on a support Demande (art. 12.8): the agent proposes slots,
the client picks one, the agent records the outcome. The panel is rendered
inside the Demande page by ``learning/templatetags/teleassistance.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning import selectors_training as selectors
from learning import services_teleassistance as services
from learning.calendar import teleassistance_ics
from learning.forms_training import OutcomeForm, SlotsForm
from portal.core.errors import DomainError
from portal.core.permissions import staff_required
from support.selectors import get_demande


def _back(demande):
    from django.urls import reverse

    return redirect(
        reverse("support:detail", kwargs={"reference": demande.reference}) + "#teleassistance"
    )


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@staff_required
@require_POST
def propose(request, reference):
    demande = get_demande(request.user, reference)
    form = SlotsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(demande)
    try:
        services.propose_slots(
            agent=request.user, demande=demande, slots=form.cleaned_data["slots"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Créneaux de téléassistance proposés au client."))
    return _back(demande)


@login_required
@require_POST
def choose(request, public_id):
    slot = selectors.get_slot(request.user, public_id)
    try:
        services.choose_slot(user=request.user, slot=slot)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Créneau retenu. Vous recevez l'invitation (.ics) par e-mail."))
    return _back(slot.demande)


@staff_required
@require_POST
def outcome(request, public_id):
    slot = selectors.get_slot(request.user, public_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(slot.demande)
    try:
        services.record_outcome(
            agent=request.user,
            slot=slot,
            done=form.cleaned_data["done"],
            outcome=form.cleaned_data["outcome"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Compte rendu enregistré."))
    return _back(slot.demande)


@login_required
def slot_calendar(request, public_id):
    slot = selectors.get_slot(request.user, public_id)
    response = HttpResponse(
        teleassistance_ics(slot, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="teleassistance.ics"'
    return response
