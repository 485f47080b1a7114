"""Every main page, for each kind of person, fits a 390 px phone and a
1280 px desktop: the page never scrolls sideways (a wide table scrolls inside
its own box) and, on a phone, the navigation is a menu to open."""

import pytest
from django.core.management import call_command

from portal.core.demo import DEMO_PASSWORD
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    browser,
    fresh_totp_code,
    log_in,
    new_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {
    "client": ("user@durand.demo", False),
    "administrator": ("admin@lefevre.demo", False),
    "agent": ("agent1@editeur.demo", True),
    "vendor": ("admin@editeur.demo", True),
}
#: Pages reached from a list rather than from the menu: (list path, link selector).
INVOICE_LINK = "a[href*='/abonnement/factures/']:not([href$='/pdf/'])"
DETAIL_PAGES = {
    "client": [("/demandes/", "table a[href^='/demandes/D-']")],
    "administrator": [
        ("/demandes/?scope=organisation", "table a[href^='/demandes/D-']"),
        ("/abonnement/", INVOICE_LINK),
    ],
    "agent": [("/support/file/", "table a[href^='/demandes/D-']")],
    "vendor": [
        ("/editeur/organisations/", "main table a[href^='/editeur/organisations/']"),
        ("/editeur/contrats/", "main table a[href^='/editeur/contrats/']"),
    ],
}


@pytest.fixture
def demo(db):
    call_command("seed_demo")  # people, Demandes, invoices, documents, status


def _sign_in(page, base_url, person):
    email, with_totp = PEOPLE[person]
    log_in(page, base_url, email, DEMO_PASSWORD)
    if with_totp:
        page.fill("input[name=code]", fresh_totp_code())
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/accounts/login" not in page.url, page.url


def _main_pages(page, base_url, person) -> list[str]:
    page.goto(f"{base_url}/")
    paths = {"/"}
    paths.update(page.eval_on_selector_all("nav a", "links => links.map(a => a.pathname)"))
    paths.add(page.eval_on_selector(".account a", "a => a.pathname"))
    for list_path, selector in DETAIL_PAGES[person]:
        page.goto(f"{base_url}{list_path}")
        link = page.locator(selector).first
        if link.count():
            paths.add(link.evaluate("a => a.pathname"))
    return sorted(paths)


#: Texts of a card (legal mentions, addresses) that stick out of it.
CUT_OFF = """() => [...document.querySelectorAll('.card dd, .card dt, .card p')]
  .filter(e => e.getBoundingClientRect().right
                > e.closest('.card').getBoundingClientRect().right + 1)
  .map(e => e.textContent.trim().slice(0, 40))"""


def _too_wide(page, base_url, paths, width) -> dict[str, object]:
    page.set_viewport_size({"width": width, "height": 900})
    wide = {}
    for path in paths:
        page.goto(f"{base_url}{path}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[path] = scroll_width
        if cut_off := page.evaluate(CUT_OFF):
            wide[path] = cut_off
    return wide


@pytest.mark.parametrize("person", list(PEOPLE))
def test_no_page_scrolls_sideways_at_390_or_1280_px(live_server, new_page, demo, person):  # noqa: F811
    page = new_page()
    _sign_in(page, live_server.url, person)
    paths = _main_pages(page, live_server.url, person)
    assert len(paths) >= 4, paths
    assert _too_wide(page, live_server.url, paths, 390) == {}
    assert _too_wide(page, live_server.url, paths, 1280) == {}


def test_on_a_phone_the_navigation_is_a_menu(live_server, new_page, demo):  # noqa: F811
    page = new_page()
    _sign_in(page, live_server.url, "administrator")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/")
    link = page.get_by_role("navigation").get_by_role("link", name="Mon abonnement")
    assert not link.is_visible()
    page.locator("summary", has_text="Menu").click()
    link.click()
    page.wait_for_url("**/abonnement/")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not page.locator("summary", has_text="Menu").is_visible()
    assert page.get_by_role("navigation").get_by_role("link", name="Mon abonnement").is_visible()
