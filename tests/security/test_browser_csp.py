"""Issue 14, item 6: the main pages run under the strict CSP without a single
violation (Playwright in Debian's Chromium). A violation is caught twice: the
page's ``securitypolicyviolation`` events and Chromium's console errors."""

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, fresh_totp_code, log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Injected by the browser before any page script: not subject to the page's CSP.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""

CLIENT_PAGES = [
    "home",
    "support:list",
    "support:create",
    "accounts:team",
    "accounts:invite",
    "accounts:profile",
    "documents:index",
    "status:weather",
    "status:releases",
    "subscriptions:mine",
    "audit:trail",
    "organisations:security",
    "mfa_index",
    "account_email",
    "api_docs",
]
AGENT_PAGES = ["home", "support:queue", "support:phone", "support:compliance"]


def _visit(page, base_url, names, violations):
    for name in names:
        response = page.goto(base_url + reverse(name))
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), name
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__cspViolations")
        violations.extend(f"{name}: {v}" for v in found)


def _watch(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15000)
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, console


def test_main_pages_have_no_csp_violation(live_server, chromium_path, client_admin, agent):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            _walk_main_pages(browser, live_server.url, client_admin, agent)
        finally:
            browser.close()


def _walk_main_pages(browser, base_url, client_admin, agent):
    violations = []
    page, console = _watch(browser)
    log_in(page, base_url, client_admin.email, PASSWORD)
    _visit(page, base_url, CLIENT_PAGES, violations)
    # Vendor staff pass MFA and see the support's pages.
    staff, staff_console = _watch(browser)
    log_in(staff, base_url, agent.email, PASSWORD)
    staff.fill("input[name=code]", fresh_totp_code())
    staff.locator("form button[type=submit]").first.click()
    staff.wait_for_load_state()
    _visit(staff, base_url, AGENT_PAGES, violations)
    assert violations == []
    assert console + staff_console == []
