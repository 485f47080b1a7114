"""API v1 on Demandes: same rules as the browser, 400 field errors, 409 transitions."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from support.models import Demande
from tests.support.factories import MONDAY_10, file, png

pytestmark = pytest.mark.django_db
LIST = "/api/v1/demandes/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_client_files_a_demande_with_a_screenshot(client_user):
    response = api(client_user).post(
        LIST,
        {"subject": "Balance fausse", "context": "Après import", "attachments": [png()]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "D-2026-000001"
    assert body["take_in_charge_due_at"] == "2026-03-03T11:30:00+01:00"
    assert body["attachments"][0]["original_name"] == "capture.png"
    assert body["deadlines"][0]["key"] == "take_in_charge"
    assert any(not s["counted"] and s["reason"] for s in body["deadlines"][0]["explanation"])
    assert Demande.objects.get().channel == "api"


def test_validation_errors_are_400_with_fields(client_user, connect_user):
    response = api(client_user).post(LIST, {"subject": ""}, format="json")
    assert response.status_code == 400
    assert "subject" in response.json()
    fake = SimpleUploadedFile("x.png", b"MZ" + b"\x00" * 100)
    response = api(client_user).post(
        LIST, {"subject": "x", "attachments": [fake]}, format="multipart"
    )
    assert response.status_code == 400
    assert "attachments" in response.json()
    response = api(connect_user).post(LIST, {"subject": "Aide"}, format="json")
    assert response.status_code == 400
    assert "base de connaissances" in response.json()["kind"][0]
    assert not Demande.objects.exists()


def test_a_user_without_the_right_gets_403(client_user):
    client_user.rights = []
    client_user.save()
    assert api(client_user).post(LIST, {"subject": "x"}, format="json").status_code == 403


def test_clients_see_their_demandes_only(client_user, client_admin, outsider):
    mine = file(client_user)
    file(client_admin)
    refs = [d["reference"] for d in api(client_user).get(LIST).json()["results"]]
    assert refs == [mine.reference]
    org = api(client_admin).get(LIST, {"scope": "organisation"}).json()["results"]
    assert len(org) == 2
    assert api(outsider).get(LIST).json()["results"] == []
    assert api(outsider).get(f"{LIST}{mine.reference}/").status_code == 404


def test_a_comment_on_another_organisation_s_demande_is_404(client_user, outsider):
    demande = file(client_user)
    response = api(outsider).post(
        f"{LIST}{demande.reference}/comment/", {"body": "Bonjour"}, format="json"
    )
    assert response.status_code == 404
    assert not demande.comments.exists()


def test_agents_act_and_illegal_transitions_are_409(client_user, agent, other_agent):
    demande = file(client_user)
    url = f"{LIST}{demande.reference}/"
    response = api(agent).post(url + "qualify/", {"qualification": "other"}, format="json")
    assert response.status_code == 409
    assert "Enregistrée" in response.json()["detail"]
    assert api(agent).post(url + "take/").status_code == 200
    second = api(other_agent).post(url + "take/")
    assert second.status_code == 409
    assert "déjà été prise en charge" in second.json()["detail"]
    response = api(agent).post(
        url + "qualify/", {"qualification": "anomalie", "criticality": 2}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["fix_due_at"] == "2026-03-11T00:00:00+01:00"
    response = api(agent).post(
        url + "respond/", {"response": "fix", "message": "Patch"}, format="json"
    )
    assert response.json()["state"] == "fix"
    assert api(agent).post(url + "resolve/", {}, format="json").json()["state"] == "resolved"
    response = api(client_user).post(url + "reopen/", {"reason": "Encore"}, format="json")
    assert response.json()["state"] == "qualified"


def test_clients_cannot_use_agent_actions(client_admin):
    demande = file(client_admin)
    assert api(client_admin).post(f"{LIST}{demande.reference}/take/").status_code == 403


def test_comments_with_files_and_internal_notes(client_user, agent):
    demande = file(client_user)
    url = f"{LIST}{demande.reference}/"
    response = api(client_user).post(
        url + "comment/", {"body": "Voici l'écran", "attachments": [png()]}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["attachments"][0]["content_type"] == "image/png"
    api(agent).post(url + "comment/", {"body": "Secret", "internal": True}, format="json")
    bodies = [c["body"] for c in api(client_user).get(url).json()["comments"]]
    assert bodies == ["Voici l'écran"]
    assert len(api(agent).get(url).json()["comments"]) == 2
    refused = api(client_user).post(url + "comment/", {"body": "x", "internal": True})
    assert refused.status_code == 400


def test_the_list_costs_a_bounded_number_of_queries(client_user, django_assert_max_num_queries):
    for _ in range(12):
        file(client_user)
    client = api(client_user)
    with django_assert_max_num_queries(4):
        assert len(client.get(LIST).json()["results"]) == 12


def test_the_schema_documents_the_demandes(client_user):
    schema = api(client_user).get("/api/schema/", {"format": "json"}).json()
    create = schema["paths"]["/api/v1/demandes/"]["post"]
    assert {"201", "400"} <= set(create["responses"])
    take = schema["paths"]["/api/v1/demandes/{reference}/take/"]["post"]
    assert "409" in take["responses"]
    assert "multipart/form-data" in create["requestBody"]["content"]


def test_agents_filter_the_queue(agent, client_user, private_user):
    file(client_user, subject="Open")
    late = file(private_user, subject="Private en retard")
    Demande.objects.filter(pk=late.pk).update(is_breached=True)
    refs = [d["reference"] for d in api(agent).get(LIST).json()["results"]]
    assert refs[0] == late.reference  # Private first (art. 12.9)
    breached = api(agent).get(LIST, {"breached": "true"}).json()["results"]
    assert [d["reference"] for d in breached] == [late.reference]
    assert len(api(agent).get(LIST, {"formula": "open"}).json()["results"]) == 1
