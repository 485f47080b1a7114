"""This app's entries in the main navigation (see portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

ENTRIES: list = []

# Knowledge base (art. 12.4): every signed-in person, every formula.
ENTRIES += [NavEntry("learning:kb_list", _("Base de connaissances"), lambda u: True)]
# Training part: the learning catalogue (art. 13), webassistances inside it.
ENTRIES += [NavEntry("learning:catalogue", _("Formation"), lambda u: True)]
