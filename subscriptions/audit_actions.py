"""The subscriptions' audited actions and their French labels (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionAction(models.TextChoices):
    ORDER = "subscriptions.order", _("Commande enregistrée")
    OVERAGE = "subscriptions.overage", _("Dépassement régularisé par commande")
    ACCESS_CODES_SENT = "subscriptions.access_codes_sent", _("Codes d'accès communiqués")
    END_LINE = "subscriptions.end_line", _("Ligne de contrat arrêtée")
    CHANGE_LINES = "subscriptions.change_lines", _("Lignes de contrat réduites ou arrêtées")
    INVOICE_ISSUED = "subscriptions.invoice_issued", _("Facture émise")
    NOTICE = "subscriptions.notice", _("Dénonciation du contrat enregistrée")
    OVERAGE_DETECTED = "subscriptions.overage_detected", _("Dépassement détecté")
    OVERAGE_CONFIRMED = "subscriptions.overage_confirmed", _("Dépassement confirmé")
    EXTENSION_ORDERED = "subscriptions.extension_ordered", _("Extension de stockage commandée")
