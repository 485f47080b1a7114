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


@pytest.mark.parametrize(
    "path", ["take/", "assign/", "qualify/", "requalify/", "respond/", "resolve/"]
)
def test_every_agent_action_refuses_a_client_in_french_before_reading_the_body(
    client_admin, outsider, path
):
    """One permission class: 403 before the Demande is looked up (an outsider
    learns nothing) and before the body is validated; state unchanged."""
    demande = file(client_admin)
    for user in (client_admin, outsider):
        response = api(user).post(f"{LIST}{demande.reference}/{path}", {}, format="json")
        assert response.status_code == 403
        assert response.json() == {"detail": "Réservé aux agents du support."}
    response = api(client_admin).post(f"{LIST}telephone/", {}, format="json")
    assert response.json() == {"detail": "Réservé aux agents du support."}
    demande.refresh_from_db()
    assert demande.state == Demande.State.REGISTERED


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


def test_the_agents_list_costs_a_bounded_number_of_queries(
    agent, client_user, private_user, django_assert_max_num_queries
):
    for index in range(6):
        file(client_user if index % 2 else private_user)
    client = api(agent)
    with django_assert_max_num_queries(4):
        assert len(client.get(LIST).json()["results"]) == 6


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


def token_client(user):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_token_client_downloads_attachments_scoped_like_the_demande(client_user, agent, outsider):
    demande = file(client_user, attachments=[png()])
    url = f"{LIST}{demande.reference}/"
    api(agent).post(
        url + "comment/",
        {"body": "Trace serveur", "internal": True, "attachments": [png("trace.png")]},
        format="multipart",
    )
    client = token_client(client_user)
    (shown,) = client.get(url).json()["attachments"]
    assert shown["download_url"].startswith(f"/api/v1/demandes/{demande.reference}/fichiers/")
    response = client.get(shown["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert token_client(outsider).get(shown["download_url"]).status_code == 404
    assert APIClient().get(shown["download_url"]).status_code == 403
    # The internal note's file: agents only.
    internal = demande.attachments.get(original_name="trace.png")
    internal_url = f"{url}fichiers/{internal.public_id}/"
    assert client.get(internal_url).status_code == 404
    assert api(agent).get(internal_url).status_code == 200


def test_the_detail_costs_the_same_whatever_the_number_of_files(
    client_user, django_assert_max_num_queries
):
    from support.services import add_comment

    demande = file(client_user)
    url = f"{LIST}{demande.reference}/"
    client = api(client_user)
    client.get(url)
    add_comment(demande=demande, author=client_user, body="Un", attachments=[png()])
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for index in range(4):
        add_comment(
            demande=demande, author=client_user, body="Plus", attachments=[png(f"c{index}.png")]
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(url).json()["attachments"]) == 5


def test_an_agent_records_a_phone_call_through_the_api(agent, client_user):
    response = api(agent).post(
        f"{LIST}telephone/",
        {
            "requester": client_user.email.upper(),
            "called_at": "2026-03-02T09:00:00",
            "subject": "Appel : paie bloquée",
            "menu_sequence": "Paie > Clôture",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["channel"] == "phone" and body["requester"] == client_user.email
    assert body["registered_at"] == "2026-03-02T09:00:00+01:00"  # Paris time, the call's
    # 8 heures ouvrées from the call, not from the typing (Monday 10:00).
    assert body["take_in_charge_due_at"] == "2026-03-03T10:30:00+01:00"
    demande = Demande.objects.get()
    assert demande.recorded_by == agent and demande.requester == client_user


def test_phone_calls_through_the_api_are_checked_like_the_form(agent, client_user, outsider):
    phone = f"{LIST}telephone/"
    unknown = api(agent).post(
        phone,
        {"requester": "nobody@x.test", "called_at": "2026-03-02T09:00", "subject": "x"},
        format="json",
    )
    assert unknown.status_code == 400 and "requester" in unknown.json()
    future = api(agent).post(
        phone,
        {"requester": client_user.email, "called_at": "2026-03-02T11:00", "subject": "x"},
        format="json",
    )
    assert future.status_code == 400 and "futur" in future.json()["called_at"][0]
    refused = api(client_user).post(
        phone,
        {"requester": client_user.email, "called_at": "2026-03-02T09:00", "subject": "x"},
        format="json",
    )
    assert refused.status_code == 403
    assert not Demande.objects.exists()


def test_assign_takes_only_an_active_agent(agent, other_agent, client_user):
    demande = file(client_user)
    url = f"{LIST}{demande.reference}/assign/"
    refused = api(agent).post(url, {"assignee": str(client_user.public_id)}, format="json")
    assert refused.status_code == 400 and "assignee" in refused.json()
    given = api(agent).post(url, {"assignee": str(other_agent.public_id)}, format="json")
    assert given.status_code == 200 and given.json()["assignee"] == other_agent.email


def test_reopening_without_a_reason_names_the_api_field(client_user, agent):
    demande = file(client_user)
    url = f"{LIST}{demande.reference}/"
    api(agent).post(url + "take/")
    api(agent).post(url + "qualify/", {"qualification": "other"}, format="json")
    api(agent).post(url + "resolve/", {}, format="json")
    response = api(client_user).post(url + "reopen/", {"reason": "   "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
