"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = []

# Training part: the learning catalogue (art. 13), webassistances inside it.
ENTRIES += [NavEntry("learning:catalogue", _("Formation"), lambda u: True)]
