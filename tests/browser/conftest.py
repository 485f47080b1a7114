"""Playwright in Debian's Chromium (never a downloaded browser)."""

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import service_required

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parent.parent.parent / "test-results"


@pytest.fixture
def browser():
    """Debian's Chromium, never a downloaded browser.

    One Playwright per test (not pytest-playwright's session-wide one): other
    journeys open their own ``sync_playwright()`` in the same worker process,
    and two cannot run at once.
    """
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    service_required("chromium", bool(path))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Pages in separate contexts (separate people); a screenshot of each on failure."""
    pages = []

    def _new_page():
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        page = context.new_page()
        page.set_default_timeout(15000)
        pages.append(page)
        return page

    yield _new_page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        for index, page in enumerate(pages):
            page.screenshot(path=str(RESULTS / f"{request.node.name}-{index}.png"), full_page=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def fresh_totp_code() -> str:
    """The demo staff's current TOTP code, never one about to expire: allauth
    checks it without tolerance, so a code typed in its last seconds may fail."""
    from allauth.mfa import app_settings

    from portal.core.demo import current_totp_code

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return current_totp_code()


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
