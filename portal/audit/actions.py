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


LABELS.update(
    {
        "document.uploaded": _("Document déposé"),
        "document.replaced": _("Nouvelle version d'un document"),
        "document.restored": _("Document restauré depuis la sauvegarde"),
        "document.updated": _("Document renommé ou déplacé"),
        "document.deleted": _("Document mis à la corbeille"),
        "document.restored_from_trash": _("Document restauré depuis la corbeille"),
        "document.purged": _("Document purgé de la corbeille"),
        "document.downloaded": _("Document téléchargé"),
        "document.private_space_purged": _("Espace privé d'un compte supprimé vidé"),
        "folder.created": _("Dossier créé"),
        "folder.updated": _("Dossier renommé ou déplacé"),
        "folder.deleted": _("Dossier supprimé"),
        "subscriptions.order": _("Commande enregistrée"),
        "subscriptions.overage": _("Dépassement régularisé par commande"),
        "subscriptions.access_codes_sent": _("Codes d'accès communiqués"),
        "subscriptions.end_line": _("Ligne de contrat arrêtée"),
        "subscriptions.change_lines": _("Lignes de contrat réduites ou arrêtées"),
        "subscriptions.invoice_issued": _("Facture émise"),
        "subscriptions.notice": _("Dénonciation du contrat enregistrée"),
        "subscriptions.overage_detected": _("Dépassement détecté"),
        "subscriptions.overage_confirmed": _("Dépassement confirmé"),
        "subscriptions.extension_ordered": _("Extension de stockage commandée"),
    }
)


def label(action: str) -> str:
    """French label of an audited action; a Demande's events take their timeline label."""
    if action in LABELS:
        return str(LABELS[action])
    app, _dot, name = action.partition(".")
    if app == "support":
        from support.models import DemandeEvent

        if name in DemandeEvent.Action.values:
            return str(DemandeEvent.Action(name).label)
    return action
