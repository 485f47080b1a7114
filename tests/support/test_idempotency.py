"""Filing once per key: the API's Idempotency-Key and the form's one-time token (issue 16)."""

import uuid

import pytest
from django.urls import reverse

from portal.core.models import OutboundEmail
from support.models import Demande

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "subject": "Le lettrage ne se lance pas",
    "kind": "customer_service",
    "category": "billing",
}


def test_the_same_key_files_once_and_answers_the_same_demande(login, client_user):
    client, key = login(client_user), str(uuid.uuid4())
    first = client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY=key)
    again = client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Demande.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="support.acknowledgment").count() == 1


def test_another_key_or_no_key_files_again(login, client_user):
    client = login(client_user)
    client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="a")
    client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="b")
    client.post("/api/v1/demandes/", PAYLOAD)
    assert Demande.objects.count() == 3


def test_an_outsider_reusing_a_key_gets_its_own_demande_and_sees_nothing(
    client, client_user, outsider
):
    client.force_login(client_user)
    mine = client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="k").json()
    client.force_login(outsider)
    theirs = client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="k")
    assert theirs.status_code == 201
    assert theirs.json()["reference"] != mine["reference"]
    assert client.get(f"/api/v1/demandes/{mine['reference']}/").status_code == 404


def test_a_refused_filing_frees_its_key(login, client_user):
    client = login(client_user)
    refused = client.post(
        "/api/v1/demandes/", {**PAYLOAD, "subject": " "}, HTTP_IDEMPOTENCY_KEY="k"
    )
    assert refused.status_code == 400
    assert client.post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="k").status_code == 201


def test_a_malformed_key_is_a_400_in_french(login, client_user):
    response = login(client_user).post("/api/v1/demandes/", PAYLOAD, HTTP_IDEMPOTENCY_KEY="é" * 3)
    assert response.status_code == 400
    assert "clé d'idempotence" in response.json()["idempotency_key"][0]
    assert Demande.objects.count() == 0


def test_the_form_double_submitted_files_once(login, client_user):
    client = login(client_user)
    token = client.get(reverse("support:create")).context["filing_token"]
    form = {**PAYLOAD, "filing_token": token}
    first = client.post(reverse("support:create"), form)
    second = client.post(reverse("support:create"), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Demande.objects.count() == 1


def test_the_form_carries_a_fresh_token_each_time(login, client_user):
    client = login(client_user)
    page = client.get(reverse("support:create"))
    token = page.context["filing_token"]
    assert f'name="filing_token" value="{token}"' in page.content.decode()
    assert client.get(reverse("support:create")).context["filing_token"] != token
