"""Data Ouverture's audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataOuvertureAction(models.TextChoices):
    PACK_ENABLED = "dataouverture.pack_enabled", _("Pack Data Ouverture activé")
    PACK_WITHDRAWN = (
        "dataouverture.pack_withdrawn",
        _("Pack Data Ouverture retiré : accès révoqués"),
    )
    CREDENTIAL_CREATED = "dataouverture.credential_created", _("Clé d'API créée")
    CREDENTIAL_ROTATED = "dataouverture.credential_rotated", _("Clé d'API renouvelée")
    CREDENTIAL_REVOKED = "dataouverture.credential_revoked", _("Clé d'API révoquée")
    API_CALL = "dataouverture.api_call", _("Appel de l'API d'import")
    USERS_IMPORTED = "dataouverture.users_imported", _("Utilisateurs créés par import CSV")
    QUERY_SAVED = "dataouverture.query_saved", _("Requête SQL enregistrée")
    QUERY_DELETED = "dataouverture.query_deleted", _("Requête SQL supprimée")
    EXPORT_REQUESTED = "dataouverture.export_requested", _("Export de données demandé")
    SNAPSHOT_BUILT = "dataouverture.snapshot_built", _("Base de données Data Access reconstruite")
    EXCHANGE_TARGET_SAVED = (
        "dataouverture.exchange_target_saved",
        _("GED tierce enregistrée (File Exchange)"),
    )
    CONNECTOR_REQUESTED = (
        "dataouverture.connector_requested",
        _("Activation d'un connecteur demandée"),
    )
