"""The subscription card of the client home page."""

from django import template
from django.utils import timezone

from portal.accounts.rights import Right
from subscriptions.models import Contract, Overage

register = template.Library()


@register.inclusion_tag("subscriptions/fragment_home_card.html")
def subscription_card(user):
    if not user.has_right(Right.SEE_CONTRACT):
        return {"show": False}
    contract = Contract.objects.filter(organisation_id=user.organisation_id).first()
    today = timezone.localdate()
    return {
        "show": contract is not None,
        "contract": contract,
        "status_label": contract.status_label(today) if contract else "",
        "upcoming_notice": contract.upcoming_notice(today) if contract else None,
        "next_invoice_on": contract.next_invoice_on if contract else None,
        "open_overages": (
            contract.overages.filter(status=Overage.Status.OPEN).count() if contract else 0
        ),
    }
