"""Contracts and the product catalogue.

For now a minimal contract record: the organisation's formula, the date
support started and the products it holds. The subscriptions issue extends it
with lines, tariffs, terms and invoices (art. 3, 14–17).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Formula(models.TextChoices):
    """The three inclusive offers: Connect ⊂ Open ⊂ Private (art. 12, 13)."""

    CONNECT = "connect", _("Cegid Connect")
    OPEN = "open", _("Cegid Open")
    PRIVATE = "private", _("Cegid Private")


FORMULA_RANK = {Formula.CONNECT: 0, Formula.OPEN: 1, Formula.PRIVATE: 2}


def formula_includes(formula: str, required: str) -> bool:
    """True when ``formula`` includes everything ``required`` gives."""
    return FORMULA_RANK[Formula(formula)] >= FORMULA_RANK[Formula(required)]


class Product(models.Model):
    class Kind(models.TextChoices):
        PRODUCTION = "production", _("Produit de production")
        MODULE = "module", _("Module")
        SERVICE = "service", _("Service optionnel")
        PACK = "pack", _("Pack")
        M365 = "m365", _("Microsoft 365 pour Cegid")
        STORAGE = "storage", _("Extension de stockage")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("commercialisé"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("produit")
        verbose_name_plural = _("produits")

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="contract"
    )
    formula = models.CharField(
        _("formule"), max_length=10, choices=Formula.choices, default=Formula.CONNECT
    )
    support_started_on = models.DateField(_("début du support"), null=True, blank=True)
    products = models.ManyToManyField(Product, blank=True, verbose_name=_("produits"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_formula_display()}"
