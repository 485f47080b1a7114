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

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        stem = self.query.name if self.query_id else "export"
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60]
        return f"{safe}-{self.requested_at:%Y%m%d-%H%M}.{self.format}"
