"""The audited actions and how they read in French."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "organisation.created": _("Organisation créée"),
    "organisation.updated": _("Organisation modifiée"),
    "organisation.mfa_required": _("Double authentification rendue obligatoire"),
    "organisation.mfa_optional": _("Double authentification rendue facultative"),
    "dossier.created": _("Dossier client créé"),
    "user.invited": _("Utilisateur invité"),
    "user.invitation_resent": _("Invitation renvoyée"),
    "user.activated": _("Compte activé"),
    "user.deactivated": _("Compte désactivé"),
    "user.reactivated": _("Compte réactivé"),
    "user.deleted": _("Compte supprimé"),
    "user.rights_changed": _("Droits modifiés"),
    "user.role_changed": _("Rôle modifié"),
    "user.api_token_created": _("Jeton d'API créé"),
    "user.api_token_revoked": _("Jeton d'API révoqué"),
    "status.maintenance_planned": _("Maintenance planifiée annoncée"),
    "status.maintenance_urgent": _("Maintenance d'urgence annoncée"),
    "status.maintenance_cancelled": _("Maintenance annulée"),
    "status.incident_recorded": _("Incident enregistré"),
    "status.incident_closed": _("Incident clos"),
    "status.release_published": _("Version publiée"),
    "status.notices_on": _("Avis de la météo activés"),
    "status.notices_off": _("Avis de la météo désactivés"),
    "status.restoration_requested": _("Restauration demandée"),
}


def label(action: str) -> str:
    return str(LABELS.get(action, action))
