"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry("dataouverture:index", _("Data Ouverture"), lambda user: user.is_client_admin),
]
