"""The accounts' audited actions and their French labels (art. 11; registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserAction(models.TextChoices):
    INVITED = "user.invited", _("Utilisateur invité")
    INVITATION_RESENT = "user.invitation_resent", _("Invitation renvoyée")
    ACTIVATED = "user.activated", _("Compte activé")
    DEACTIVATED = "user.deactivated", _("Compte désactivé")
    REACTIVATED = "user.reactivated", _("Compte réactivé")
    DELETED = "user.deleted", _("Compte supprimé")
    RIGHTS_CHANGED = "user.rights_changed", _("Droits modifiés")
    ROLE_CHANGED = "user.role_changed", _("Rôle modifié")
    API_TOKEN_CREATED = "user.api_token_created", _("Jeton d'API créé")
    API_TOKEN_REVOKED = "user.api_token_revoked", _("Jeton d'API révoqué")
