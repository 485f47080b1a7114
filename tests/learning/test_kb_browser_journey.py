"""Browser journey (Playwright, Debian's Chromium): a client types the subject of a new
Demande, opens a suggested article, marks it helpful and does not file; a Private
administrator then sees that view, and the Demande avoided, on the second dashboard."""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from learning.models import ArticleView, KbSuggestionSession
from subscriptions.models import Contract, Formula
from support.models import Demande
from tests.browser.conftest import CHROMIUM_ARGS, log_in
from tests.factories import PASSWORD
from tests.learning.kb_factories import article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The elements sticking out of a 390 px screen, named for the failure message.
WIDER_THAN_THE_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 390)
  .slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
"""
RESULTS = Path(__file__).resolve().parent.parent.parent / "test-results"


def test_a_suggested_article_avoids_a_demande_and_shows_on_the_dashboard(
    live_server, chromium_path, client_user, client_admin, agent
):
    Contract.objects.filter(organisation=client_user.organisation).update(formula=Formula.PRIVATE)
    article(agent, title="Lettrage automatique des comptes clients", tags="lettrage, 411")
    pages = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)

        def new_page():
            context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
            page = context.new_page()
            page.set_default_timeout(45000)  # a loaded CI machine
            pages.append(page)
            return page

        try:
            person = new_page()
            log_in(person, live_server.url, client_user.email, PASSWORD)
            person.goto(f"{live_server.url}/demandes/nouvelle/")
            person.locator("#id_subject").press_sequentially("Le lettrage ne se lance pas")
            suggestion = person.locator("#kb-suggestions").get_by_role(
                "link", name="Lettrage automatique des comptes clients"
            )
            expect(suggestion).to_be_visible()
            with person.expect_popup() as opened:
                suggestion.click()
            reading = opened.value
            pages.append(reading)
            expect(reading.get_by_role("heading", name="Lettrage automatique")).to_be_visible()
            reading.get_by_label("Oui").check()
            reading.get_by_role("button", name="Envoyer mon avis").click()
            expect(reading.get_by_text("Merci pour votre avis.")).to_be_visible()
            assert not Demande.objects.exists()
            assert ArticleView.objects.filter(user=client_user).count() == 1
            assert KbSuggestionSession.objects.get().opened_any

            admin = new_page()
            log_in(admin, live_server.url, client_admin.email, PASSWORD)
            admin.goto(f"{live_server.url}/tableau-de-bord/")
            admin.get_by_role("link", name="Second tableau de bord").click()
            top = admin.locator("section", has_text="Les plus lus")
            expect(top.get_by_role("link", name="Lettrage automatique")).to_be_visible()
            avoided = admin.locator("section", has_text="Demandes évitées").first
            expect(avoided.get_by_text("1 (100 %)")).to_be_visible()
            admin.set_viewport_size({"width": 390, "height": 800})
            wide = admin.evaluate(WIDER_THAN_THE_SCREEN)
            assert admin.evaluate("document.documentElement.scrollWidth") <= 390, wide
        except Exception:
            RESULTS.mkdir(exist_ok=True)
            for index, page in enumerate(pages):
                page.screenshot(path=str(RESULTS / f"kb-journey-{index}.png"), full_page=True)
            raise
        finally:
            browser.close()
