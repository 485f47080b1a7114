"""The navigation: each entry says who may see it, so menus show only what the
user may use.

The platform lists no feature: every app registers its entries from its
``AppConfig.ready()`` with a ``position`` (lower first; entries of one
position keep their order), so the menu reads the same whatever order the
apps start in::

    navigation.register(NavEntry("support:list", _("Mes demandes"), ...), position=400)

Positions in use: 0 home, 100 accounts, 200 audit, 300 organisations,
400 support, 500 subscriptions, 600 documents, 700 status, 800 learning,
900 Data Ouverture, 1000 service accounts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    visible: Callable


HOME_ENTRY = NavEntry("home", _("Accueil"), lambda u: True)

#: url name → (position, order of registration, entry).
_registry: dict[str, tuple[int, int, NavEntry]] = {}


#: ``all_entries()`` as sorted for (registry, registrations so far).
_sorted: tuple[int, int, list[NavEntry]] = (0, 0, [])
_registrations = 0


def register(*entries: NavEntry, position: int) -> None:
    """Add an app's entries to the menu; registering one URL again replaces it."""
    for entry in entries:
        known = _registry.get(entry.url_name)
        order = known[1] if known else len(_registry)
        _registry[entry.url_name] = (position, order, entry)
    global _registrations
    _registrations += 1


def all_entries() -> list[NavEntry]:
    return list(_entries())


def _entries() -> list[NavEntry]:
    """The entries in menu order, sorted once per change of the registry."""
    global _sorted
    registry, registrations, entries = _sorted
    if (registry, registrations) != (id(_registry), _registrations):
        entries = [entry for _position, _order, entry in sorted(_registry.values(), key=_rank)]
        _sorted = (id(_registry), _registrations, entries)
    return entries


def label_of(url_name: str) -> str | Promise:
    return _registry[url_name][2].label


def _rank(row: tuple[int, int, NavEntry]) -> tuple[int, int]:
    return row[0], row[1]


#: (urlconf, script prefix, url name) → its URL, or None: reversing every entry
#: on every page was a tenth of an empty page's CPU time (issue 11).
_urls: dict[tuple[str, str, str], str | None] = {}


def url_of(url_name: str) -> str | None:
    return _url_in(reversal_context(), url_name)


def reversal_context() -> tuple[str, str]:
    """The URLconf and script prefix a URL is reversed in."""
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def _url_in(where: tuple[str, str], url_name: str) -> str | None:
    key = (*where, url_name)
    if key not in _urls:
        try:
            _urls[key] = reverse(url_name)
        except NoReverseMatch:
            _urls[key] = None
    return _urls[key]


def entries_for(user, current_path: str) -> list[dict]:
    where = reversal_context()  # read once: each read is a context-local lookup
    items = []
    for entry in _entries():
        if not entry.visible(user):
            continue
        url = _url_in(where, entry.url_name)
        if url is None:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"name": entry.url_name, "url": url, "label": entry.label, "active": active})
    return items
