"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 1000

ENTRIES: list[NavEntry] = [
    NavEntry("serviceaccounts:index", _("Comptes du service"), lambda u: u.is_client_admin),
    NavEntry(
        "serviceaccounts:queue", _("Comptes du service (éditeur)"), lambda u: u.is_vendor_staff
    ),
]
