"""Browser journey (Playwright, Debian's Chromium): vendor staff announce a
maintenance for next Sunday; a client user sees it on the Météo page and got
the e-mail; the client administrator opens last month's availability report.

Runs on the real clock (live_server and time-machine do not mix): dates are
computed from now, so it must pass whatever the day: the Sunday is the first
one whose 02:00 is at least 48 h away (a Saturday night or a Friday morning
skips to the week after), the maintenance runs 04:00–06:00 (02:00–03:00 does
not exist, or exists twice, on the DST Sundays), dates read "1er" on the
first of a month, and the organisation's contract started in January 2025 so
last month's report is always listed.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from portal.status import services as status_services
from portal.status.demo import _next_sunday
from portal.status.rules import MONTHS_FR, PARIS
from tests.browser.conftest import CHROMIUM_ARGS, fresh_totp_code, log_in
from tests.factories import PASSWORD
from tests.status.factories import IncidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parent.parent.parent / "test-results"


def last_month(today):
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first


def test_announce_see_and_report(
    live_server, chromium_path, service, client_user, client_admin, vendor_admin, send_queued_emails
):
    sunday = _next_sunday(timezone.now())
    month = last_month(timezone.localdate())
    IncidentFactory(
        services=[service],
        title="Connexions impossibles",
        start=datetime.combine(month + timedelta(days=14), time(10), tzinfo=PARIS),
        end=datetime.combine(month + timedelta(days=14), time(11), tzinfo=PARIS),
    )
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
            # Vendor staff: password, then the TOTP code, then the announcement form.
            vendor = new_page()
            log_in(vendor, live_server.url, vendor_admin.email, PASSWORD)
            vendor.fill("input[name=code]", fresh_totp_code())
            vendor.locator("form button[type=submit]").first.click()
            vendor.wait_for_load_state()
            vendor.get_by_role("link", name="Météo (éditeur)").click()
            vendor.get_by_role("link", name="Annoncer une maintenance").first.click()
            vendor.get_by_label("Maintenance planifiée").check()
            vendor.get_by_label("Cegid Expert — production").check()
            vendor.fill("#id_title", "Montée de version du dimanche")
            vendor.fill("#id_start", f"{sunday:%Y-%m-%d}T04:00")
            vendor.fill("#id_end", f"{sunday:%Y-%m-%d}T06:00")
            vendor.get_by_role("button", name="Annoncer").click()
            vendor.get_by_text("Maintenance annoncée.").wait_for()

            # Celery's beat sweep queues the notices; the outbox sweep sends them.
            status_services.send_due_notices()
            send_queued_emails()
            message = next(m for m in mail.outbox if m.to == [client_user.email])
            assert "Maintenance planifiée le dimanche" in message.subject
            assert "Montée de version du dimanche" in message.body

            # The client user sees it on the Météo page.
            user = new_page()
            log_in(user, live_server.url, client_user.email, PASSWORD)
            user.get_by_role("link", name="Météo", exact=True).click()
            user.get_by_role("heading", name="Météo des offres SaaS").wait_for()
            planned = user.locator("section", has_text="Maintenances à venir")
            expect(planned.get_by_text("Montée de version du dimanche")).to_be_visible()
            day = "1er" if sunday.day == 1 else str(sunday.day)
            expect(
                planned.get_by_text(f"Du dimanche {day} {MONTHS_FR[sunday.month - 1]}")
            ).to_be_visible()
            expect(planned.get_by_text("à 04:00").first).to_be_visible()
            # The client administrator opens last month's availability report.
            admin = new_page()
            log_in(admin, live_server.url, client_admin.email, PASSWORD)
            admin.get_by_role("link", name="Météo", exact=True).click()
            admin.get_by_role("link", name="Disponibilité mensuelle").click()
            month_name = f"{MONTHS_FR[month.month - 1].capitalize()} {month.year}"
            admin.get_by_role("link", name=month_name).click()
            heading = f"Rapport de disponibilité — {MONTHS_FR[month.month - 1]} {month.year}"
            admin.get_by_role("heading", name=heading).wait_for()
            expect(admin.get_by_text("Connexions impossibles")).to_be_visible()
            expect(admin.get_by_role("link", name="Exporter en CSV")).to_be_visible()
        except Exception:
            RESULTS.mkdir(exist_ok=True)
            for index, page in enumerate(pages):
                page.screenshot(path=str(RESULTS / f"status-journey-{index}.png"), full_page=True)
            raise
        finally:
            browser.close()
