"""This app's entries in the main navigation (registered in apps.py, see
portal/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.navigation import NavEntry

POSITION = 800

ENTRIES: list[NavEntry] = [
    # Knowledge base (art. 12.4): every signed-in person, every formula.
    NavEntry("learning:kb_list", _("Base de connaissances"), lambda u: True),
    # Training part: the learning catalogue (art. 13), webassistances inside it.
    NavEntry("learning:catalogue", _("Formation"), lambda u: True),
]
