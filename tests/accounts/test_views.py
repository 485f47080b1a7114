import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.accounts.rights import Right
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_team_page_lists_members_with_filters(login, client_admin, client_user, outsider):
    client = login(client_admin)
    response = client.get(reverse("accounts:team"))
    assert response.status_code == 200
    body = response.content.decode()
    assert client_user.email in body and outsider.email not in body
    response = client.get(reverse("accounts:team"), {"role": Role.CLIENT_ADMIN})
    assert client_user.email not in response.content.decode()


def test_the_team_page_answers_htmx_with_the_table_fragment(login, client_admin, client_user):
    response = login(client_admin).get(
        reverse("accounts:team"), {"q": "user@"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and client_user.email in body


def test_the_team_list_costs_the_same_queries_whatever_its_size(login, client_admin, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(client_admin)

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:team")).status_code == 200
        return len(captured)

    UserFactory.create_batch(2, organisation=organisation)
    queries_for_page()  # warm up: the first request records the session
    small = queries_for_page()
    UserFactory.create_batch(30, organisation=organisation)
    assert queries_for_page() == small


def test_inviting_shows_a_french_message_and_sends_the_link(
    login, client_admin, send_queued_emails
):
    response = login(client_admin).post(
        reverse("accounts:invite"),
        {
            "email": "nina@durand.test",
            "first_name": "Nina",
            "last_name": "Roux",
            "role": Role.CLIENT_USER,
            "rights": [Right.FILE_DEMANDES],
        },
        follow=True,
    )
    assert "Invitation envoyée à nina@durand.test" in response.content.decode()
    send_queued_emails()
    assert mail.outbox[0].to == ["nina@durand.test"]


def test_an_invitation_to_a_taken_email_is_a_form_error(login, client_admin, client_user):
    response = login(client_admin).post(
        reverse("accounts:invite"),
        {
            "email": client_user.email,
            "first_name": "A",
            "last_name": "B",
            "role": "client_user",
            "rights": ["file_demandes"],
        },
    )
    assert response.status_code == 200
    assert "Un compte existe déjà pour cette adresse e-mail." in response.content.decode()
    assert User.objects.filter(email=client_user.email).count() == 1


def test_a_malformed_email_is_a_form_error_in_french(login, client_admin):
    response = login(client_admin).post(
        reverse("accounts:invite"),
        {"email": "pas-une-adresse", "first_name": "A", "last_name": "B", "role": "client_user"},
    )
    assert "Saisissez une adresse e-mail valide." in response.content.decode()


def test_deactivating_from_the_page_shows_a_message(login, client_admin, client_user):
    response = login(client_admin).post(
        reverse("accounts:deactivate", args=[client_user.public_id]), follow=True
    )
    assert "est désactivé" in response.content.decode()
    client_user.refresh_from_db()
    assert not client_user.is_active


def test_deactivating_with_htmx_returns_the_row(login, client_admin, client_user):
    response = login(client_admin).post(
        reverse("accounts:deactivate", args=[client_user.public_id]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert f'id="member-{client_user.public_id}"' in body and "Réactiver" in body


def test_an_administrator_deactivates_another_who_is_then_logged_out(
    client, login, client_admin, organisation
):
    other = UserFactory(organisation=organisation, role=Role.CLIENT_ADMIN)
    client.force_login(other)
    assert client.get("/").status_code == 200
    admin_client = client.__class__()
    admin_client.force_login(client_admin)
    admin_client.post(reverse("accounts:deactivate", args=[other.public_id]))
    # Their next request says why (issue 10), then they are simply logged out.
    response = client.get("/")
    assert response.status_code == 403
    assert "Votre compte a été désactivé" in response.content.decode()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_administrator_removing_themselves_is_told_why(login, client_admin):
    response = login(client_admin).post(
        reverse("accounts:delete", args=[client_admin.public_id]), follow=True
    )
    assert "votre propre compte" in response.content.decode()
    assert User.objects.filter(pk=client_admin.pk).exists()


def test_editing_rights(login, client_admin, client_user):
    login(client_admin).post(
        reverse("accounts:member", args=[client_user.public_id]),
        {"role": Role.CLIENT_USER, "rights": [Right.SEE_CONTRACT]},
    )
    client_user.refresh_from_db()
    assert client_user.rights == [Right.SEE_CONTRACT]


def test_accepting_an_invitation_through_the_page(client, login, client_admin, send_queued_emails):
    login(client_admin).post(
        reverse("accounts:invite"),
        {
            "email": "nina@durand.test",
            "first_name": "Nina",
            "last_name": "Roux",
            "role": "client_user",
            "rights": ["file_demandes"],
        },
    )
    send_queued_emails()
    link = next(ln for ln in mail.outbox[0].body.splitlines() if "/invitation/" in ln)
    path = link[link.index("/invitation/") :]
    client.logout()
    response = client.post(path, {"password1": "x", "password2": "y"})
    assert "ne correspondent pas" in response.content.decode()
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD}, follow=True)
    assert "Votre compte est activé" in response.content.decode()
    assert response.context["user"].email == "nina@durand.test"
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "déjà été utilisé" in response.content.decode()


def test_the_audit_trail_shows_who_did_what(login, client_admin, client_user):
    client = login(client_admin)
    client.post(reverse("accounts:deactivate", args=[client_user.public_id]))
    body = client.get(reverse("audit:trail")).content.decode()
    assert "Compte désactivé" in body and client_user.email in body


def test_the_profile_creates_and_revokes_an_api_token(login, client_user):
    client = login(client_user)
    response = client.post(reverse("accounts:api_token"))
    token = response.context["token"].key
    assert token in response.content.decode()
    api = client.__class__()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


def test_navigation_shows_only_what_the_user_may_use(login, client_user, client_admin):
    body = login(client_user).get("/").content.decode()
    assert reverse("accounts:team") not in body
    body = login(client_admin).get("/").content.decode()
    assert reverse("accounts:team") in body and reverse("audit:trail") in body
