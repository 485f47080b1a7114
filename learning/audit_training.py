"""Audited actions of the training part, in French (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingAction(models.TextChoices):
    COMPLETED = "learning.completed", _("Contenu de formation terminé")
    QUIZ_ATTEMPT = "learning.quiz_attempt", _("Quiz tenté")
    POSTED = "learning.posted", _("Message publié au forum de formation")
    POST_HIDDEN = "learning.post_hidden", _("Message du forum masqué")
    DOWNLOADED = "learning.downloaded", _("Support de formation téléchargé")
    WEBASSISTANCE_SCHEDULED = "learning.webassistance_scheduled", _("Webassistance planifiée")
    WEBASSISTANCE_RESCHEDULED = "learning.webassistance_rescheduled", _("Webassistance déplacée")
    WEBASSISTANCE_CANCELLED = "learning.webassistance_cancelled", _("Webassistance annulée")
    WEBASSISTANCE_REGISTERED = (
        "learning.webassistance_registered",
        _("Inscription à une webassistance"),
    )
    WEBASSISTANCE_WAITING = (
        "learning.webassistance_waiting",
        _("Inscription en liste d'attente d'une webassistance"),
    )
    WEBASSISTANCE_UNREGISTERED = (
        "learning.webassistance_unregistered",
        _("Désinscription d'une webassistance"),
    )
    REPLAY_ATTACHED = "learning.replay_attached", _("Replay de webassistance publié")
