"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 700

ENTRIES: list[NavEntry] = [
    NavEntry("status:weather", _("Météo"), lambda u: u.is_client),
    NavEntry("status:vendor_dashboard", _("Météo (éditeur)"), lambda u: u.is_vendor_staff),
]
