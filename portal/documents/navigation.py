"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry("documents:index", _("Documents"), lambda user: user.is_client),
]
