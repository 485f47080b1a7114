"""The navigation: each entry says who may see it, so menus show only what the
user may use. Later issues append their entries to ``ENTRIES``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.rights import Right


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    visible: Callable


ENTRIES: list[NavEntry] = [
    NavEntry("home", _("Accueil"), lambda u: True),
    NavEntry("accounts:team", _("Utilisateurs"), lambda u: u.has_right(Right.MANAGE_USERS)),
    NavEntry("audit:trail", _("Journal d'audit"), lambda u: u.is_client_admin),
    NavEntry("organisations:security", _("Sécurité"), lambda u: u.is_client_admin),
    NavEntry("organisations:vendor_list", _("Organisations"), lambda u: u.is_vendor_admin),
]


APP_NAVIGATION = (
    "support.navigation",
    "subscriptions.navigation",
    "portal.documents.navigation",
    "portal.status.navigation",
    "learning.navigation",
    "dataouverture.navigation",
    "portal.serviceaccounts.navigation",
)


def all_entries() -> list[NavEntry]:
    from importlib import import_module

    entries = list(ENTRIES)
    for module in APP_NAVIGATION:
        entries.extend(import_module(module).ENTRIES)
    return entries


def entries_for(user, current_path: str):
    items = []
    for entry in all_entries():
        if not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": entry.label, "active": active})
    return items
