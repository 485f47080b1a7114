"""This app's audited actions and their French labels, registered at start-up."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "dataouverture.pack_enabled": _("Pack Data Ouverture activé"),
    "dataouverture.pack_withdrawn": _("Pack Data Ouverture retiré : accès révoqués"),
    "dataouverture.credential_created": _("Clé d'API créée"),
    "dataouverture.credential_rotated": _("Clé d'API renouvelée"),
    "dataouverture.credential_revoked": _("Clé d'API révoquée"),
    "dataouverture.api_call": _("Appel de l'API d'import"),
    "dataouverture.users_imported": _("Utilisateurs créés par import CSV"),
    "dataouverture.query_saved": _("Requête SQL enregistrée"),
    "dataouverture.query_deleted": _("Requête SQL supprimée"),
    "dataouverture.export_requested": _("Export de données demandé"),
    "dataouverture.snapshot_built": _("Base de données Data Access reconstruite"),
    "dataouverture.exchange_target_saved": _("GED tierce enregistrée (File Exchange)"),
    "dataouverture.connector_requested": _("Activation d'un connecteur demandée"),
}


def register() -> None:
    from portal.audit import actions

    actions.LABELS.update(LABELS)
