"""An outbox of e-mails: written in the same transaction as the change that
causes them, sent by Celery after commit, and swept by beat so that none is
lost when the broker or the worker is down, and none is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    to = models.JSONField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # What caused it, for idempotence: one e-mail per (kind, key).
    kind = models.CharField(max_length=60)
    dedup_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("e-mail sortant")
        verbose_name_plural = _("e-mails sortants")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.subject


def free_text_max_length(field: str, *, name: str) -> models.CheckConstraint:
    """The database's guard on a free text's length (issue 14): forms and API say
    it first, in French; this keeps any other writer within the same limit."""
    from django.db.models.functions import Length
    from django.db.models.lookups import LessThanOrEqual

    from portal.core.text import FREE_TEXT_MAX_LENGTH

    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), FREE_TEXT_MAX_LENGTH), name=name
    )


class BeatLock(models.Model):
    """Who runs the periodic tasks: exactly one beat at a time (issue 16).

    The holder renews its lease at every tick; a second beat started by
    mistake finds the lease held and idles, and takes over only once the lease
    has expired (the first beat died). See ``portal/core/beat.py``.
    """

    name = models.CharField(max_length=60, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("verrou du planificateur")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"


class NumberSequence(models.Model):
    """The last number given in a gapless yearly sequence: Demande references
    (``D-2026-000123``) and invoice numbers (``F-2026-000042``, numbered without
    gaps as French invoicing rules require). Written only by
    ``portal/core/numbering.py``."""

    name = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("séquence de numérotation")
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="number_sequence_name_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.last_number}"
