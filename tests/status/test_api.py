"""API v1 of the service status: reads scoped like the pages, writes for vendor
staff only (clients get 403), 400 with field errors, nothing saved on refusal."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from portal.status.models import Incident, Maintenance, Release, RestorationRequest
from tests.status.conftest import paris
from tests.status.factories import (
    IncidentFactory,
    MaintenanceFactory,
    ReleaseFactory,
    RestorationRequestFactory,
)

NOW = paris(2026, 11, 3, 10, 0)

SUNDAY = {
    "kind": "planned",
    "services": ["cegid-expert-production"],
    "title": "Montée de version",
    "start": "2026-11-08T02:00:00+01:00",
    "end": "2026-11-08T06:00:00+01:00",
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/maintenances/", SUNDAY),
        ("/api/v1/incidents/", {"title": "x"}),
        ("/api/v1/releases/", {"kind": "patch"}),
    ],
)
def test_a_client_trying_to_write_gets_403_and_nothing_is_saved(
    api, client_admin, service, path, body
):
    response = api(client_admin).post(path, body, format="json")
    assert response.status_code == 403
    assert not Maintenance.objects.exists()
    assert not Incident.objects.exists()
    assert not Release.objects.exists()


def test_a_client_cannot_close_an_incident(api, client_admin, service):
    incident = IncidentFactory(services=[service], end=None)
    response = api(client_admin).post(
        f"/api/v1/incidents/{incident.public_id}/close/", {"end": NOW.isoformat()}, format="json"
    )
    assert response.status_code == 403


def test_vendor_staff_announce_a_maintenance(api, agent, service):
    response = api(agent).post("/api/v1/maintenances/", SUNDAY, format="json")
    assert response.status_code == 201, response.data
    assert response.data["services"][0]["code"] == "cegid-expert-production"
    assert Maintenance.objects.get().start == paris(2026, 11, 8, 2)


def test_a_refused_announcement_is_400_with_every_reason(api, agent, service):
    body = {**SUNDAY, "start": "2026-11-04T06:00:00+01:00", "end": "2026-11-04T09:00:00+01:00"}
    response = api(agent).post("/api/v1/maintenances/", body, format="json")
    assert response.status_code == 400
    assert len(response.data["non_field_errors"]) == 2
    assert not Maintenance.objects.exists()


def test_field_errors_are_400(api, agent, service):
    response = api(agent).post(
        "/api/v1/incidents/",
        {
            "title": "Panne",
            "services": ["inconnu"],
            "start": "2026-11-03T09:00:00+01:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "services" in response.data


def test_an_incident_ending_before_it_starts_is_400_on_end(api, agent, service):
    response = api(agent).post(
        "/api/v1/incidents/",
        {
            "title": "Panne",
            "services": [service.code],
            "start": "2026-11-03T09:00:00+01:00",
            "end": "2026-11-03T08:00:00+01:00",
        },
        format="json",
    )
    assert response.status_code == 400
    message = "La fin de l'incident doit être postérieure à son début."
    assert response.json() == {"detail": message, "end": [message]}
    assert not Incident.objects.exists()


def test_vendor_staff_record_and_close_an_incident(api, agent, service):
    client = api(agent)
    response = client.post(
        "/api/v1/incidents/",
        {"title": "Panne", "services": [service.code], "start": "2026-11-03T09:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 201
    assert response.data["ongoing"] and response.data["counted"]
    url = f"/api/v1/incidents/{response.data['id']}/close/"
    assert client.post(url, {"end": "2026-11-03T09:30:00+01:00"}, format="json").status_code == 200
    assert client.post(url, {"end": "2026-11-03T09:30:00+01:00"}, format="json").status_code == 409


def test_vendor_staff_publish_a_release(api, vendor_admin, service):
    response = api(vendor_admin).post(
        "/api/v1/releases/",
        {
            "kind": "new_version",
            "services": [service.code],
            "version": "2027.1",
            "title": "TVA",
            "release_date": "2026-12-15",
            "links": [{"label": "Notes", "url": "https://exemple.test/notes.pdf"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["downloads"] == [
        {"label": "Notes", "url": "https://exemple.test/notes.pdf"}
    ]


def test_clients_read_only_their_services(api, client_user, service, other_service):
    MaintenanceFactory(services=[service], start=NOW + timedelta(days=5))
    MaintenanceFactory(services=[other_service], start=NOW + timedelta(days=5))
    MaintenanceFactory(services=[service], start=NOW - timedelta(hours=1), kind="urgent")
    IncidentFactory(services=[service])
    IncidentFactory(services=[other_service])
    ReleaseFactory(services=[other_service])
    client = api(client_user)
    status = client.get("/api/v1/status/").data
    assert [row["service"]["code"] for row in status] == ["cegid-expert-production"]
    assert status[0]["state"] == "maintenance"
    assert client.get("/api/v1/maintenances/").data["count"] == 2
    assert client.get("/api/v1/maintenances/?scope=current").data["count"] == 1
    assert client.get("/api/v1/maintenances/?scope=planned").data["count"] == 1
    assert client.get("/api/v1/incidents/").data["count"] == 1
    assert client.get("/api/v1/releases/").data["count"] == 0


def test_monthly_availability(api, client_admin, service):
    IncidentFactory(services=[service], start=paris(2026, 10, 6, 10), end=paris(2026, 10, 6, 14))
    client = api(client_admin)
    report = client.get("/api/v1/availability/2026/10/").data
    assert report["prt_hours"] == 286
    assert report["counted_ti_hours"] == 4
    assert report["td"] == 98.6
    assert report["meets_commitment"] is False
    assert report["counted"][0]["hours_in_prt"] == 4
    months = client.get("/api/v1/availability/").data
    assert [(m["year"], m["month"]) for m in months[:2]] == [(2026, 11), (2026, 10)]
    assert client.get("/api/v1/availability/2019/1/").status_code == 404
    assert client.get("/api/v1/availability/2026/13/").status_code == 404


def test_the_schema_documents_the_status_api(api, agent):
    response = api(agent).get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/maintenances/", "/api/v1/availability/{year}/{month}/"):
        assert path in schema


# --- Restoration (art. 9) ---------------------------------------------------------


def test_an_administrator_files_a_restoration_through_the_api(api, client_admin):
    response = api(client_admin).post(
        "/api/v1/restorations/", {"restore_point": "J-2", "comment": "Import en double"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["restore_point"] == "J-2"
    assert body["target_date"] == "2026-11-01"
    assert body["restore_point_label"] == "J-2 — état du dimanche 1er novembre 2026"
    assert body["status"] == RestorationRequest.Status.FILED
    assert body["demande_reference"]
    listed = api(client_admin).get("/api/v1/restorations/").json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]


def test_a_restore_point_that_does_not_exist_is_a_400_in_french(api, client_admin):
    response = api(client_admin).post("/api/v1/restorations/", {"restore_point": "J-8"})
    assert response.status_code == 400
    assert "Ce point de restauration n'existe pas" in response.content.decode()
    assert not RestorationRequest.objects.exists()


def test_restorations_are_scoped_to_the_organisation(api, client_admin, outsider):
    mine = RestorationRequestFactory(organisation=client_admin.organisation)
    theirs = RestorationRequestFactory(organisation=outsider.organisation)
    listed = api(client_admin).get("/api/v1/restorations/").json()["results"]
    assert [item["id"] for item in listed] == [str(mine.public_id)]
    response = api(client_admin).get(f"/api/v1/restorations/{theirs.public_id}/")
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["client_user", "agent", "vendor_admin"])
def test_only_holders_of_the_right_file_a_restoration(api, request, role):
    user = request.getfixturevalue(role)
    response = api(user).post("/api/v1/restorations/", {"restore_point": "J-1"})
    assert response.status_code == 403
    assert not RestorationRequest.objects.exists()
