"""This app's audited actions and their French labels, registered at start-up."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "serviceaccounts.instruction_submitted": _("Instruction sur un compte du service transmise"),
    "serviceaccounts.instruction_done": _("Instruction sur un compte du service exécutée"),
    "serviceaccounts.password_viewed": _("Mot de passe initial d'un compte du service consulté"),
}


def register() -> None:
    from portal.audit import actions

    actions.LABELS.update(LABELS)
