"""Contracts, the product catalogue, invoices and overages (art. 3, 4, 14–17).

A contract lists what the client ordered as *lines* (product, quantity, unit
price captured from the tariff in force on the day of the order). Every date
of the subscription derives from the day the access codes were communicated,
which is also the date of the first invoice (art. 14); the arithmetic lives
in :mod:`subscriptions.terms`, the order rules in :mod:`subscriptions.rules`.
"""

import uuid
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The formula is the platform's (an organisation has one); re-exported for the features.
from portal.organisations.formulas import FORMULA_RANK as FORMULA_RANK
from portal.organisations.formulas import Formula as Formula
from portal.organisations.formulas import formula_includes as formula_includes
from subscriptions import legal, terms


class Product(models.Model):
    """An item of the catalogue.

    The production product (Cegid Expert) is sold per named user: its
    quantity is the number of named users ordered (art. 3). A pack that
    ``extends`` a production product (the Data Ouverture pack, art. 17) must
    be ordered in the same quantity. A storage extension adds
    ``storage_bytes`` per unit to the document space (art. 4).
    """

    class Kind(models.TextChoices):
        PRODUCTION = "production", _("Produit de production")
        MODULE = "module", _("Module")
        SERVICE = "service", _("Service optionnel")
        PACK = "pack", _("Pack")
        M365 = "m365", _("Microsoft 365 pour Cegid")
        STORAGE = "storage", _("Extension de stockage")

    class Unit(models.TextChoices):
        NAMED_USER = "named_user", _("utilisateur nommé")
        SEAT = "seat", _("licence")
        UNIT = "unit", _("unité")
        STORAGE_BLOCK = "storage_block", _("bloc de stockage")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("unité"), max_length=20, choices=Unit.choices, default=Unit.UNIT)
    extends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("étend le produit"),
        help_text=_("Pack vendu dans la même quantité que ce produit (art. 17)."),
    )
    storage_bytes = models.PositiveBigIntegerField(
        _("stockage ajouté par unité (octets)"), default=0, blank=True
    )
    is_active = models.BooleanField(_("commercialisé"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("produit")
        verbose_name_plural = _("produits")

    def __str__(self) -> str:
        return self.name

    def quantity_label(self, quantity: int) -> str:
        """ "5 utilisateurs nommés", "1 licence"."""
        singular, plural = UNIT_LABELS[self.unit]
        return f"{quantity} {singular if quantity <= 1 else plural}"  # French: 0 is singular


UNIT_LABELS = {
    Product.Unit.NAMED_USER: (_("utilisateur nommé"), _("utilisateurs nommés")),
    Product.Unit.SEAT: (_("licence"), _("licences")),
    Product.Unit.UNIT: (_("unité"), _("unités")),
    Product.Unit.STORAGE_BLOCK: (_("bloc de stockage"), _("blocs de stockage")),
}


class Tariff(models.Model):
    """A monthly unit price (HT) of a product, in force from ``effective_from``.

    A tariff stays in force until the next tariff of the same product starts
    (next-start semantics): there is no end date to keep consistent. A price
    change never rewrites issued invoices, which hold copies of their lines.
    """

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="tariffs", verbose_name=_("produit")
    )
    unit_price = models.DecimalField(_("prix unitaire mensuel HT"), max_digits=10, decimal_places=2)
    effective_from = models.DateField(_("en vigueur à partir du"))

    class Meta:
        ordering = ["product__name", "-effective_from"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarifs")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "effective_from"], name="tariff_one_per_product_and_day"
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="tariff_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.unit_price} € HT/mois dès le {self.effective_from}"


class Contract(models.Model):
    """The subscription of an organisation (art. 3, 14, 15).

    ``access_codes_sent_on`` is the day the access codes were communicated,
    i.e. the date of the first invoice (art. 14): until it is set the
    contract is *pending*. ``next_invoice_on`` is the stored timer the
    invoicing job claims. A notice of non-renewal (registered letter, art. 15)
    sets ``ends_on`` to the end of the period during which it was received.
    """

    class Party(models.TextChoices):
        CLIENT = "client", _("le client")
        VENDOR = "vendor", _("l'éditeur")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente des codes d'accès")
        INITIAL_TERM = "initial_term", _("Période initiale")
        RENEWED = "renewed", _("Reconduit")
        NOTICE_GIVEN = "notice_given", _("Non-renouvellement notifié")
        ENDED = "ended", _("Terminé")

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="contract"
    )
    formula = models.CharField(
        _("formule"), max_length=10, choices=Formula.choices, default=Formula.CONNECT
    )
    support_started_on = models.DateField(_("début du support"), null=True, blank=True)
    products = models.ManyToManyField(Product, blank=True, verbose_name=_("produits"))
    access_codes_sent_on = models.DateField(
        _("codes d'accès communiqués le"),
        null=True,
        blank=True,
        help_text=_("Date de la première facture (art. 14)."),
    )
    next_invoice_on = models.DateField(
        _("prochaine facture le"), null=True, blank=True, db_index=True
    )
    notice_party = models.CharField(
        _("non-renouvellement notifié par"), max_length=10, choices=Party.choices, blank=True
    )
    notice_received_on = models.DateField(_("lettre recommandée reçue le"), null=True, blank=True)
    ends_on = models.DateField(
        _("fin du contrat"),
        null=True,
        blank=True,
        help_text=_("Premier jour après la fin du contrat."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_formula_display()}"

    # Single-row, time-derived facts (art. 15).

    def renewals_on(self, today: date) -> int:
        if self.access_codes_sent_on is None:
            return 0
        renewals = terms.renewals_at(self.access_codes_sent_on, today)
        if self.ends_on is not None:
            # No renewal takes effect after the end set by a notice.
            while (
                renewals
                and terms.period_end(self.access_codes_sent_on, renewals - 1) >= self.ends_on
            ):
                renewals -= 1
        return renewals

    def status_on(self, today: date) -> str:
        if self.access_codes_sent_on is None:
            return self.Status.PENDING
        if self.ends_on is not None:
            return self.Status.ENDED if today >= self.ends_on else self.Status.NOTICE_GIVEN
        if self.renewals_on(today):
            return self.Status.RENEWED
        return self.Status.INITIAL_TERM

    def status_label(self, today: date) -> str:
        status = self.status_on(today)
        if status == self.Status.RENEWED:
            return _("Reconduit (%(n)s fois)") % {"n": self.renewals_on(today)}
        return self.Status(status).label

    def current_period_end(self, today: date) -> date | None:
        """First day after the current period (or after the contract, once notice is given)."""
        if self.access_codes_sent_on is None:
            return None
        if self.ends_on is not None:
            return self.ends_on
        return terms.period_end(self.access_codes_sent_on, self.renewals_on(today))

    def current_period_last_day(self, today: date) -> date | None:
        """The last day of the current period, as people read it (periods are ``[start, end)``)."""
        end = self.current_period_end(today)
        return end - timedelta(days=1) if end else None

    def passed_notice(self, today: date) -> tuple[date, date] | None:
        """``(deadline, renewal day)`` once the current period's notice deadline has passed.

        The contract will then be renewed on the renewal day (art. 15).
        """
        deadline = self.notice_deadline_on(today)
        if deadline is None or deadline >= today:
            return None
        return deadline, self.current_period_end(today)

    def notice_deadline_on(self, today: date) -> date | None:
        """Last day a notice of non-renewal of the current period is in time (art. 15)."""
        if self.access_codes_sent_on is None or self.ends_on is not None:
            return None
        return terms.notice_deadline(self.access_codes_sent_on, self.renewals_on(today))

    def upcoming_notice(self, today: date) -> tuple[date, date] | None:
        """``(deadline, last day of the period it ends)`` for the next notice still in time.

        Once the current period's deadline has passed, the contract will be
        renewed: the next deadline is the one of the following period.
        """
        if self.access_codes_sent_on is None or self.ends_on is not None:
            return None
        first = self.access_codes_sent_on
        renewals = self.renewals_on(today)
        if terms.notice_deadline(first, renewals) < today:
            renewals += 1
        last_day = terms.period_end(first, renewals) - timedelta(days=1)
        return terms.notice_deadline(first, renewals), last_day


class ContractLine(models.Model):
    """One order on a contract: first sale or additional sale (art. 3, 17).

    Lines are order records: an additional sale adds a line at the tariff in
    force on its day rather than repricing earlier quantities. A line stops
    being billed from ``ended_on`` (vendor correction or termination).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, verbose_name=_("produit"))
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price = models.DecimalField(_("prix unitaire mensuel HT"), max_digits=10, decimal_places=2)
    ordered_on = models.DateField(_("commandé le"))
    ended_on = models.DateField(_("arrêté le"), null=True, blank=True)

    class Meta:
        ordering = ["ordered_on", "id"]
        verbose_name = _("ligne de contrat")
        verbose_name_plural = _("lignes de contrat")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="contract_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"

    @property
    def quantity_label(self) -> str:
        return self.product.quantity_label(self.quantity)


class Invoice(models.Model):
    """A quarterly invoice, issued in advance (terme à échoir, art. 14).

    Immutable once issued: its lines are copies, not references to the
    contract's lines or to tariffs. Kept as a fiscal record for ten years
    (art. 4 and the French commercial code): never deleted by the portal,
    hence the PROTECT on the contract. ``legal_snapshot`` freezes at issue the
    mentions a French invoice must carry (vendor and client identities,
    payment terms, late-payment penalties: :mod:`subscriptions.legal`); it is
    empty on invoices issued before it existed, which then show current values.
    """

    VAT_RATE = 20

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")
    sequence = models.PositiveIntegerField(
        _("échéance n°"), help_text=_("0 pour la première facture.")
    )
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    issued_on = models.DateField(_("date de facture"))
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période (exclue)"))
    total_excl_tax = models.DecimalField(_("total HT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("taux de TVA"), max_digits=5, decimal_places=2)
    vat_amount = models.DecimalField(_("TVA"), max_digits=12, decimal_places=2)
    total_incl_tax = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    customer_name = models.CharField(_("client"), max_length=200)
    customer_address = models.CharField(_("adresse du client"), max_length=400, blank=True)
    legal_snapshot = models.JSONField(
        _("mentions légales figées"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Identité de l'éditeur et du client, conditions de paiement, figées à l'émission."
        ),
    )
    created_at = models.DateTimeField(_("émise le"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-sequence"]
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "sequence"], name="invoice_once_per_contract_quarter"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def mentions(self) -> "legal.Mentions":
        """Vendor and client identities, payment terms, due date (C. com. art. L441-9)."""
        return legal.mentions(self)

    @property
    def due_on(self) -> date:
        return self.mentions.due_on

    @property
    def period_last_day(self) -> date:
        """The last day billed (``period_end`` is the first day of the next period)."""
        return self.period_end - timedelta(days=1)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    product_code = models.CharField(_("code produit"), max_length=50)
    label = models.CharField(_("désignation"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price = models.DecimalField(_("prix unitaire mensuel HT"), max_digits=10, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("mois"), default=terms.QUARTER_MONTHS)
    amount = models.DecimalField(_("montant HT"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ligne de facture")
        verbose_name_plural = _("lignes de facture")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.label}"


class Overage(models.Model):
    """Usage above what was ordered (art. 14): named users or storage.

    One record per contract, kind and billing period in which it was
    detected; re-detection updates the measured value. The vendor confirms
    it, which orders the missing quantity at the tariff in force, billed from
    the next invoice.
    """

    class Kind(models.TextChoices):
        NAMED_USERS = "named_users", _("Utilisateurs nommés")
        STORAGE = "storage", _("Stockage")

    class Status(models.TextChoices):
        OPEN = "open", _("À confirmer")
        CONFIRMED = "confirmed", _("Prix actualisé")
        RESOLVED = "resolved", _("Résorbé")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="overages")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("période de facturation du"))
    ordered = models.PositiveBigIntegerField(_("commandé"))
    measured = models.PositiveBigIntegerField(_("constaté"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(_("détecté le"))
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quarterly_before = models.DecimalField(
        _("abonnement trimestriel HT avant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    quarterly_after = models.DecimalField(
        _("abonnement trimestriel HT après"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = _("dépassement")
        verbose_name_plural = _("dépassements")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "period_start"], name="overage_once_per_kind_and_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} — {self.get_kind_display()} ({self.measured} > {self.ordered})"
