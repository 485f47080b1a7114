"""The main menu: each app registers its entries (``AppConfig.ready``), and the
menu reads them in one fixed order, whatever the order the apps start in. The
expected menus are the ones the hard-coded app list gave (issue 12)."""

import pytest

from portal.core import navigation

pytestmark = pytest.mark.django_db

CLIENT_USER = ["Accueil", "Mes demandes", "Documents", "Météo"]
CLIENT_ADMIN = [
    "Accueil",
    "Utilisateurs",
    "Journal d'audit",
    "Sécurité",
    "Mes demandes",
    "Tableau de bord",
    "Conformité",
    "Mon abonnement",
    "Documents",
    "Météo",
    "Base de connaissances",
    "Formation",
    "Data Ouverture",
    "Comptes du service",
]
AGENT = [
    "Accueil",
    "File du support",
    "Conformité",
    "Météo (éditeur)",
    "Base de connaissances",
    "Formation",
    "Comptes du service (éditeur)",
]
VENDOR_ADMIN = [
    "Accueil",
    "Organisations",
    "File du support",
    "Conformité",
    "Contrats",
    "Météo (éditeur)",
    "Base de connaissances",
    "Formation",
    "Comptes du service (éditeur)",
]


def labels(user) -> list[str]:
    return [str(item["label"]) for item in navigation.entries_for(user, "/")]


def test_a_client_user_s_menu(client_user):
    assert labels(client_user) == [*CLIENT_USER, "Base de connaissances", "Formation"]


def test_a_client_administrator_s_menu(client_admin):
    assert labels(client_admin) == CLIENT_ADMIN


def test_an_agent_s_menu(agent):
    assert labels(agent) == AGENT


def test_a_vendor_administrator_s_menu(vendor_admin):
    assert labels(vendor_admin) == VENDOR_ADMIN


def test_the_order_does_not_depend_on_the_order_apps_start_in(monkeypatch, client_admin):
    apps: dict[int, list] = {}
    for position, _order, entry in sorted(navigation._registry.values(), key=lambda row: row[1]):
        apps.setdefault(position, []).append(entry)
    monkeypatch.setattr(navigation, "_registry", {})
    for position in sorted(apps, reverse=True):
        navigation.register(*apps[position], position=position)
    assert labels(client_admin) == CLIENT_ADMIN


def test_registering_an_entry_again_replaces_it(monkeypatch):
    monkeypatch.setattr(navigation, "_registry", dict(navigation._registry))
    before = navigation.all_entries()
    navigation.register(*before, position=5000)
    assert len(navigation.all_entries()) == len(before)
