"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry("support:list", _("Mes demandes"), lambda u: u.is_client),
    NavEntry("support:queue", _("File du support"), lambda u: u.is_vendor_staff),
]

# Support reports (support/urls_reports.py): compliance (art. 12.2), Private dashboard (art. 12.11).
from portal.accounts.rights import Right  # noqa: E402

ENTRIES += [
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
