"""Client organisations and, for accounting firms, their client dossiers (art. 4)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.organisations.formulas import Formula


def validate_siren(value: str) -> None:
    """A SIREN is nine digits with a Luhn check digit (INSEE)."""
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError(_("Un SIREN comporte exactement 9 chiffres."))
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    if total % 10:
        raise ValidationError(_("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."))


class Organisation(models.Model):
    """A client company of the service.

    Its formula and support start date live on its contract
    (``subscriptions.Contract``), which the subscriptions issue extends.
    """

    class Kind(models.TextChoices):
        CLIENT = "client", _("Client")
        ACCOUNTING_FIRM = "accounting_firm", _("Cabinet d'expertise comptable")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("raison sociale"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CLIENT)
    mfa_required = models.BooleanField(
        _("double authentification obligatoire"),
        default=False,
        help_text=_("Exige la double authentification (TOTP) pour tous les comptes."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_accounting_firm(self) -> bool:
        return self.kind == self.Kind.ACCOUNTING_FIRM

    @property
    def formula(self) -> str:
        """The formula on the organisation's contract (Connect when none)."""
        contract = getattr(self, "contract", None)
        return contract.formula if contract else Formula.CONNECT


class Dossier(models.Model):
    """A client file held by an accounting firm, which a Demande may name (art. 4)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossiers"
    )
    reference = models.CharField(_("référence"), max_length=40)
    name = models.CharField(_("nom du client"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("dossier client")
        verbose_name_plural = _("dossiers clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="dossier_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.name}"
