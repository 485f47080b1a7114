"""The subscription card of the client home page."""

from django import template
from django.utils import timezone

from portal.accounts.rights import Right
from subscriptions import selectors

register = template.Library()


@register.inclusion_tag("subscriptions/fragment_home_card.html")
def subscription_card(user):
    if not user.has_right(Right.SEE_CONTRACT):
        return {"show": False}
    contract = selectors.home_card_contract(user)
    if contract is None:
        return {"show": False}
    today = timezone.localdate()
    return {
        "show": True,
        "contract": contract,
        "status_label": contract.status_label(today),
        "upcoming_notice": contract.upcoming_notice(today),
        "next_invoice_on": selectors.next_invoice_date(contract, today),
        "open_overages": contract.open_overages,
    }
