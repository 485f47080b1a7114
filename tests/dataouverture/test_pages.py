"""The pages of a pack holder render their content (the matrix covers the pack-less case)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dataouverture.models import ExchangeRun, ExchangeTarget, ImportRequest
from dataouverture.services import dataaccess
from portal.core import crypto

pytestmark = pytest.mark.django_db


def test_a_pack_holders_pages_show_their_services(client, client_admin, pack, credential_factory):
    issued = credential_factory(name="GED nocturne")
    query = dataaccess.save_query(
        actor=client_admin, name="Mes demandes", sql="SELECT 1", fmt="xlsx", schedule="weekly"
    )
    dataaccess.request_export(actor=client_admin, query=query)
    target = ExchangeTarget.objects.create(
        organisation=client_admin.organisation,
        kind="webdav",
        url="https://ged.example.test/",
        username="compta",
        secret_encrypted=crypto.encrypt("motdepasse"),
        updated_at=timezone.now(),
        next_run_at=timezone.now() + timedelta(hours=5),
    )
    ExchangeRun.objects.create(target=target, requested_at=timezone.now(), sent=3)
    client.force_login(client_admin)

    index = client.get("/data-ouverture/").content.decode()
    assert "ses services sont ouverts" in index
    keys = client.get("/data-ouverture/cles-api/").content.decode()
    assert "GED nocturne" in keys and issued.secret not in keys  # shown once, at creation
    access = client.get("/data-ouverture/data-access/").content.decode()
    assert "Mes demandes" in access and "evenements" in access
    ged = client.get("/data-ouverture/ged/").content.decode()
    assert "ged.example.test" in ged and "motdepasse" not in ged


def test_creating_a_key_shows_its_secret_once(client, client_admin, pack):
    client.force_login(client_admin)
    response = client.post(
        "/data-ouverture/cles-api/",
        {
            "name": "Import GED",
            "scopes": ["import:documents"],
            "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "rate_per_minute": 60,
        },
    )
    assert response.status_code == 200
    assert "il ne sera plus jamais affiché" in response.content.decode()
    assert "do_" in response.content.decode()


def test_a_key_beyond_one_year_is_refused_on_the_form(client, client_admin, pack):
    client.force_login(client_admin)
    response = client.post(
        "/data-ouverture/cles-api/",
        {
            "name": "Trop longue",
            "scopes": ["import:documents"],
            "expires_on": (timezone.localdate() + timedelta(days=500)).isoformat(),
            "rate_per_minute": 60,
        },
    )
    assert response.status_code == 400
    assert "un an" in response.content.decode()


def test_old_idempotency_keys_are_purged_by_the_sweep(pack, credential_factory):
    from dataouverture.tasks import sweep

    credential = credential_factory(name="GED").credential
    ImportRequest.objects.create(
        credential=credential,
        key="ancienne",
        endpoint="import/documents",
        fingerprint="x",
        created_at=timezone.now() - timedelta(days=8),
    )
    sweep()
    assert not ImportRequest.objects.exists()
