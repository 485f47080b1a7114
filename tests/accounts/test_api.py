import pytest
from rest_framework.test import APIClient

from portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_me_returns_the_caller(api, client_user):
    api.force_authenticate(client_user)
    data = api.get("/api/v1/me/").json()
    assert data["email"] == client_user.email
    assert data["organisation"] == str(client_user.organisation.public_id)


def test_users_are_scoped_to_the_organisation(api, client_admin, client_user, outsider):
    api.force_authenticate(client_admin)
    emails = {row["email"] for row in api.get("/api/v1/users/").json()["results"]}
    assert emails == {client_admin.email, client_user.email}


def test_inviting_through_the_api(api, client_admin):
    api.force_authenticate(client_admin)
    response = api.post("/api/v1/users/", {"email": "api@durand.test"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "invited"


def test_invalid_invitations_get_field_errors_in_french(api, client_admin, client_user):
    api.force_authenticate(client_admin)
    response = api.post("/api/v1/users/", {"email": client_user.email}, format="json")
    assert response.status_code == 400
    message = "Un compte existe déjà pour cette adresse e-mail."
    assert response.json() == {"detail": message, "email": [message]}
    response = api.post("/api/v1/users/", {"email": "nope"}, format="json")
    assert response.status_code == 400 and "email" in response.json()


def test_an_illegal_state_change_is_a_409(api, client_admin, client_user):
    api.force_authenticate(client_admin)
    url = f"/api/v1/users/{client_user.public_id}/"
    assert api.post(url + "deactivate/").json()["status"] == "deactivated"
    response = api.post(url + "deactivate/")
    assert response.status_code == 409 and "detail" in response.json()


def test_the_outsider_gets_404_and_nothing_changes(api, outsider, client_user):
    api.force_authenticate(outsider)
    response = api.post(f"/api/v1/users/{client_user.public_id}/deactivate/")
    assert response.status_code == 404
    assert client_user.email not in response.content.decode()
    assert User.objects.get(pk=client_user.pk).is_active


def test_a_deactivated_token_is_refused(api, client_admin, client_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=client_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200
    client_user.is_active = False
    client_user.save()
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_the_schema_documents_the_api(api, client_user):
    api.force_authenticate(client_user)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/users/" in response.content.decode()
