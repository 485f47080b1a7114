"""The service accounts' audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceAccountAction(models.TextChoices):
    INSTRUCTION_SUBMITTED = (
        "serviceaccounts.instruction_submitted",
        _("Instruction sur un compte du service transmise"),
    )
    INSTRUCTION_DONE = (
        "serviceaccounts.instruction_done",
        _("Instruction sur un compte du service exécutée"),
    )
    PASSWORD_VIEWED = (
        "serviceaccounts.password_viewed",
        _("Mot de passe initial d'un compte du service consulté"),
    )
