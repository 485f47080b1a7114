"""Service status ("Météo des offres SaaS"): what the vendor operates, its
maintenances, incidents and releases, and clients' restoration requests
(art. 5, 6, 9, 10).

A *service* is what the vendor operates ("Cegid Expert — production"); it is
linked to the catalogue's products, so an organisation sees the services of
the products on its contract. Writes go through ``portal.status.services``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """Something the vendor operates and clients depend on (a SaaS offer, an environment)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    products = models.ManyToManyField(
        "subscriptions.Product",
        blank=True,
        related_name="status_services",
        verbose_name=_("produits"),
        help_text=_("Les organisations abonnées à l'un de ces produits voient ce service."),
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(_("en service"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Maintenance(models.Model):
    """A maintenance announcement (art. 5).

    *Planned* maintenance is announced at least 48 h ahead and lies wholly in
    the maintenance window (nights 00:00–07:00, Sundays, public holidays);
    *urgent* maintenance may happen at any time, without notice.
    ``reminder_due_at`` is the stored timer of the reminder e-mail; the
    ``*_at`` notice columns are claimed with a conditional UPDATE so each
    notice goes out once. A cancelled maintenance stays on record but is no
    longer shown, reminded or reported.
    """

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Maintenance planifiée")
        URGENT = "urgent", _("Maintenance d'urgence")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    services = models.ManyToManyField(
        Service, related_name="maintenances", verbose_name=_("services concernés")
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    announced_at = models.DateTimeField(_("annoncée le"))
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annoncée par"),
    )
    notified_at = models.DateTimeField(_("annonce envoyée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminder_due_at = models.DateTimeField(_("rappel prévu le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("maintenance")
        verbose_name_plural = _("maintenances")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="maintenance_end")
        ]
        indexes = [
            models.Index(fields=["start", "end"]),
            models.Index(
                fields=["reminder_due_at"],
                condition=Q(reminded_at__isnull=True, reminder_due_at__isnull=False),
                name="maintenance_reminder_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_in_progress(self, now) -> bool:
        return self.start <= now < self.end

    @property
    def is_urgent(self) -> bool:
        return self.kind == self.Kind.URGENT


class Incident(models.Model):
    """An unavailability of an environment (art. 6).

    Only *counted* unavailability of the production environment enters TI;
    the other causes are the exclusions of art. 6 (i)–(v). An incident without
    ``end`` is ongoing. One with an ``organisation`` concerns that client only
    (e.g. its own equipment, art. 6 (iv)): only it sees it, and it enters
    neither other clients' reports nor the service-wide ones.
    """

    class Environment(models.TextChoices):
        PRODUCTION = "production", _("Production")
        OTHER = "other", _("Autre environnement (test, formation…)")

    class Cause(models.TextChoices):
        COUNTED = "counted", _("Indisponibilité décomptée")
        URGENT_MAINTENANCE = "urgent_maintenance", _("(ii) Maintenance d'urgence")
        FORCE_MAJEURE = "force_majeure", _("(iii) Force majeure")
        CLIENT_EQUIPMENT = "client_equipment", _("(iv) Équipement fourni par le client")
        OUTSIDE_PERIMETER = "outside_perimeter", _("(v) Système hors du périmètre du service")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    environment = models.CharField(
        _("environnement"),
        max_length=12,
        choices=Environment.choices,
        default=Environment.PRODUCTION,
    )
    services = models.ManyToManyField(
        Service, related_name="incidents", verbose_name=_("services touchés")
    )
    cause = models.CharField(
        _("catégorie de cause"), max_length=20, choices=Cause.choices, default=Cause.COUNTED
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_incidents",
        verbose_name=_("seule organisation concernée"),
        help_text=_(
            "Vide : tous les clients des services touchés. Sinon l'incident ne concerne que "
            "cette organisation (son équipement, son environnement) et elle seule le voit."
        ),
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")), name="incident_end"
            )
        ]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ongoing(self) -> bool:
        return self.end is None

    @property
    def is_counted(self) -> bool:
        """Enters TI (art. 6): counted cause, production environment."""
        return self.cause == self.Cause.COUNTED and self.environment == self.Environment.PRODUCTION


class Release(models.Model):
    """A new version or a patch (art. 10).

    Clients are told beforehand of the dates of new versions (not patches),
    and told when a version needs implementation services (training, settings).
    """

    class Kind(models.TextChoices):
        NEW_VERSION = "new_version", _("Nouvelle version")
        PATCH = "patch", _("Correctif")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    services = models.ManyToManyField(
        Service, related_name="releases", verbose_name=_("services concernés")
    )
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("titre"), max_length=200)
    release_date = models.DateField(_("date de mise à disposition"))
    notes = models.TextField(_("notes de version"), blank=True)
    needs_implementation_services = models.BooleanField(
        _("nécessite des prestations de mise en œuvre"), default=False
    )
    implementation_notes = models.TextField(
        _("prestations de mise en œuvre (formation, paramétrage)"), blank=True
    )
    announced_at = models.DateTimeField(_("annoncée le"))
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiée par"),
    )
    notified_at = models.DateTimeField(_("annonce envoyée le"), null=True, blank=True)

    class Meta:
        ordering = ["-release_date", "-announced_at"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.version} — {self.title}"

    @property
    def is_new_version(self) -> bool:
        return self.kind == self.Kind.NEW_VERSION


def release_upload_to(instance, filename: str) -> str:
    return f"status/releases/{instance.release.public_id}/{filename}"


class ReleaseDownload(models.Model):
    """A file or a link offered with a release (art. 10)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="downloads")
    label = models.CharField(_("libellé"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=release_upload_to, blank=True)
    url = models.URLField(_("adresse"), blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("téléchargement")
        verbose_name_plural = _("téléchargements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="release_download_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return self.label


class NoticePreference(models.Model):
    """A person's choice about status e-mails; without a row they receive them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="status_notice_preference"
    )
    receive_notices = models.BooleanField(
        _("recevoir les avis de maintenance et de nouvelle version"), default=True
    )
    updated_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("préférence d'avis")
        verbose_name_plural = _("préférences d'avis")

    def __str__(self) -> str:
        return str(self.user)


class RestorationRequest(models.Model):
    """A client's request to restore its environment to a restore point (art. 9).

    Filed at once as a customer-service Demande (category "restoration") in
    the support app, whose reference is kept in ``demande_reference``; the
    vendor handles it there and sets the status here (done, cancelled).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        FILED = "filed", _("Transmise au service client")
        DONE = "done", _("Effectuée")
        CANCELLED = "cancelled", _("Annulée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="restoration_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    restore_point = models.CharField(_("point de restauration"), max_length=4)
    restore_point_label = models.CharField(_("libellé du point"), max_length=120)
    target_date = models.DateField(_("état du"))
    comment = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    demande_reference = models.CharField(_("référence de la demande"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("demandée le"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande de restauration")
        verbose_name_plural = _("demandes de restauration")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.restore_point_label}"

    @property
    def is_open(self) -> bool:
        """Neither done nor cancelled yet: vendor staff can still record its outcome."""
        return self.status in (self.Status.REQUESTED, self.Status.FILED)
