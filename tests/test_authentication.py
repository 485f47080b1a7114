"""allauth: login by e-mail, no sign-up, password reset, rate limits, MFA rules, sessions."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from portal.organisations.services import set_mfa_required
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def test_login_by_email_in_french(client, client_user):
    page = client.get(reverse("account_login"))
    assert "Connexion au portail client" in page.content.decode()
    response = client.post(
        reverse("account_login"), {"login": client_user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_in_french(client, client_user):
    response = client.post(reverse("account_login"), {"login": client_user.email, "password": "x"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()


def test_an_invited_account_cannot_log_in(client, client_admin):
    from portal.accounts.services import invite_user

    invite_user(actor=client_admin, organisation=client_admin.organisation, email="n@x.test")
    response = client.post(reverse("account_login"), {"login": "n@x.test", "password": "x"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_nobody_can_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "fermées" in response.content.decode()  # allauth's "Inscriptions fermées"


def test_password_reset_sends_a_link(client, client_user):
    client.post(reverse("account_reset_password"), {"email": client_user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_failed_logins_are_rate_limited_on_the_cache(client, client_user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": client_user.email, "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": client_user.email, "password": PASSWORD}
    )
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_clients_never_see_the_django_admin(login, client_admin):
    assert login(client_admin).get("/admin/").status_code in (302, 403)


def test_vendor_staff_without_mfa_must_set_it_up(login, db):
    agent = StaffFactory(email="sans-mfa@editeur.test")
    Authenticator.objects.filter(user=agent).delete()
    response = login(agent).get("/")
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_vendor_staff_log_in_with_a_totp_code(client, agent):
    from portal.core.demo import current_totp_code

    response = client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})
    assert response.status_code == 302 and "2fa" in response["Location"]
    assert client.get("/").status_code == 302  # not logged in before the code
    response = client.post(response["Location"], {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_organisation_switch_requires_mfa_for_clients(login, client_admin, client_user):
    assert login(client_user).get("/").status_code == 200
    set_mfa_required(actor=client_admin, organisation=client_admin.organisation, required=True)
    response = login(client_user).get("/")
    assert response.status_code == 302 and reverse("mfa_activate_totp") in response["Location"]


def test_the_security_page_turns_the_switch(login, client_admin):
    client = login(client_admin)
    response = client.post(reverse("organisations:security"), {"mfa_required": "on"}, follow=True)
    assert "Règle de sécurité enregistrée." in response.content.decode()
    client_admin.organisation.refresh_from_db()
    assert client_admin.organisation.mfa_required


def test_users_see_and_end_their_sessions(client, client_user):
    client.post(reverse("account_login"), {"login": client_user.email, "password": PASSWORD})
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert "session" in response.content.decode().lower()
