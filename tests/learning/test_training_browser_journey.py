"""Browser journey (Playwright, Debian's Chromium), issue 9: an Open user sees
Private items locked, completes a module and its quiz, registers to a
webassistance and gets the e-mail with its .ics; an agent proposes a
téléassistance slot outside the support hours (refused, in French), then
inside them, and the client accepts it.

Runs on the real clock: slots are found from today (the next jour ouvré at
10:00 is inside the Open hours; 20:00 never is).
"""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import TeleassistanceSlot, WebassistanceSeat
from portal.core.emails import send_pending
from support.business_time import PARIS, is_working_day
from support.services import DemandeDraft, file_demande
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import fresh_totp_code, log_in
from tests.factories import PASSWORD
from tests.learning.factories_training import hold, item, module_with_quiz, product, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Debian's Chromium and a page per person, from tests/browser/conftest.py.
browser = browser_fixtures.browser
new_page = browser_fixtures.new_page


def _next_working_day() -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=PARIS)


def test_learn_register_and_accept_a_teleassistance(live_server, new_page, client_user, agent):
    expert = product()
    hold(client_user.organisation, expert)
    module, _right, _wrong = module_with_quiz("Maîtriser le lettrage", products=[expert])
    item("Approfondir la clôture", level="private", products=[expert], kind="document")
    webinar = session(expert, starts_at=timezone.now() + timedelta(days=5), capacity=5)
    demande = file_demande(
        requester=client_user, draft=DemandeDraft(subject="Le lettrage ne se lance plus")
    )
    mail.outbox.clear()

    # The Open user: Private content is locked; the module and its quiz are completed.
    page = new_page()
    log_in(page, live_server.url, client_user.email, PASSWORD)
    page.get_by_role("link", name="Formation").first.click()
    expect(page.get_by_text("Inclus dans Cegid Private")).to_be_visible()
    page.get_by_role("link", name="Maîtriser le lettrage").click()
    page.get_by_role("link", name="Commencer").click()
    page.get_by_role("button", name="J'ai terminé ce chapitre").click()
    expect(page.get_by_role("heading", name="2. Étape 2")).to_be_visible()
    page.get_by_role("button", name="J'ai terminé ce chapitre").click()
    page.get_by_label("Menu Traitements").check()
    page.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_text("Quiz réussi !")).to_be_visible()
    expect(page.get_by_text("Terminé").first).to_be_visible()

    # Registration to a webassistance, and the e-mail with its .ics.
    page.goto(f"{live_server.url}/webassistances/{webinar.public_id}/")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Votre inscription est enregistrée.").first).to_be_visible()
    assert WebassistanceSeat.objects.get(user=client_user).status == "registered"
    send_pending()
    sent = [m for m in mail.outbox if m.to == [client_user.email]]
    assert sent and any(a[0] == "webassistance.ics" for a in sent[-1].attachments)

    # The agent proposes a slot outside the hours (refused), then inside them.
    desk = new_page()
    log_in(desk, live_server.url, agent.email, PASSWORD)
    desk.fill("input[name=code]", fresh_totp_code())
    desk.locator("form button[type=submit]").first.click()
    desk.wait_for_load_state()
    desk.goto(f"{live_server.url}/demandes/{demande.reference}/")
    day = _next_working_day()
    desk.fill("#id_day_1", day.strftime("%Y-%m-%d"))
    desk.fill("#id_start_1", "20:00")
    desk.fill("#id_end_1", "21:00")
    desk.get_by_role("button", name="Proposer", exact=True).click()
    expect(desk.locator(".message.error")).to_contain_text("horaires d'ouverture du support")
    assert not TeleassistanceSlot.objects.exists()
    desk.fill("#id_day_1", day.strftime("%Y-%m-%d"))
    desk.fill("#id_start_1", "10:00")
    desk.fill("#id_end_1", "11:00")
    desk.get_by_role("button", name="Proposer", exact=True).click()
    expect(desk.get_by_text("Créneaux de téléassistance proposés au client.")).to_be_visible()

    # The client accepts it.
    page.goto(f"{live_server.url}/demandes/{demande.reference}/")
    expect(page.get_by_text("Elle ne couvre pas")).to_be_attached()
    page.get_by_role("button", name="Choisir ce créneau").click()
    expect(page.get_by_text("Créneau retenu.")).to_be_visible()
    assert TeleassistanceSlot.objects.get().status == "chosen"

    # Every page of the journey fits 390 px without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 800})
    for path in (
        "/formation/",
        f"/formation/{module.public_id}/",
        f"/formation/{module.public_id}/chapitres/1/",
        "/webassistances/",
        f"/webassistances/{webinar.public_id}/",
        f"/demandes/{demande.reference}/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
