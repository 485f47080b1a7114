"""The organisations' audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationAction(models.TextChoices):
    CREATED = "organisation.created", _("Organisation créée")
    # Kept for the rows already written: the trail stays readable.
    UPDATED = "organisation.updated", _("Organisation modifiée")
    MFA_REQUIRED = "organisation.mfa_required", _("Double authentification rendue obligatoire")
    MFA_OPTIONAL = "organisation.mfa_optional", _("Double authentification rendue facultative")
    DOSSIER_CREATED = "dossier.created", _("Dossier client créé")
