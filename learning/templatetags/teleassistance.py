"""The téléassistance panel of a Demande page (art. 12.8), one tag in the
support template: ``{% load teleassistance %}{% teleassistance_panel demande %}``."""

from django import template

from learning import selectors_training as selectors
from learning.forms_training import OutcomeForm, SlotsForm
from learning.models import TeleassistanceSlot

register = template.Library()


@register.inclusion_tag("learning/training/_teleassistance_panel.html", takes_context=True)
def teleassistance_panel(context, demande, slots=None):
    """``slots``: the panel's slots when the page has read them already (``panel_slots``)."""
    user = context["user"]
    staff = user.is_vendor_staff
    eligible = selectors.teleassistance_eligible(demande)
    if slots is None:
        slots = selectors.panel_slots(demande)
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
