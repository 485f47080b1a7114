"""This app's entry in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 200

ENTRIES: list[NavEntry] = [
    NavEntry("audit:trail", _("Journal d'audit"), lambda u: u.is_client_admin),
]
