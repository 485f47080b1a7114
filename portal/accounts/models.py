"""People who use the portal.

A client person belongs to exactly one organisation, as a user
(``Utilisateur``) or an administrator; vendor staff (support agents, vendor
administrators) belong to none. Accounts are never given a password: they are
activated through a one-time invitation link (art. 11).
"""

import hashlib
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.rights import Right


class Role(models.TextChoices):
    CLIENT_USER = "client_user", _("Utilisateur")
    CLIENT_ADMIN = "client_admin", _("Administrateur")
    AGENT = "agent", _("Agent du support")
    VENDOR_ADMIN = "vendor_admin", _("Administrateur éditeur")


CLIENT_ROLES = (Role.CLIENT_USER, Role.CLIENT_ADMIN)
STAFF_ROLES = (Role.AGENT, Role.VENDOR_ADMIN)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(
            role=Role.VENDOR_ADMIN,
            is_staff=True,
            is_superuser=True,
            is_active=True,
        )
        fields.setdefault("activated_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invité")
        ACTIVE = "active", _("Actif")
        DEACTIVATED = "deactivated", _("Désactivé")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("adresse e-mail"), max_length=254, unique=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    rights = models.JSONField(_("droits"), default=list, blank=True)
    is_active = models.BooleanField(_("actif"), default=False)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("créé le"), default=timezone.now)
    activated_at = models.DateTimeField(_("activé le"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    #: Set when the account was deleted but had filed Demandes: the row stays, under
    #: a pseudonym, so that they stay traceable (art. 12.2) without the person's data.
    pseudonymised_at = models.DateTimeField(_("pseudonymisé le"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=CLIENT_ROLES, organisation__isnull=False)
                    | Q(role__in=STAFF_ROLES, organisation__isnull=True)
                ),
                name="user_role_matches_organisation",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role", "is_active"])]

    def __str__(self) -> str:
        return User.name_of(self.first_name, self.last_name, self.email)

    @staticmethod
    def name_of(first_name: str | None, last_name: str | None, email: str | None) -> str:
        """How the portal names a person: the full name, else the e-mail address
        (also for lists read as plain values, support/list_rows.py)."""
        return f"{first_name or ''} {last_name or ''}".strip() or (email or "")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def status(self) -> str:
        if self.is_active:
            return self.Status.ACTIVE
        return self.Status.INVITED if self.activated_at is None else self.Status.DEACTIVATED

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_client(self) -> bool:
        return self.role in CLIENT_ROLES

    @property
    def is_client_admin(self) -> bool:
        return self.role == Role.CLIENT_ADMIN

    @property
    def is_vendor_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_agent(self) -> bool:
        return self.role == Role.AGENT

    @property
    def is_vendor_admin(self) -> bool:
        return self.role == Role.VENDOR_ADMIN

    def has_right(self, right: str) -> bool:
        """Client administrators hold every right; users hold those granted (art. 11)."""
        if self.role == Role.CLIENT_ADMIN:
            return True
        return self.role == Role.CLIENT_USER and right in self.rights

    def effective_rights(self) -> list[str]:
        return [right.value for right in Right if self.has_right(right)]


class Invitation(models.Model):
    """A one-time, expiring link that activates an account (art. 11).

    Only a hash of the token is stored: the link in the e-mail is the only copy.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"Invitation {self.user.email}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
