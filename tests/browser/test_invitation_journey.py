"""An administrator invites a user, who activates the account from the e-mail;
the administrator deactivates them (after a confirmation page); their next page
load says their administrator deactivated the account, the one after is the login."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Un-mot-de-passe-tout-neuf-7"


def test_invite_activate_deactivate(live_server, new_page, client_admin, send_queued_emails):
    admin = new_page()
    log_in(admin, live_server.url, client_admin.email, PASSWORD)
    admin.get_by_role("link", name="Utilisateurs").first.click()
    admin.get_by_role("link", name="Inviter un utilisateur").click()
    admin.fill("#id_email", "nina@durand.test")
    admin.fill("#id_first_name", "Nina")
    admin.fill("#id_last_name", "Roux")
    admin.get_by_role("button", name="Envoyer l'invitation").click()
    expect(admin.get_by_text("Invitation envoyée à nina@durand.test")).to_be_visible()
    send_queued_emails()
    message = next(m for m in mail.outbox if m.to == ["nina@durand.test"])
    link = next(line for line in message.body.splitlines() if "/invitation/" in line)
    path = link[link.index("/invitation/") :]

    nina = new_page()
    nina.goto(live_server.url + path)
    nina.fill("#id_password1", NEW_PASSWORD)
    nina.fill("#id_password2", NEW_PASSWORD)
    nina.get_by_role("button", name="Activer mon compte").click()
    expect(nina.get_by_text("Votre compte est activé")).to_be_visible()
    nina.get_by_role("button", name="Se déconnecter").click()
    log_in(nina, live_server.url, "nina@durand.test", NEW_PASSWORD)
    expect(nina.get_by_role("heading", name="Bonjour Nina")).to_be_visible()
    admin.goto(live_server.url + "/equipe/")
    row = admin.locator("tr", has_text="nina@durand.test")
    row.get_by_role("link", name="Désactiver…").click()
    expect(admin.get_by_role("heading", name="Désactiver le compte de Nina Roux ?")).to_be_visible()
    admin.get_by_role("button", name="Désactiver le compte").click()
    admin.get_by_text("est désactivé").wait_for()

    nina.reload()
    expect(nina.get_by_role("heading", name="Votre compte a été désactivé")).to_be_visible()
    nina.reload()
    assert "/accounts/login/" in nina.url
