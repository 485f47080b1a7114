"""Browser journey (Playwright, Debian's Chromium): a client administrator opens
"Documents", uploads a PDF to the shared folder, is refused an .exe renamed
.pdf with a clear French message, and downloads the PDF back."""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from portal.documents.models import Document
from tests.browser.conftest import CHROMIUM_ARGS, log_in
from tests.documents import samples
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parent.parent.parent / "test-results"


def test_upload_refuse_a_disguised_exe_and_download(
    live_server, chromium_path, client_admin, quota, request
):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="fr-FR", timezone_id="Europe/Paris", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            log_in(page, live_server.url, client_admin.email, PASSWORD)
            page.get_by_role("link", name="Documents", exact=True).first.click()
            expect(page.get_by_role("heading", name="Dossier partagé")).to_be_visible()
            expect(page.get_by_text("Il vous reste 10 Go.")).to_be_visible()

            page.set_input_files(
                "input[name=file]",
                files=[
                    {
                        "name": "Bilan 2025.pdf",
                        "mimeType": "application/pdf",
                        "buffer": samples.pdf_bytes("Bilan"),
                    }
                ],
            )
            page.get_by_role("button", name="Déposer").click()
            expect(
                page.get_by_text("« Bilan 2025.pdf » est déposé dans « Dossier partagé ».")
            ).to_be_visible()
            expect(page.get_by_role("link", name="Bilan 2025.pdf")).to_be_visible()

            page.set_input_files(
                "input[name=file]",
                files=[
                    {
                        "name": "facture.pdf",
                        "mimeType": "application/pdf",
                        "buffer": samples.exe_bytes(),
                    }
                ],
            )
            page.get_by_role("button", name="Déposer").click()
            expect(
                page.get_by_text(
                    "Ce fichier est un programme exécutable déguisé : il a été refusé."
                )
            ).to_be_visible()
            assert list(Document.objects.values_list("name", flat=True)) == ["Bilan 2025.pdf"]

            with page.expect_download() as download_info:
                page.get_by_role("link", name="Télécharger").first.click()
            download = download_info.value
            assert download.suggested_filename == "Bilan 2025.pdf"
            assert Path(download.path()).read_bytes() == samples.pdf_bytes("Bilan")
            page.get_by_role("link", name="Bilan 2025.pdf").click()
            expect(page.get_by_text("Dernière sauvegarde gardée")).to_be_visible()
        except Exception:
            RESULTS.mkdir(exist_ok=True)
            page.screenshot(path=str(RESULTS / f"{request.node.name}.png"), full_page=True)
            raise
        finally:
            browser.close()
