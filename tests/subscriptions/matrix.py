"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)
"""

from tests.authz import (
    ADMINS,
    API_MANAGERS,
    API_MEMBER,
    VENDOR,
    organisation_kwargs,
    statuses,
)
from tests.subscriptions.factories import issued_invoice, open_overage, started_contract


def _invoice(cast):
    return {"public_id": issued_invoice(cast["client_admin"].organisation).public_id}


def _line(cast):
    organisation = cast["client_admin"].organisation
    line = started_contract(organisation).lines.first()
    return {"public_id": organisation.public_id, "line_id": line.public_id}


def _overage(cast):
    return {"public_id": open_overage(cast["client_admin"].organisation).public_id}


# The client's people with the right read their own invoices; vendor staff read all.
INVOICE = statuses(302, 403, 200, 404, 403, 200)
# A vendor form posted empty: re-rendered with its errors.
VENDOR_FORM = statuses(302, 403, 403, 403, 403, 200)
VENDOR_ACTION = statuses(302, 403, 403, 403, 403, 302)

MATRIX: dict = {
    "subscriptions:mine": ("get", None, ADMINS),
    # Posted empty: the form comes back with its error (the outsider orders for their own).
    "subscriptions:order_extension": ("post", None, statuses(302, 403, 400, 400, 403, 403)),
    "subscriptions:invoice": ("get", _invoice, INVOICE),
    "subscriptions:invoice_pdf": ("get", _invoice, INVOICE),
    "subscriptions:vendor_contracts": ("get", None, VENDOR),
    "subscriptions:vendor_notice_deadlines": ("get", None, VENDOR),
    "subscriptions:vendor_contract": ("get", organisation_kwargs, VENDOR),
    "subscriptions:vendor_order": ("post", organisation_kwargs, VENDOR_FORM),
    "subscriptions:vendor_access_codes": ("post", organisation_kwargs, VENDOR_FORM),
    "subscriptions:vendor_notice": ("post", organisation_kwargs, VENDOR_FORM),
    "subscriptions:vendor_end_line": ("post", _line, VENDOR_ACTION),
    "subscriptions:vendor_change_lines": ("post", organisation_kwargs, VENDOR_FORM),
    "subscriptions:vendor_overages": ("get", None, VENDOR),
    "subscriptions:vendor_confirm_overage": ("post", _overage, VENDOR_ACTION),
    "api:contract": ("get", None, API_MANAGERS),
    "api:contract-usage": ("get", None, API_MANAGERS),
    "api:contract-line-list": ("get", None, API_MANAGERS),
    "api:invoice-list": ("get", None, API_MANAGERS),
    "api:invoice-detail": ("get", _invoice, API_MEMBER),
    "api:invoice-pdf": ("get", _invoice, API_MEMBER),
}
