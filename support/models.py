"""Support Demandes and the calendars of their SLA clock (art. 1, 12).

A **Demande** is a request a client files with the support (art. 12.2): a
*support* Demande (Open and Private formulas, with contractual deadlines) or a
*customer-service* one (every formula: billing, contract, accounts,
restoration; no SLA). An **Anomalie** is a reproducible defect against the
documentation (art. 12.3), qualified with a criticality 1, 2 or 3.

Deadlines are stored, indexed columns computed by the services from the
calendar and formula *snapshotted* at registration, so that editing a calendar
never rewrites past deadlines. The timer sweep (support/tasks.py) reads only
the ``*_warn_at`` / ``*_due_at`` columns; the rules live in
support/business_time.py and support/services.py, not here.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import free_text_max_length
from support.business_time import BusinessCalendar
from support.deadlines import DEADLINES, SLA_FORMULAS


class SupportCalendar(models.Model):
    """Opening hours of the support, as data editable by vendor staff (art. 12.2, 12.10).

    One default calendar per formula (``contract`` empty) seeded with the
    booklet's hours, and optionally one per contract that overrides it.
    ``spec`` is the input of :meth:`BusinessCalendar.from_spec`:
    ``{"0": [["09:00", "12:30"], ["14:30", "17:30"]], ...}`` (0 = Monday).
    """

    name = models.CharField(_("nom"), max_length=100)
    # The formulas of subscriptions.Formula that have an SLA clock (Connect has no support).
    formula = models.CharField(
        _("formule"),
        max_length=10,
        choices=[(formula.value, formula.label) for formula in SLA_FORMULAS],
    )
    spec = models.JSONField(_("horaires"))
    contract = models.OneToOneField(
        "subscriptions.Contract",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_calendar",
        verbose_name=_("contrat"),
        help_text=_("Vide pour le calendrier par défaut de la formule."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["formula", "name"]
        verbose_name = _("calendrier du support")
        verbose_name_plural = _("calendriers du support")
        constraints = [
            models.UniqueConstraint(
                fields=["formula"],
                condition=Q(contract__isnull=True),
                name="support_calendar_one_default_per_formula",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def business_calendar(self) -> BusinessCalendar:
        return BusinessCalendar.from_spec(self.formula, self.spec)


class Demande(models.Model):
    """A request to the support or to customer service (art. 12.2-12.3)."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support")
        CUSTOMER_SERVICE = "customer_service", _("Service client")

    class Category(models.TextChoices):
        """Customer-service matters (art. 9, 12): no SLA."""

        BILLING = "billing", _("Facturation")
        CONTRACT = "contract", _("Contrat")
        ACCOUNTS = "accounts", _("Comptes")
        RESTORATION = "restoration", _("Restauration d'environnement")
        SERVICE_ACCOUNTS = "service_accounts", _("Comptes du service")

    class Channel(models.TextChoices):
        WEB = "web", _("Portail")
        PHONE = "phone", _("Téléphone")
        API = "api", _("API")

    class State(models.TextChoices):
        REGISTERED = "registered", _("Enregistrée")
        TAKEN_IN_CHARGE = "taken_in_charge", _("Prise en charge")
        QUALIFIED = "qualified", _("Qualifiée")
        ACTION_PLAN = "action_plan", _("Plan d'action communiqué")
        WORKAROUND = "workaround", _("Contournement fourni")
        FIX = "fix", _("Correctif fourni")
        RESOLVED = "resolved", _("Résolue")
        CLOSED = "closed", _("Clôturée")

    class Qualification(models.TextChoices):
        ANOMALIE = "anomalie", _("Anomalie")
        OTHER = "other", _("Autre demande")

    class Criticality(models.IntegerChoices):
        """art. 12.3: 1 → action plan in 12 h ouvrées; 2 → fix in 6 jours ouvrés; 3 → none."""

        BLOCKING = 1, _("1 — bloquante")
        MAJOR = 2, _("2 — majeure")
        MINOR = 3, _("3 — mineure")

    #: art. 1's definitions, shown where an agent qualifies and where the client reads it.
    CRITICALITY_DEFINITIONS = {
        Criticality.BLOCKING: _(
            "Anomalie reproductible qui rend impossible l'accès ou l'utilisation d'une ou "
            "plusieurs fonctionnalités essentielles du Service, sans solution de contournement "
            "technique ou organisationnelle possible. Plan d'action correctif sous 12 heures "
            "ouvrées."
        ),
        Criticality.MAJOR: _(
            "Anomalie reproductible qui rend inopérant l'accès ou l'utilisation d'une ou "
            "plusieurs fonctionnalités du Service, pour laquelle une solution de contournement "
            "peut exister. Correctif ou contournement sous 6 jours ouvrés."
        ),
        Criticality.MINOR: _(
            "Anomalie reproductible qui ne présente pas les caractéristiques d'une anomalie "
            "de criticité 1 ou 2. Pas de délai de correction."
        ),
    }

    #: States in which the Demande still waits for the vendor.
    OPEN_STATES = (
        State.REGISTERED,
        State.TAKEN_IN_CHARGE,
        State.QUALIFIED,
        State.ACTION_PLAN,
        State.WORKAROUND,
        State.FIX,
    )

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="demandes",
        verbose_name=_("organisation"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="demandes",
        verbose_name=_("demandeur"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )
    dossier = models.ForeignKey(
        "organisations.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demandes",
        verbose_name=_("dossier client"),
    )
    product = models.ForeignKey(
        "subscriptions.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produit ou module"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices, blank=True)
    channel = models.CharField(
        _("canal"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    subject = models.CharField(_("objet"), max_length=200)
    context = models.TextField(_("contexte"), blank=True)
    error_messages = models.TextField(_("messages d'erreur"), blank=True)
    menu_sequence = models.TextField(_("enchaînement des menus"), blank=True)

    state = models.CharField(
        _("état"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    qualification = models.CharField(
        _("qualification"), max_length=10, choices=Qualification.choices, blank=True
    )
    criticality = models.PositiveSmallIntegerField(
        _("criticité"), choices=Criticality.choices, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_demandes",
        verbose_name=_("agent"),
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="watched_demandes"
    )

    # Snapshot at registration: the formula and the SLA clock that apply for good.
    formula = models.CharField(_("formule"), max_length=10)
    calendar_name = models.CharField(_("calendrier"), max_length=100, blank=True)
    calendar_spec = models.JSONField(_("horaires appliqués"), null=True, blank=True)
    #: 0 for Private Demandes (served first, FIFO, art. 12.9), 1 for the others.
    queue_rank = models.PositiveSmallIntegerField(default=1)

    # Milestones.
    registered_at = models.DateTimeField(_("enregistrée le"), db_index=True)
    taken_in_charge_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("qualifiée le"), null=True, blank=True)
    action_plan_at = models.DateTimeField(_("plan d'action le"), null=True, blank=True)
    fix_at = models.DateTimeField(_("correctif ou contournement le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mise à jour le"))

    # Deadlines (art. 12.2-12.3) and the instants at which the sweep warns
    # (75 % of the délai in business time), with what the sweep has done.
    take_in_charge_due_at = models.DateTimeField(_("prise en charge avant"), null=True, blank=True)
    take_in_charge_warn_at = models.DateTimeField(null=True, blank=True)
    take_in_charge_warned_at = models.DateTimeField(null=True, blank=True)
    take_in_charge_breached_at = models.DateTimeField(null=True, blank=True)
    action_plan_due_at = models.DateTimeField(_("plan d'action avant"), null=True, blank=True)
    action_plan_warn_at = models.DateTimeField(null=True, blank=True)
    action_plan_warned_at = models.DateTimeField(null=True, blank=True)
    action_plan_breached_at = models.DateTimeField(null=True, blank=True)
    fix_due_at = models.DateTimeField(_("correctif avant"), null=True, blank=True)
    fix_warn_at = models.DateTimeField(null=True, blank=True)
    fix_warned_at = models.DateTimeField(null=True, blank=True)
    fix_breached_at = models.DateTimeField(null=True, blank=True)
    #: The support asked the client something and waits for the answer: shown as
    #: "en attente de votre réponse", first in the client's list; cleared by the reply.
    awaiting_client_since = models.DateTimeField(
        _("en attente du client depuis"), null=True, blank=True
    )
    #: Any deadline missed (set by the sweep or by a late milestone); the queue filters on it.
    is_breached = models.BooleanField(_("délai dépassé"), default=False)
    # The table also has a ``list_version`` column, the database's alone: a
    # trigger sets it on every insert and update (migration 0011), and the
    # lists' cache keys hold its greatest value (support/list_cache.py). It is
    # not a field here, so that no ``save()`` ever writes an old value into it.

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        indexes = [
            models.Index(fields=["organisation", "-registered_at"], name="demande_org_recent_idx"),
            models.Index(fields=["requester", "-registered_at"], name="demande_requester_idx"),
            models.Index(fields=["queue_rank", "registered_at"], name="demande_queue_idx"),
            models.Index(fields=["state", "queue_rank", "registered_at"], name="demande_state_idx"),
            models.Index(fields=["assignee", "state"], name="demande_assignee_idx"),
            models.Index(fields=["kind", "registered_at"], name="demande_kind_idx"),
            models.Index(fields=["take_in_charge_due_at"], name="demande_tic_due_idx"),
            models.Index(fields=["taken_in_charge_at"], name="demande_tic_at_idx"),
            # Covers the compliance report (art. 12.2): both instants compared
            # are read from the index, without a table lookup per Demande.
            models.Index(
                fields=[
                    "organisation",
                    "registered_at",
                    "take_in_charge_due_at",
                    "taken_in_charge_at",
                ],
                name="demande_compliance_idx",
            ),
            # Pending timers only: the sweep's queries read these small indexes.
            models.Index(
                fields=["take_in_charge_warn_at"],
                name="demande_tic_warn_idx",
                condition=Q(taken_in_charge_at__isnull=True, take_in_charge_warned_at__isnull=True),
            ),
            models.Index(
                fields=["take_in_charge_due_at"],
                name="demande_tic_breach_idx",
                condition=Q(
                    taken_in_charge_at__isnull=True, take_in_charge_breached_at__isnull=True
                ),
            ),
            models.Index(
                fields=["action_plan_warn_at"],
                name="demande_plan_warn_idx",
                condition=Q(action_plan_at__isnull=True, action_plan_warned_at__isnull=True),
            ),
            models.Index(
                fields=["action_plan_due_at"],
                name="demande_plan_breach_idx",
                condition=Q(action_plan_at__isnull=True, action_plan_breached_at__isnull=True),
            ),
            models.Index(
                fields=["fix_warn_at"],
                name="demande_fix_warn_idx",
                condition=Q(fix_at__isnull=True, fix_warned_at__isnull=True),
            ),
            models.Index(
                fields=["fix_due_at"],
                name="demande_fix_breach_idx",
                condition=Q(fix_at__isnull=True, fix_breached_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(criticality__isnull=True) | Q(qualification="anomalie"),
                name="demande_criticality_only_for_anomalie",
            ),
            # Free texts have a maximum length down to the database (issue 14).
            *(
                free_text_max_length(field, name=f"demande_{field}_max_length")
                for field in ("context", "error_messages", "menu_sequence")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_answerable(self) -> bool:
        """Qualified and not yet resolved: a plan, fix or resolution may be posted."""
        return self.state in (
            self.State.QUALIFIED,
            self.State.ACTION_PLAN,
            self.State.WORKAROUND,
            self.State.FIX,
        )

    # Template branches read these, not state codes (issue 12).
    @property
    def awaits_take_in_charge(self) -> bool:
        return self.state == self.State.REGISTERED

    @property
    def awaits_qualification(self) -> bool:
        return self.state == self.State.TAKEN_IN_CHARGE

    @property
    def is_resolved(self) -> bool:
        return self.state == self.State.RESOLVED

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def is_anomalie(self) -> bool:
        return self.qualification == self.Qualification.ANOMALIE

    @property
    def is_customer_service(self) -> bool:
        return self.kind == self.Kind.CUSTOMER_SERVICE

    @property
    def awaits_client(self) -> bool:
        return self.awaiting_client_since is not None and self.is_open

    @property
    def has_sla(self) -> bool:
        return self.kind == self.Kind.SUPPORT

    def sla_calendar(self) -> BusinessCalendar | None:
        """The snapshotted clock of this Demande (None for customer service)."""
        if not self.calendar_spec:
            return None
        return BusinessCalendar.from_spec(self.calendar_name or self.formula, self.calendar_spec)

    def is_overdue(self, now: datetime) -> bool:
        """A deadline still running has passed (the sweep may not have marked it yet)."""
        pending = self.pending_deadline()
        return pending is not None and now > pending[1]

    def pending_deadline(self) -> tuple[str, datetime] | None:
        """The next deadline still running (its key, due instant), or None.

        A deadline runs while its milestone is not reached and the Demande is
        open (a Demande not yet taken in charge is always open).
        """
        if not self.is_open:
            return None
        for deadline in DEADLINES:
            due = deadline.due(self)
            if due is not None and deadline.met(self) is None:
                return deadline.key, due
        return None


class DemandeEvent(models.Model):
    """One immutable line of a Demande's history: who did what, when (art. 12.2)."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Demande enregistrée")
        TAKEN_IN_CHARGE = "taken_in_charge", _("Prise en charge")
        ASSIGNED = "assigned", _("Attribuée")
        QUALIFIED = "qualified", _("Qualifiée")
        REQUALIFIED = "requalified", _("Requalifiée")
        ACTION_PLAN = "action_plan", _("Plan d'action communiqué")
        WORKAROUND = "workaround", _("Contournement fourni")
        FIX = "fix", _("Correctif fourni")
        RESOLVED = "resolved", _("Résolue")
        CLOSED = "closed", _("Clôturée")
        REOPENED = "reopened", _("Rouverte")
        COMMENTED = "commented", _("Réponse")
        NOTE = "note", _("Note interne")
        ATTACHED = "attached", _("Fichier joint")
        WARNED = "warned", _("Alerte d'échéance")
        BREACHED = "breached", _("Délai dépassé")
        # Téléassistance (art. 12.8; slots in learning/models/training.py).
        TELEASSISTANCE_PROPOSED = "tele_proposed", _("Téléassistance proposée")
        TELEASSISTANCE_CHOSEN = "tele_chosen", _("Créneau de téléassistance choisi")
        TELEASSISTANCE_OUTCOME = "tele_outcome", _("Compte rendu de téléassistance")

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=20, choices=Action.choices)
    is_public = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("événement de demande")
        verbose_name_plural = _("événements de demande")
        indexes = [models.Index(fields=["demande", "created_at"], name="demande_event_idx")]

    def __str__(self) -> str:
        return f"{self.demande_id} {self.action}"

    def save(self, *args, **kwargs):
        # The history is append-only: an event, once written, never changes.
        if self.pk is not None:
            raise ValueError("DemandeEvent is immutable")
        super().save(*args, **kwargs)


class Comment(models.Model):
    """A public reply (seen by the client) or an internal note (vendor staff only)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("note interne"), default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        constraints = [free_text_max_length("body", name="comment_body_max_length")]
        indexes = [models.Index(fields=["demande", "created_at"], name="comment_demande_idx")]

    def __str__(self) -> str:
        return f"{self.demande_id} {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    """A generated name: nothing the uploader typed reaches the file system."""
    return f"support/{instance.registered_year}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A screenshot or PDF joined to a Demande (art. 12.2), type checked by content."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return self.original_name

    @property
    def registered_year(self) -> int:
        return self.created_at.year

    @property
    def extension(self) -> str:
        from support.files import EXTENSIONS

        return EXTENSIONS.get(self.content_type, "")


class FilingIdempotencyKey(models.Model):
    """A key under which a person filed a Demande once (issue 16).

    The API's ``Idempotency-Key`` header and the browser form's one-time token
    both land here: the same key from the same person files one Demande, and a
    retry (after a timeout, a 503, a double click) gets that Demande back. The
    key is written in the filing's own transaction, so a refused filing frees it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # Null only inside the filing's transaction: the key is taken before the Demande exists.
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("clé d'idempotence de dépôt")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="filing_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key
