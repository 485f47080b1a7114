"""``?page_size=`` on every paged API list (issue 11): bounded, and documented with its
bounds in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from portal.core.pagination import BoundedPageNumberPagination
from tests.factories import UserFactory

PAGED_LISTS = ["/api/v1/demandes/", "/api/v1/users/", "/api/v1/incidents/", "/api/v1/invoices/"]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _page_size(operation) -> dict | None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter["name"] == "page_size":
            return parameter
    return None


def test_every_paged_list_documents_its_bounded_page_size(schema):
    paged = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not any(p["name"] == "page" for p in operation.get("parameters", [])):
                continue
            paged += 1
            parameter = _page_size(operation)
            assert parameter is not None, (path, method)
            assert parameter["schema"] == {
                "type": "integer",
                "minimum": 1,
                "maximum": 200,
                "default": 50,
            }
            assert "au plus 200" in parameter["description"]
    assert paged >= len(PAGED_LISTS)
    for path in PAGED_LISTS:
        assert _page_size(schema["paths"][path]["get"]), path


def test_the_contract_lines_stay_a_plain_array(schema):
    """A contract has a handful of lines: the list is not paged (its shape is kept)."""
    operation = schema["paths"]["/api/v1/contract/lines/"]["get"]
    assert _page_size(operation) is None
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"


@pytest.mark.django_db
def test_a_larger_size_is_served_at_the_bound(client_admin, monkeypatch):
    monkeypatch.setattr(BoundedPageNumberPagination, "max_page_size", 2)
    client = APIClient()
    client.force_authenticate(client_admin)
    body = client.get("/api/v1/users/", {"page_size": 1}).json()
    assert body["count"] == 1 and len(body["results"]) == 1
    for number in range(3):
        UserFactory(organisation=client_admin.organisation, email=f"u{number}@durand.test")
    body = client.get("/api/v1/users/", {"page_size": 500}).json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert "page_size=500" in body["next"]
