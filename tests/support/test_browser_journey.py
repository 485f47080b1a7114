"""Browser journey (Playwright, Debian's Chromium): a client user files a Demande
with a screenshot and sees its reference and deadline; an agent takes it in
charge and qualifies it criticality 2; the client sees the fix deadline and
how it was computed.

Runs on the real clock (live_server and time-machine do not mix): the test
checks texts that do not depend on the day or the hour it runs (a Friday at
23:59, a public holiday, across midnight), never particular dates; the TOTP
code is never typed in its last seconds.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from support.models import Demande
from tests.browser.conftest import CHROMIUM_ARGS, fresh_totp_code, log_in
from tests.factories import PASSWORD
from tests.support.factories import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parent.parent.parent / "test-results"


def test_file_take_qualify_and_read_the_fix_deadline(
    live_server, chromium_path, client_user, agent, tmp_path
):
    screenshot = tmp_path / "ecran-erreur.png"
    screenshot.write_bytes(png_bytes())
    pages = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)

        def new_page():
            context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
            page = context.new_page()
            page.set_default_timeout(15000)
            pages.append(page)
            return page

        try:
            # The client files a Demande with a screenshot.
            client = new_page()
            log_in(client, live_server.url, client_user.email, PASSWORD)
            client.get_by_role("link", name="Mes demandes").first.click()
            client.get_by_role("link", name="Nouvelle demande").click()
            client.fill("#id_subject", "Le lettrage automatique ne se lance plus")
            client.fill("#id_context", "Depuis ce matin, sur le dossier principal.")
            client.fill("#id_error_messages", "Erreur 500 : traitement interrompu")
            client.fill("#id_menu_sequence", "Comptabilité > Lettrage > Automatique")
            client.set_input_files("#id_attachments", str(screenshot))
            client.get_by_role("button", name="Envoyer la demande").click()
            client.get_by_text("Votre demande est enregistrée sous la référence").wait_for()
            demande = Demande.objects.get()
            expect(client.get_by_role("heading", name=demande.reference)).to_be_visible()
            expect(client.get_by_text("Prise en charge au plus tard le").first).to_be_visible()
            expect(client.get_by_role("link", name="ecran-erreur.png").first).to_be_visible()
            # The agent (password + TOTP) takes it in charge and qualifies it crit. 2.
            desk = new_page()
            log_in(desk, live_server.url, agent.email, PASSWORD)
            desk.fill("input[name=code]", fresh_totp_code())
            desk.locator("form button[type=submit]").first.click()
            desk.wait_for_load_state()
            desk.get_by_role("link", name="File du support").first.click()
            desk.get_by_role("link", name=demande.reference).click()
            desk.get_by_role("button", name="Prendre en charge").click()
            desk.get_by_text("Vous avez pris la demande en charge.").wait_for()
            desk.select_option("#id_qualification", "anomalie")
            desk.select_option("#id_criticality", "2")
            desk.get_by_role("button", name="Qualifier").click()
            desk.get_by_text("Demande qualifiée.").wait_for()

            # The client sees the fix deadline and how it was computed.
            client.reload()
            fix = client.locator("#delai-fix")
            expect(fix.get_by_text("Correctif ou contournement")).to_be_visible()
            expect(fix.get_by_text("Au plus tard en fin de journée du")).to_be_visible()
            fix.get_by_text("Comment ce délai a été calculé").click()
            expect(fix.get_by_text("jour ouvré n° 6")).to_be_visible()
            expect(fix.get_by_text("jour du déclenchement, non compté")).to_be_visible()
        except Exception:
            RESULTS.mkdir(exist_ok=True)
            for index, page in enumerate(pages):
                page.screenshot(path=str(RESULTS / f"support-journey-{index}.png"), full_page=True)
            raise
        finally:
            browser.close()
