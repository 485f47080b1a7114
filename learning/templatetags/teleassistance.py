"""The téléassistance panel of a Demande page (art. 12.8), one tag in the
support template: ``{% load teleassistance %}{% teleassistance_panel demande %}``."""

from django import template

from learning import selectors_training as selectors
from learning.forms_training import OutcomeForm, SlotsForm
from learning.models import TeleassistanceSlot
from support.models import Demande

register = template.Library()


@register.inclusion_tag("learning/training/_teleassistance_panel.html", takes_context=True)
def teleassistance_panel(context, demande):
    user = context["user"]
    staff = user.is_vendor_staff
    eligible = demande.kind == Demande.Kind.SUPPORT and demande.formula in ("open", "private")
    slots = selectors.slots_of(demande) if eligible else []
    # The outcome form is shown under a chosen slot only: built when one is.
    chosen = any(slot.status == TeleassistanceSlot.Status.CHOSEN for slot in slots)
    return {
        "demande": demande,
        "eligible": eligible,
        "slots": slots,
        "staff": staff,
        "slots_form": SlotsForm() if staff and eligible and demande.is_open else None,
        "outcome_form": OutcomeForm() if staff and chosen else None,
        "csrf_token": context.get("csrf_token"),
    }
