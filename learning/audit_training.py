"""Audited actions of the training part, in French (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "learning.completed": _("Contenu de formation terminé"),
    "learning.quiz_attempt": _("Quiz tenté"),
    "learning.posted": _("Message publié au forum de formation"),
    "learning.post_hidden": _("Message du forum masqué"),
    "learning.downloaded": _("Support de formation téléchargé"),
    "learning.webassistance_scheduled": _("Webassistance planifiée"),
    "learning.webassistance_rescheduled": _("Webassistance déplacée"),
    "learning.webassistance_cancelled": _("Webassistance annulée"),
    "learning.webassistance_registered": _("Inscription à une webassistance"),
    "learning.webassistance_waiting": _("Inscription en liste d'attente d'une webassistance"),
    "learning.webassistance_unregistered": _("Désinscription d'une webassistance"),
    "learning.replay_attached": _("Replay de webassistance publié"),
}
