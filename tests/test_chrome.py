"""The page's chrome (portal/core/templatetags/portal_chrome.py): the top bar is
rendered once per distinct look, yet never shows a stale name or menu, and each
response carries its own CSRF token (issue 11)."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from portal.accounts.models import Role
from tests.factories import StaffFactory
from tests.support.factories import file

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


def test_a_cached_part_is_rendered_once_per_values_and_language():
    from django.template import Context, Template
    from django.utils import translation

    renders = []

    def body():
        renders.append(1)
        return len(renders)

    template = Template(
        '{% cached_part "test-part" 60 who %}{{ body }}·{{ who }}{% endcached_part %}'
    )
    first = template.render(Context({"body": body, "who": "Léa"}))
    assert template.render(Context({"body": body, "who": "Léa"})) == first
    assert template.render(Context({"body": body, "who": "Marc"})) == "2·Marc"
    with translation.override("en"):
        assert template.render(Context({"body": body, "who": "Léa"})) == "3·Léa"
    assert len(renders) == 3


def test_a_cached_part_keeps_each_response_s_csrf_token():
    from django.template import Context, Template

    template = Template(
        '{% cached_part "test-form" 60 %}<form>{% csrf_token %}</form>{% endcached_part %}'
    )
    one = template.render(Context({"csrf_token": "jeton-un"}))
    two = template.render(Context({"csrf_token": "jeton-deux"}))
    assert 'value="jeton-un"' in one
    assert 'value="jeton-deux"' in two


def test_an_agent_s_home_shows_their_own_name_and_figures(login, agent, client_user):
    """Cached per name and figures: another agent never gets someone else's page,
    and new figures show once the figures' own cache (10 s) has expired."""
    assert f"Bonjour {agent.first_name}." in login(agent).get(reverse("home")).content.decode()
    other = StaffFactory(first_name="Autre")
    page = login(other).get(reverse("home")).content.decode()
    assert "Bonjour Autre." in page and f"Bonjour {agent.first_name}." not in page
    waiting = int(re.search(r"(\d+) à prendre en charge", page).group(1))
    file(client_user)
    cache.delete(f"support:home-counts:staff:{other.pk}")  # as its 10 s expiry does
    page = login(other).get(reverse("home")).content.decode()
    assert f"{waiting + 1} à prendre en charge" in page


def test_the_token_s_placeholder_is_derived_from_the_secret_key():
    """No one can type it into a comment to have the CSRF token printed there."""
    from portal.core.fragments import TOKEN_PLACEHOLDER, _placeholder

    assert _placeholder(settings.SECRET_KEY) == TOKEN_PLACEHOLDER
    assert _placeholder("une autre clé") != TOKEN_PLACEHOLDER
