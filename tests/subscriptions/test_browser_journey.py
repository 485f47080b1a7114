"""A client administrator opens "Mon abonnement", reads the notice deadline and
downloads an invoice as a PDF. (The document-space part of this journey lives
with the documents tests.)"""

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (fixtures)
    RESULTS,
    browser,
    log_in,
    new_page,
)
from tests.factories import PASSWORD
from tests.subscriptions.factories import issued_invoice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_reads_the_notice_deadline_and_downloads_an_invoice(
    live_server,
    new_page,  # noqa: F811  (the fixture imported above)
    client_admin,
    organisation,
):
    invoice = issued_invoice(organisation)
    deadline, _ = organisation.contract.upcoming_notice(timezone.localdate())
    with translation.override("fr"):
        deadline_text = formats.date_format(deadline, "j F Y")

    page = new_page()
    try:
        log_in(page, live_server.url, client_admin.email, PASSWORD)
        page.get_by_role("navigation").get_by_role("link", name="Mon abonnement").click()
        expect(page.get_by_role("heading", name="Mon abonnement")).to_be_visible()
        sentence = page.locator(".notice-deadline")
        assert sentence.inner_text() == (
            "Pour ne pas renouveler, votre lettre recommandée doit nous parvenir au plus tard le "
            f"{deadline_text}."
        )

        with page.expect_download() as info:
            page.get_by_role("link", name=f"PDF de la facture {invoice.number}").click()
        download = info.value
        assert download.suggested_filename == f"facture-{invoice.number}.pdf"
        with open(download.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"
    except Exception:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "subscriptions-journey.png"), full_page=True)
        raise
