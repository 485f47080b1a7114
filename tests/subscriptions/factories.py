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
