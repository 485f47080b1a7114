"""The Data Ouverture pack's services (art. 17): import API credentials, Data
Access (SQL over a per-organisation snapshot) and its exports.

Every object belongs to one organisation; selectors scope every lookup to the
caller's organisation and answer 404 otherwise.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiCredential(models.Model):
    """A key for a machine, not a person (art. 17, 1. "APIs en import").

    Calls act on behalf of the administrator who created it (documents are
    deposited in their name; the audit trail names the credential too): when
    that person's account is deactivated the credential stops working, as
    their own API tokens do (art. 11).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_credentials"
    )
    name = models.CharField(_("nom"), max_length=100)
    scopes = models.JSONField(_("autorisations"), default=list)
    ip_ranges = models.JSONField(_("plages d'adresses autorisées"), default=list, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("appels par minute"), default=60)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="api_credentials"
    )
    created_at = models.DateTimeField(_("créée le"))
    expires_at = models.DateTimeField(_("expire le"), db_index=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_reason = models.CharField(_("motif de révocation"), max_length=200, blank=True)
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("dernière adresse"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="api_credential_name_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"clé d'API « {self.name} »"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class ApiSecret(models.Model):
    """One secret of a credential, stored as a SHA-256 digest only.

    A rotation adds a new secret and gives the previous one ``valid_until``:
    both work during the overlap, so machines can be updated without downtime.
    """

    credential = models.ForeignKey(ApiCredential, on_delete=models.CASCADE, related_name="secrets")
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"do_{self.prefix}_…"


class ImportRequest(models.Model):
    """An import call made with an ``Idempotency-Key``: a retry gets the stored answer."""

    credential = models.ForeignKey(ApiCredential, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=50)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "key"], name="import_request_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.credential_id}:{self.key}"


class DataSnapshot(models.Model):
    """Cegid Data Access (art. 17, 2.): the organisation's own data in a SQLite file.

    Built by a Celery job from that organisation's rows only; queries run
    there, never on the portal's database. ``build_requested_at`` is the
    stored timer the sweep claims.
    """

    class Status(models.TextChoices):
        NONE = "none", _("Jamais construite")
        BUILDING = "building", _("En construction")
        READY = "ready", _("Prête")
        FAILED = "failed", _("Échec")

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="data_snapshot"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NONE)
    path = models.CharField(max_length=500, blank=True)
    build_requested_at = models.DateTimeField(null=True, blank=True, db_index=True)
    build_started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(_("données du"), null=True, blank=True)
    row_counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_status_display()}"


