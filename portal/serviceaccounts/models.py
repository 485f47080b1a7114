"""System and application accounts of the production service (art. 11).

Client administrators do not create these accounts themselves: they send
instructions (create, delete, reset the password, deactivate at once after a
theft or loss) that vendor staff carry out. Each instruction is filed as a
customer-service Demande of the category "Comptes du service".
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceAccount(models.Model):
    """One account of the production service, in the organisation's inventory."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("Compte système")
        APPLICATION = "application", _("Compte applicatif")

    class Status(models.TextChoices):
        # Until the vendor has created it: the create instruction is pending.
        REQUESTED = "requested", _("Création demandée")
        ACTIVE = "active", _("Actif")
        DEACTIVATED = "deactivated", _("Désactivé")
        DELETED = "deleted", _("Supprimé")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="service_accounts",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    login = models.CharField(_("identifiant"), max_length=150)
    holder = models.CharField(_("destinataire"), max_length=150)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    created_at = models.DateTimeField(_("demandé le"))

    class Meta:
        ordering = ["login"]
        verbose_name = _("compte du service")
        verbose_name_plural = _("comptes du service")
        indexes = [models.Index(fields=["organisation", "kind", "status"])]

    def __str__(self) -> str:
        return self.login


class Instruction(models.Model):
    """A client administrator's instruction on a service account, and its outcome."""

    class Action(models.TextChoices):
        CREATE = "create", _("Création")
        DELETE = "delete", _("Suppression")
        RESET_PASSWORD = "reset_password", _("Réinitialisation du mot de passe")
        DEACTIVATE = "deactivate", _("Désactivation immédiate (vol ou perte)")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        DONE = "done", _("Effectuée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(
        ServiceAccount,
        on_delete=models.CASCADE,
        related_name="instructions",
        verbose_name=_("compte"),
    )
    action = models.CharField(_("instruction"), max_length=16, choices=Action.choices)
    urgent = models.BooleanField(_("urgente"), default=False)
    comment = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("statut"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    requested_at = models.DateTimeField(_("demandée le"))
    demande = models.OneToOneField(
        "support.Demande",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_account_instruction",
        verbose_name=_("demande"),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effectuée par"),
    )
    done_at = models.DateTimeField(_("effectuée le"), null=True, blank=True)
    outcome_note = models.TextField(_("compte rendu"), blank=True)
    # The initial password (create, reset) is kept encrypted (portal/core/crypto.py)
    # until the client administrator views it once through a link whose token is
    # stored hashed; viewing or expiry leaves nothing to decrypt.
    password_encrypted = models.TextField(blank=True)
    password_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    password_expires_at = models.DateTimeField(null=True, blank=True)
    password_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("instruction sur un compte du service")
        verbose_name_plural = _("instructions sur les comptes du service")
        indexes = [models.Index(fields=["status", "-urgent", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.account}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def sets_password(self) -> bool:
        return self.action in (self.Action.CREATE, self.Action.RESET_PASSWORD)
