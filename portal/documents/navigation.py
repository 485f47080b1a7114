"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 600

ENTRIES: list[NavEntry] = [
    NavEntry("documents:index", _("Documents"), lambda user: user.is_client),
]
