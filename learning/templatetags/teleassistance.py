"""The téléassistance panel of a Demande page (art. 12.8), one include in the
support template: ``{% include "learning/training/_teleassistance.html" %}``."""

from django import template

from learning import selectors_training as selectors
from learning.forms_training import OutcomeForm, SlotsForm
from support.models import Demande

register = template.Library()


@register.inclusion_tag("learning/training/_teleassistance_panel.html", takes_context=True)
def teleassistance_panel(context, demande):
    user = context["user"]
    staff = user.is_vendor_staff
    eligible = demande.kind == Demande.Kind.SUPPORT and demande.formula in ("open", "private")
    return {
        "demande": demande,
        "eligible": eligible,
        "slots": list(selectors.slots_of(demande)) if eligible else [],
        "staff": staff,
        "slots_form": SlotsForm() if staff and eligible and demande.is_open else None,
        "outcome_form": OutcomeForm() if staff else None,
        "csrf_token": context.get("csrf_token"),
    }
