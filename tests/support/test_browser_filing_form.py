"""Browser check (Playwright, Debian's Chromium): the filing form shows the
customer-service category only once a customer-service request is chosen — by
CSS alone (no script: a strict CSP is coming)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_category_appears_only_for_customer_service(live_server, chromium_path, client_user):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR").new_page()
            page.set_default_timeout(15000)
            log_in(page, live_server.url, client_user.email, PASSWORD)
            page.goto(live_server.url + reverse("support:create"))
            expect(page.locator("#id_category")).to_be_hidden()
            page.get_by_role("radio", name="Service client").check()
            expect(page.locator("#id_category")).to_be_visible()
            page.get_by_role("radio", name="Support", exact=True).check()
            expect(page.locator("#id_category")).to_be_hidden()
        finally:
            browser.close()
