"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.rights import Right
from portal.core.navigation import NavEntry

POSITION = 400

ENTRIES: list[NavEntry] = [
    NavEntry("support:list", _("Mes demandes"), lambda u: u.is_client),
    NavEntry("support:queue", _("File du support"), lambda u: u.is_vendor_staff),
    # Support reports (support/urls_reports.py): Private dashboard (art. 12.11),
    # take-in-charge compliance (art. 12.2).
    NavEntry(
        "support:dashboard",
        _("Tableau de bord"),
        lambda u: u.is_client and u.has_right(Right.SEE_DASHBOARDS),
    ),
    NavEntry(
        "support:compliance",
        _("Conformité"),
        lambda u: u.is_vendor_staff or u.has_right(Right.SEE_DASHBOARDS),
    ),
]
