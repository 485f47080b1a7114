"""An immutable trail of every state change: who did what to whom, when (art. 11)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Labels are copied so the trail stays readable after an account is deleted.
    actor_label = models.CharField(_("auteur"), max_length=254)
    action = models.CharField(_("action"), max_length=60)
    target_label = models.CharField(_("objet"), max_length=254, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)
    # Vendor-side facts (an internal note on a Demande, say) stay out of the
    # trail the client's administrators read.
    internal = models.BooleanField(_("interne à l'éditeur"), default=False)
    created_at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
