"""Demo catalogue, tariffs and contracts with issued invoices. Idempotent.

Runs after the cast of ``manage.py seed_demo`` (which creates the organisations,
their contracts and the first products); orders go through the services, so
the demo contracts obey art. 16 and 17.
"""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from portal.accounts.models import Role, User
from subscriptions import services
from subscriptions.models import Contract, Product, Tariff

GiB = 1024**3
PARIS = ZoneInfo("Europe/Paris")

# code: (name, kind, unit, extends, storage bytes per unit)
CATALOGUE = {
    "cegid-expert": ("Cegid Expert", "production", "named_user", None, 0),
    "module-paie": ("Module Paie", "module", "named_user", None, 0),
    "data-ouverture": ("Pack Data Ouverture", "pack", "named_user", "cegid-expert", 0),
    "m365": ("Microsoft 365 pour Cegid", "m365", "seat", None, 0),
    "stockage-10": ("Extension de stockage 10 Go", "storage", "storage_block", None, 10 * GiB),
    "stockage-50": ("Extension de stockage 50 Go", "storage", "storage_block", None, 50 * GiB),
    "assistance-parametrage": (
        "Assistance au paramétrage (service optionnel)",
        "service",
        "unit",
        None,
        0,
    ),
}

# code: [(effective from, monthly unit price excl. tax)]
TARIFFS = {
    "cegid-expert": [(date(2023, 1, 1), "79.00"), (date(2026, 1, 1), "84.00")],
    "module-paie": [(date(2023, 1, 1), "25.00")],
    "data-ouverture": [(date(2023, 1, 1), "15.00")],
    "m365": [(date(2023, 1, 1), "12.50"), (date(2026, 1, 1), "13.10")],
    "stockage-10": [(date(2023, 1, 1), "9.00")],
    "stockage-50": [(date(2023, 1, 1), "35.00")],
    "assistance-parametrage": [(date(2023, 1, 1), "150.00")],
}

# organisation name: (access codes date, first order)
CONTRACTS = {
    "Boulangerie Martin": (date(2025, 3, 1), {"cegid-expert": 2, "m365": 2}),
    "Transports Durand": (
        date(2024, 9, 2),
        {"cegid-expert": 3, "data-ouverture": 3, "m365": 4, "module-paie": 3},
    ),
    "Groupe Lefèvre": (
        date(2024, 1, 15),
        {"cegid-expert": 5, "data-ouverture": 5, "m365": 5, "stockage-10": 1},
    ),
    # Fewer named users ordered than active accounts: the overage job finds one.
    "Cabinet Fidès Expertise": (date(2023, 6, 1), {"cegid-expert": 1, "m365": 1}),
}

# A mid-term optional service (art. 15: changes no date).
ADDITIONAL = {"Groupe Lefèvre": (date(2025, 2, 3), {"assistance-parametrage": 1})}


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=PARIS)


def seed_catalogue() -> dict[str, Product]:
    products = {}
    for code, (name, kind, unit, _extends, storage) in CATALOGUE.items():
        products[code] = Product.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "unit": unit, "storage_bytes": storage},
        )[0]
    for code, (*_, extends, _storage) in CATALOGUE.items():
        if extends and products[code].extends_id != products[extends].pk:
            products[code].extends = products[extends]
            products[code].save(update_fields=["extends"])
    for code, tariffs in TARIFFS.items():
        for effective_from, price in tariffs:
            Tariff.objects.get_or_create(
                product=products[code],
                effective_from=effective_from,
                defaults={"unit_price": Decimal(price)},
            )
    return products


def seed():
    products = seed_catalogue()
    vendor = User.objects.filter(role=Role.VENDOR_ADMIN).order_by("pk").first()
    contracts = Contract.objects.select_related("organisation").filter(
        organisation__name__in=CONTRACTS
    )
    for contract in contracts:
        name = contract.organisation.name
        sent_on, order = CONTRACTS[name]
        if not contract.lines.exists():
            items = [(products[code], quantity) for code, quantity in order.items()]
            services.order_lines(contract=contract, items=items, actor=vendor, now=_at(sent_on))
            if name in ADDITIONAL:
                day, extra = ADDITIONAL[name]
                items = [(products[code], quantity) for code, quantity in extra.items()]
                services.order_lines(contract=contract, items=items, actor=vendor, now=_at(day))
        if contract.access_codes_sent_on is None:
            services.set_access_codes_sent(
                contract=contract, sent_on=sent_on, actor=vendor, now=_at(sent_on)
            )
    now = timezone.now()
    services.issue_all_due_invoices(now=now)
    for contract in Contract.objects.filter(access_codes_sent_on__isnull=False):
        services.detect_overages(contract_id=contract.pk, now=now)
