"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry("serviceaccounts:index", _("Comptes du service"), lambda u: u.is_client_admin),
    NavEntry(
        "serviceaccounts:queue", _("Comptes du service (éditeur)"), lambda u: u.is_vendor_staff
    ),
]
