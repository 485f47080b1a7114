"""The service status' audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusAction(models.TextChoices):
    MAINTENANCE_PLANNED = "status.maintenance_planned", _("Maintenance planifiée annoncée")
    MAINTENANCE_URGENT = "status.maintenance_urgent", _("Maintenance d'urgence annoncée")
    MAINTENANCE_CANCELLED = "status.maintenance_cancelled", _("Maintenance annulée")
    INCIDENT_RECORDED = "status.incident_recorded", _("Incident enregistré")
    INCIDENT_CLOSED = "status.incident_closed", _("Incident clos")
    RELEASE_PUBLISHED = "status.release_published", _("Version publiée")
    NOTICES_ON = "status.notices_on", _("Avis de la météo activés")
    NOTICES_OFF = "status.notices_off", _("Avis de la météo désactivés")
    RESTORATION_REQUESTED = "status.restoration_requested", _("Restauration demandée")
    RESTORATION_DONE = "status.restoration_done", _("Restauration effectuée")
    RESTORATION_CANCELLED = "status.restoration_cancelled", _("Demande de restauration annulée")
