"""Catalogue, tariffs and contract lines for the subscriptions tests."""

from datetime import date
from decimal import Decimal

import factory

from subscriptions.models import ContractLine, Product, Tariff


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"produit-{n}")
    name = factory.Sequence(lambda n: f"Produit {n}")
    kind = Product.Kind.MODULE


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    product = factory.SubFactory(ProductFactory)
    unit_price = Decimal("10.00")
    effective_from = date(2020, 1, 1)


def catalogue():
    """The demo catalogue's essentials, with one tariff each from 2020."""
    expert = ProductFactory(
        code="cegid-expert",
        name="Cegid Expert",
        kind=Product.Kind.PRODUCTION,
        unit=Product.Unit.NAMED_USER,
    )
    products = {
        "expert": expert,
        "data": ProductFactory(
            code="data-ouverture",
            name="Pack Data Ouverture",
            kind=Product.Kind.PACK,
            extends=expert,
        ),
        "m365": ProductFactory(
            code="m365",
            name="Microsoft 365 pour Cegid",
            kind=Product.Kind.M365,
            unit=Product.Unit.SEAT,
        ),
        "storage": ProductFactory(
            code="stockage-10",
            name="Extension de stockage 10 Go",
            kind=Product.Kind.STORAGE,
            unit=Product.Unit.STORAGE_BLOCK,
            storage_bytes=10 * 1024**3,
        ),
        "service": ProductFactory(
            code="bilan",
            name="Bilan personnalisé",
            kind=Product.Kind.SERVICE,
        ),
    }
    prices = {
        "expert": "80.00",
        "data": "15.00",
        "m365": "12.50",
        "storage": "20.00",
        "service": "50.00",
    }
    for key, price in prices.items():
        TariffFactory(product=products[key], unit_price=Decimal(price))
    return products


def add_line(contract, product, quantity, *, ordered_on=date(2024, 1, 1), unit_price=None):
    """A line written directly (no rule check): for setting up states."""
    if unit_price is None:
        unit_price = product.tariffs.order_by("-effective_from").first().unit_price
    return ContractLine.objects.create(
        contract=contract,
        product=product,
        quantity=quantity,
        unit_price=unit_price,
        ordered_on=ordered_on,
    )


def started_contract(organisation, *, first=date(2025, 1, 31), users=2):
    """A contract with named users, seats and access codes sent on ``first``."""
    from subscriptions.models import Product

    if not Product.objects.filter(code="cegid-expert").exists():
        catalogue()
    products = {product.code: product for product in Product.objects.all()}
    contract = organisation.contract
    if not contract.lines.exists():
        add_line(contract, products["cegid-expert"], users, ordered_on=first)
        add_line(contract, products["m365"], users, ordered_on=first)
    contract.access_codes_sent_on = first
    contract.next_invoice_on = first
    contract.save()
    return contract


def issued_invoice(organisation):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from subscriptions.services import issue_due_invoices

    contract = started_contract(organisation)
    now = datetime(2025, 2, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))
    issue_due_invoices(contract_id=contract.pk, now=now)
    return contract.invoices.order_by("sequence").first()


def open_overage(organisation):
    from django.utils import timezone

    from subscriptions.models import Overage

    contract = started_contract(organisation)
    overage, _ = Overage.objects.get_or_create(
        contract=contract,
        kind=Overage.Kind.STORAGE,
        period_start=date(2025, 1, 31),
        defaults={"ordered": 1, "measured": 2, "detected_at": timezone.now()},
    )
    return overage
