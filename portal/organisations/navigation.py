"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 300

ENTRIES: list[NavEntry] = [
    NavEntry("organisations:security", _("Sécurité"), lambda u: u.is_client_admin),
    NavEntry("organisations:vendor_list", _("Organisations"), lambda u: u.is_vendor_admin),
]
