"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry("status:weather", _("Météo"), lambda u: u.is_client),
    NavEntry("status:vendor_dashboard", _("Météo (éditeur)"), lambda u: u.is_vendor_staff),
]