class SavedQuery(models.Model):
    """A read-only SQL query over the snapshot, run on demand or on a schedule."""

    class Schedule(models.TextChoices):
        NONE = "", _("À la demande")
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        PARQUET = "parquet", "Parquet"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="saved_queries"
    )
    name = models.CharField(_("nom"), max_length=100)
    sql = models.TextField(_("requête SQL"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default="csv")
    schedule = models.CharField(
        _("planification"), max_length=10, choices=Schedule.choices, blank=True
    )
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(_("suspendue le"), null=True, blank=True)
    paused_reason = models.CharField(max_length=200, blank=True)
    #: Each finished export is also sent to the File Exchange target (art. 17, 3.).
    push_to_ged = models.BooleanField(_("envoyer aussi vers la GED"), default=False)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="saved_query_name_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class QueryExport(models.Model):
    """One run of a query into a file, fetched through an expiring link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    class GedStatus(models.TextChoices):
        NONE = "", _("Non demandé")
        SENT = "sent", _("Envoyé vers la GED")
        FAILED = "failed", _("Échec de l'envoi vers la GED")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="query_exports"
    )
    query = models.ForeignKey(
        SavedQuery, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    sql = models.TextField()
    format = models.CharField(max_length=10, choices=SavedQuery.Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    requested_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    rows = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    #: Sending the file to the GED: never asked (""), sent, or failed with a French reason.
    ged_status = models.CharField(max_length=10, choices=GedStatus.choices, blank=True)
    ged_path = models.CharField(max_length=1000, blank=True)
    ged_error = models.CharField(max_length=500, blank=True)
    ged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        stem = self.query.name if self.query_id else "export"
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60]
        return f"{safe}-{self.requested_at:%Y%m%d-%H%M}.{self.format}"


class ExchangeTarget(models.Model):
    """Cegid File Exchange (art. 17, 3.): the organisation's third-party GED.

    WebDAV (Nextcloud, SharePoint-compatible) or S3-compatible storage. The
    secret (password or secret access key) is stored encrypted with
    :mod:`portal.core.crypto`. ``next_run_at`` is the nightly timer swept by beat.
    """

    class Kind(models.TextChoices):
        WEBDAV = "webdav", _("WebDAV (Nextcloud, SharePoint compatible)")
        S3 = "s3", _("Stockage compatible S3")

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="exchange_target"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("adresse du serveur"), max_length=500)
    bucket = models.CharField(_("bucket (S3)"), max_length=100, blank=True)
    remote_folder = models.CharField(_("dossier distant"), max_length=300, blank=True)
    username = models.CharField(_("identifiant ou clé d'accès"), max_length=200)
    secret_encrypted = models.TextField()
    folders = models.JSONField(_("dossiers exportés"), default=list, blank=True)
    nightly = models.BooleanField(_("export chaque nuit"), default=True)
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_reason = models.CharField(max_length=200, blank=True)
    tested_at = models.DateTimeField(_("connexion testée le"), null=True, blank=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.url}"


class ExchangeRun(models.Model):
    """One export to the GED: a log of files sent, skipped, failed, with reasons."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        RETRY = "retry", _("Nouvel essai prévu")
        SUCCEEDED = "succeeded", _("Réussi")
        FAILED = "failed", _("Échec")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target = models.ForeignKey(ExchangeTarget, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=10, default="manual")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempt = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.target} {self.requested_at:%Y-%m-%d %H:%M}"


class ExchangeRunItem(models.Model):
    class Outcome(models.TextChoices):
        SENT = "sent", _("Envoyé")
        SKIPPED = "skipped", _("Inchangé")
        FAILED = "failed", _("Échec")

    run = models.ForeignKey(ExchangeRun, on_delete=models.CASCADE, related_name="items")
    path = models.CharField(max_length=1000)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.path}: {self.outcome}"


class ExchangedFile(models.Model):
    """What the GED holds: a file is sent again only when its checksum changed."""

    target = models.ForeignKey(ExchangeTarget, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    remote_path = models.CharField(max_length=1000)
    checksum = models.CharField(max_length=64)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target", "document"], name="exchanged_file_once_per_target"
            )
        ]

    def __str__(self) -> str:
        return self.remote_path


class Connector(models.Model):
    """A partner connector of the Cegid Expert ecosystem (art. 17, 4.), kept by vendor staff."""

    class Package(models.TextChoices):
        STANDARD = "standard", _("Package Standard")
        DATA_OUVERTURE = "data_ouverture", _("Package Data Ouverture")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.CharField(_("éditeur partenaire"), max_length=150)
    name = models.CharField(_("connecteur"), max_length=150)
    product = models.ForeignKey(
        "subscriptions.Product",
        on_delete=models.PROTECT,
        related_name="connectors",
        verbose_name=_("produit connecté"),
    )
    description = models.TextField(_("ce qu'il fait"))
    package = models.CharField(_("package"), max_length=20, choices=Package.choices)
    partner_url = models.URLField(_("page du partenaire"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("connecteur")
        verbose_name_plural = _("connecteurs")

    def __str__(self) -> str:
        return f"{self.partner} — {self.name}"

    @property
    def needs_pack(self) -> bool:
        return self.package == self.Package.DATA_OUVERTURE
