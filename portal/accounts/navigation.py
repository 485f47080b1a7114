"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.rights import Right
from portal.core.navigation import NavEntry

POSITION = 100

ENTRIES: list[NavEntry] = [
    NavEntry("accounts:team", _("Utilisateurs"), lambda u: u.has_right(Right.MANAGE_USERS)),
]
