"""The legal mentions of an invoice (C. com. art. L441-9, L441-10, D441-5; art. 14).

An issued invoice is an immutable fiscal record: the vendor's identity, the
client's identity and the payment terms in force on the day of issue are
frozen in ``Invoice.legal_snapshot`` by the issuing service. Invoices issued
before the snapshot existed fall back to the current settings and to the
organisation's current SIREN.

The due date is computed here and only here (:func:`due_date`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class Vendor:
    name: str
    address: str
    siren: str
    vat_number: str
    rcs: str
    share_capital: str


@dataclass(frozen=True)
class Customer:
    name: str
    siren: str
    address: str


@dataclass(frozen=True)
class Mentions:
    vendor: Vendor
    customer: Customer
    payment_terms_days: int
    late_penalty_text: str
    due_on: date


def due_date(issued_on: date, payment_terms_days: int) -> date:
    """The day payment is due: the invoice date plus the agreed number of days."""
    return issued_on + timedelta(days=payment_terms_days)


def current_vendor() -> Vendor:
    return Vendor(
        name=settings.VENDOR_NAME,
        address=settings.VENDOR_ADDRESS,
        siren=settings.VENDOR_SIREN,
        vat_number=settings.VENDOR_VAT_NUMBER,
        rcs=settings.VENDOR_RCS,
        share_capital=settings.VENDOR_SHARE_CAPITAL,
    )


def organisation_address(organisation) -> str:
    """ "1 rue du Port, 69002 Lyon": street, then postal code and city."""
    return ", ".join(
        part
        for part in [
            organisation.address,
            f"{organisation.postal_code} {organisation.city}".strip(),
        ]
        if part
    )


def snapshot(organisation) -> dict:
    """The mentions to freeze on an invoice issued now to ``organisation`` (JSON-ready)."""
    vendor = current_vendor()
    return {
        "version": SNAPSHOT_VERSION,
        "vendor": {
            "name": vendor.name,
            "address": vendor.address,
            "siren": vendor.siren,
            "vat_number": vendor.vat_number,
            "rcs": vendor.rcs,
            "share_capital": vendor.share_capital,
        },
        "customer": {
            "name": organisation.name,
            "siren": organisation.siren,
            "address": organisation_address(organisation),
        },
        "payment_terms_days": settings.INVOICE_PAYMENT_TERMS_DAYS,
        "late_penalty_text": settings.INVOICE_LATE_PENALTY_TEXT,
    }


def _current_customer_siren(invoice) -> str:
    contract = getattr(invoice, "contract", None)
    organisation = getattr(contract, "organisation", None)
    return getattr(organisation, "siren", "") or ""


def mentions(invoice) -> Mentions:
    """The mentions to print on ``invoice``: its snapshot, else today's values."""
    frozen = getattr(invoice, "legal_snapshot", None) or {}
    vendor = current_vendor()
    if "vendor" in frozen:
        fields = Vendor.__annotations__
        vendor = Vendor(**{field: frozen["vendor"].get(field, "") for field in fields})
    customer_data = frozen.get("customer") or {}
    customer = Customer(
        name=customer_data.get("name") or invoice.customer_name,
        siren=customer_data.get("siren") or _current_customer_siren(invoice),
        address=customer_data.get("address") or invoice.customer_address,
    )
    days = frozen.get("payment_terms_days", settings.INVOICE_PAYMENT_TERMS_DAYS)
    return Mentions(
        vendor=vendor,
        customer=customer,
        payment_terms_days=days,
        late_penalty_text=frozen.get("late_penalty_text") or settings.INVOICE_LATE_PENALTY_TEXT,
        due_on=due_date(invoice.issued_on, days),
    )
