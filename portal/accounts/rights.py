"""The rights a client administrator grants on the portal's features (art. 11).

One list for the whole portal: each feature's issue adds its right here.
Client administrators hold every right; vendor staff hold none of them (they
act through their own pages).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Right(models.TextChoices):
    FILE_DEMANDES = "file_demandes", _("Créer des demandes au support")
    SEE_ORG_DEMANDES = "see_org_demandes", _("Voir toutes les demandes de l'organisation")
    SEE_CONTRACT = "see_contract", _("Voir le contrat et les factures")
    SEE_DASHBOARDS = "see_dashboards", _("Voir les tableaux de bord")
    MANAGE_USERS = "manage_users", _("Gérer les utilisateurs et leurs droits")
    REQUEST_RESTORATION = "request_restoration", _("Demander une restauration d'environnement")


#: Rights a newly invited user gets unless the administrator chooses otherwise.
DEFAULT_USER_RIGHTS = (Right.FILE_DEMANDES,)
# The document space has no right (art. 11: "sans restriction possible de droit").


def clean_rights(values) -> list[str]:
    """Known rights only, in the canonical order, without duplicates."""
    wanted = set(values)
    return [right.value for right in Right if right.value in wanted]
