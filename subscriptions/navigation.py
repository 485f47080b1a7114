"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.rights import Right
from portal.core.navigation import NavEntry

POSITION = 500

ENTRIES: list[NavEntry] = [
    NavEntry("subscriptions:mine", _("Mon abonnement"), lambda u: u.has_right(Right.SEE_CONTRACT)),
    NavEntry("subscriptions:vendor_contracts", _("Contrats"), lambda u: u.is_vendor_admin),
]
