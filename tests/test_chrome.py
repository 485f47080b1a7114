"""The page's chrome (portal/core/templatetags/portal_chrome.py): the top bar is
rendered once per distinct look, yet never shows a stale name or menu, and each
response carries its own CSRF token (issue 11)."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import Role

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _topbar(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="topbar">') : html.index("</header>")]


def test_a_renamed_person_sees_the_new_name_on_the_next_page(login, client_user):
    browser = login(client_user)
    assert client_user.full_name in _topbar(browser.get(reverse("home")))
    client_user.first_name, client_user.last_name = "Léa", "Nouveau-Nom"
    client_user.save(update_fields=["first_name", "last_name"])
    bar = _topbar(browser.get(reverse("home")))
    assert "Léa Nouveau-Nom" in bar
    assert client_user.organisation.name in bar


def test_the_menu_marks_the_page_being_read(login, client_user):
    browser = login(client_user)
    home = _topbar(browser.get(reverse("home")))
    mine = _topbar(browser.get(reverse("support:list")))
    assert re.search(r'href="/"[^>]*aria-current="page"', home)
    assert not re.search(r'href="/"[^>]*aria-current="page"', mine)
    listed = reverse("support:list")
    assert re.search(rf'href="{listed}"[^>]*aria-current="page"', mine)


def test_a_change_of_rights_changes_the_menu(login, client_user):
    browser = login(client_user)
    assert "Journal d&#x27;audit" not in _topbar(browser.get(reverse("home")))
    client_user.role = Role.CLIENT_ADMIN
    client_user.save(update_fields=["role"])
    assert "Journal d&#x27;audit" in _topbar(browser.get(reverse("home")))


def test_the_logout_form_carries_this_response_s_token_and_works(client, login, client_user):
    browser = login(client_user)
    response = browser.get(reverse("home"))
    (token,) = TOKEN.findall(_topbar(response))
    assert f'"X-CSRFToken": "{token}"' in response.content.decode()
    other = TOKEN.findall(_topbar(browser.get(reverse("home"))))[0]
    assert other != token  # masked afresh for each response, as Django does
    browser.handler.enforce_csrf_checks = True
    logout = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert logout.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_an_anonymous_visitor_gets_the_bar_without_menu(client):
    bar = _topbar(client.get(reverse("account_login")))
    assert "Portail client" in bar
    assert "Se déconnecter" not in bar
