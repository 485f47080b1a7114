"""The API keeps its contract at its edges: any bad input is a French answer in
the one error shape (``{"detail": …, <field>: [...]}``), never a 500 or an
English page (issues 14 and 15)."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from portal.core.api import JSON_MAX_DEPTH

NOT_A_UUID = "0" * 36


@pytest.fixture
def api():
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


def assert_error(response, status, *, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert "error" not in body["detail"].lower(), body  # French, not DRF's English
    if field:
        assert body[field] and all(isinstance(message, str) for message in body[field])
    return body


# --- Identifiers in the path -----------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/v1/invoices/{id}/"),
        ("get", "/api/v1/invoices/{id}/pdf/"),
        ("get", "/api/v1/users/{id}/"),
        ("post", "/api/v1/users/{id}/deactivate/"),
        ("post", "/api/v1/users/{id}/reactivate/"),
        ("get", "/api/v1/incidents/{id}/"),
        ("post", "/api/v1/incidents/{id}/close/"),
        ("get", "/api/v1/maintenances/{id}/"),
        ("post", "/api/v1/maintenances/{id}/cancel/"),
        ("get", "/api/v1/releases/{id}/"),
        ("get", "/api/v1/restorations/{id}/"),
        ("get", "/api/v1/documents/{id}/"),
        ("get", "/api/v1/documents/{id}/download/"),
        ("get", "/api/v1/demandes/D-2026-000001/fichiers/{id}/"),
        ("get", "/api/v1/demandes/pas-une-reference/"),
    ],
)
@pytest.mark.parametrize("bad_id", [NOT_A_UUID, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "%00"])
def test_a_malformed_identifier_in_a_path_is_a_json_404(api, client_admin, method, path, bad_id):
    response = getattr(api(client_admin), method)(path.format(id=bad_id))
    assert_error(response, 404)


def test_an_unknown_api_path_is_a_json_404_even_for_a_post_without_csrf(client_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_admin)
    assert_error(client.post("/api/v1/nulle-part/"), 404)


# --- Filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,field",
    [
        ("assignee=pas-un-uuid", "assignee"),
        ("assignee=%00", "assignee"),
        ("organisation=a%00b", "organisation"),
        ("state=inconnu", "state"),
        ("kind=%00", "kind"),
        ("formula=gold", "formula"),
        ("breached=peut-etre", "breached"),
    ],
)
def test_a_bad_filter_value_is_a_400_in_french_for_agents(api, agent, query, field):
    assert_error(api(agent).get(f"/api/v1/demandes/?{query}"), 400, field=field)


@pytest.mark.parametrize(
    "query,field", [("q=a%00b", "q"), ("scope=tout", "scope"), ("state=%00", "state")]
)
def test_a_bad_filter_value_is_a_400_in_french_for_clients(api, client_user, query, field):
    assert_error(api(client_user).get(f"/api/v1/demandes/?{query}"), 400, field=field)


def test_good_filter_values_still_filter(api, agent):
    response = api(agent).get("/api/v1/demandes/?assignee=me&state=open&breached=true&kind=")
    assert response.status_code == 200
    response = api(agent).get(f"/api/v1/demandes/?assignee={agent.public_id}")
    assert response.status_code == 200


def test_other_list_filters_refuse_bad_values(api, client_admin):
    assert_error(api(client_admin).get("/api/v1/maintenances/?scope=%00"), 400, field="scope")
    assert_error(
        api(client_admin).get("/api/v1/documents/?folder=pas-un-uuid"), 400, field="folder"
    )


def test_the_html_queue_ignores_a_malformed_assignee(login, agent):
    """The selector matches nothing rather than failing on a malformed id."""
    from support import selectors

    assert list(selectors.agent_queue(assignee="pas-un-uuid", agent=agent)) == []


# --- Bodies ----------------------------------------------------------------------------


def _post_raw(client, path, body, content_type="application/json"):
    return client.post(path, data=body, content_type=content_type)


@pytest.mark.parametrize(
    "body", ["[" * 50_000 + "]" * 50_000, '{"a":' * 50_000 + "1" + "}" * 50_000]
)
def test_a_deeply_nested_json_body_is_a_400_in_french(api, client_user, body):
    body = assert_error(_post_raw(api(client_user), "/api/v1/demandes/", body), 400)
    assert "imbriqué" in body["detail"]


def test_nesting_just_past_the_limit_is_refused_and_at_the_limit_parsed(api, client_user):
    too_deep = "[" * (JSON_MAX_DEPTH + 1) + "]" * (JSON_MAX_DEPTH + 1)
    assert_error(_post_raw(api(client_user), "/api/v1/demandes/", too_deep), 400)
    at_limit = '{"subject": ' + "[" * (JSON_MAX_DEPTH - 1) + "]" * (JSON_MAX_DEPTH - 1) + "}"
    response = _post_raw(api(client_user), "/api/v1/demandes/", at_limit)
    assert_error(response, 400, field="subject")  # parsed, then refused by the serializer


@pytest.mark.parametrize("body", ['{"subject": ', "{'subject': 'x'}", '{"a": NaN}', b"\xff\xfe"])
def test_malformed_json_is_a_400_in_french(api, client_user, body):
    body = assert_error(_post_raw(api(client_user), "/api/v1/demandes/", body), 400)
    assert body["detail"].startswith("Corps JSON invalide")


def test_multipart_without_boundary_is_a_400_in_french(api, client_user):
    response = _post_raw(api(client_user), "/api/v1/demandes/", b"x" * 10, "multipart/form-data")
    body = assert_error(response, 400)
    assert "multipart" in body["detail"]


def test_an_unsupported_content_type_is_a_415_in_french(api, client_user):
    assert_error(_post_raw(api(client_user), "/api/v1/demandes/", "x", "text/plain"), 415)


def test_an_oversized_json_body_is_a_413_in_french(api, client_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"subject": "x", "context": "y" * (1024 * 1024)})
    body = assert_error(_post_raw(api(client_user), "/api/v1/demandes/", body), 413)
    assert "volumineuse" in body["detail"]


def test_an_oversized_form_field_is_a_413_in_french(api, client_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api(client_user).post(
        "/api/v1/demandes/", {"subject": "x", "context": "y" * 4096}, format="multipart"
    )
    assert_error(response, 413)


def test_a_session_post_without_csrf_token_is_a_403_in_french(client_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_user)
    response = client.post(
        "/api/v1/demandes/", data={"subject": "x"}, content_type="application/json"
    )
    body = assert_error(response, 403)
    assert "CSRF" in body["detail"] and "X-CSRFToken" in body["detail"]


def test_validation_errors_carry_a_french_summary_and_field_errors(api, client_user):
    response = api(client_user).post("/api/v1/demandes/", {}, format="json")
    body = assert_error(response, 400, field="subject")
    assert body["detail"].startswith("Données invalides")


def test_an_illegal_state_change_is_a_409_in_the_same_shape(api, client_admin, client_user):
    api(client_admin).post(f"/api/v1/users/{client_user.public_id}/deactivate/")
    api(client_admin).post(f"/api/v1/users/{client_user.public_id}/reactivate/")
    response = api(client_admin).post(f"/api/v1/users/{client_user.public_id}/reactivate/")
    assert_error(response, 409)


def test_throttling_is_a_429_with_retry_after(api, client_user, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "1/min", raising=False)
    client = api(client_user)
    assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/api/v1/me/")
    assert_error(response, 429)
    assert int(response["Retry-After"]) > 0


# --- Schema ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_every_operation_declares_its_errors_with_the_error_component(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert {"403", "414", "429"} <= set(responses), (path, method)
        assert "Retry-After" in responses["429"]["headers"]
        # gunicorn's refusal of a too-long address, before Django (gunicorn_worker.py)
        assert list(responses["414"]["content"]) == ["text/html"], (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= set(responses), (path, method)
        filters = {"page", "page_size"}  # a bad page is a 404, a bad size is bounded
        if any(
            p["in"] == "query" and p["name"] not in filters for p in operation.get("parameters", [])
        ):
            assert "400" in responses, (path, method)  # a bad filter value
        for code, response in responses.items():
            if code >= "400" and code != "414":
                content = response["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_path_identifiers_declare_the_router_pattern(schema):
    for path, _method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in ("public_id", "reference"):
                assert parameter["schema"].get("pattern"), (path, parameter)


def test_nullable_read_only_fields_are_declared_nullable(schema):
    components = schema["components"]["schemas"]
    assert components["Contract"]["properties"]["notice_received_on"]["nullable"] is True
    assert components["DemandeDetail"]["properties"]["product"]["nullable"] is True
    assert components["Demande"]["properties"]["assignee"]["nullable"] is True


def test_links_lead_from_a_filed_demande_to_its_actions_and_downloads(schema):
    created = schema["paths"]["/api/v1/demandes/"]["post"]["responses"]["201"]["links"]
    assert {"read", "close", "reopen", "comment", "attach"} <= set(created)
    assert created["close"]["operationId"] == "v1_demandes_close_create"
    assert created["close"]["parameters"] == {"reference": "$response.body#/reference"}
    invoice = schema["paths"]["/api/v1/invoices/{public_id}/"]["get"]["responses"]["200"]
    assert invoice["links"]["pdf"]["operationId"] == "v1_invoices_pdf_retrieve"
    attachments = schema["paths"]["/api/v1/demandes/{reference}/attachments/"]["post"]
    assert "download" in attachments["responses"]["201"]["links"]


def test_an_action_answering_a_list_is_documented_as_a_plain_array(schema):
    attachments = schema["paths"]["/api/v1/demandes/{reference}/attachments/"]["post"]
    body = attachments["responses"]["201"]["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}}
    assert not any(p["name"] == "page" for p in attachments.get("parameters", []))
