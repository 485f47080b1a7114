"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 900

ENTRIES: list[NavEntry] = [
    NavEntry("dataouverture:index", _("Data Ouverture"), lambda user: user.is_client_admin),
]
