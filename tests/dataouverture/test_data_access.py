"""Cegid Data Access (art. 17, 2.): isolation by construction, sandboxed SQL, exports."""

import csv
import sqlite3
from datetime import timedelta

import pytest
from django.utils import timezone

from dataouverture import sandbox
from dataouverture.models import QueryExport
from dataouverture.services import dataaccess
from tests.dataouverture.conftest import give_pack
from tests.support.factories import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(pack, client_admin, outsider, other_organisation):
    """Our organisation's snapshot, built while another organisation has data too."""
    give_pack(other_organisation)
    file(client_admin, subject="Notre demande")
    file(outsider, subject="Leur demande secrète")
    dataaccess.request_snapshot(actor=client_admin)
    built = dataaccess.build_snapshot(organisation_id=client_admin.organisation_id)
    assert built.status == "ready", built.error
    return built


def test_the_snapshot_holds_only_our_rows(ready, outsider):
    result = sandbox.run(ready.path, "SELECT objet FROM demandes")
    assert result.rows == [("Notre demande",)]
    users = sandbox.run(ready.path, "SELECT email FROM utilisateurs").rows
    assert (outsider.email,) not in users
    with open(ready.path, "rb") as handle:
        raw = handle.read()
    assert b"secr" not in raw and outsider.email.encode() not in raw


def test_the_documented_view_of_deadlines_answers(ready):
    result = sandbox.run(ready.path, "SELECT demande, respecte FROM delais")
    assert len(result.rows) == 1


@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '/tmp/other.sqlite3' AS other",
        "SELECT * FROM other.demandes",
        "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so')",
        "SELECT readfile('/etc/passwd')",
        "PRAGMA table_info(demandes)",
        "DELETE FROM demandes",
        "CREATE TEMP TABLE t AS SELECT 1",
        "SELECT 1; DROP TABLE demandes",
    ],
)
def test_it_refuses_everything_but_reading(ready, sql):
    with pytest.raises(sandbox.QueryRefused):
        sandbox.run(ready.path, sql)
    assert sandbox.run(ready.path, "SELECT count(*) FROM demandes").rows == [(1,)]


def test_attach_of_another_snapshot_is_refused(ready, tmp_path):
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE secrets (x)")
    connection.close()
    with pytest.raises(sandbox.QueryRefused, match="interdite"):
        sandbox.run(ready.path, f"ATTACH DATABASE '{other}' AS autre")


def test_a_very_long_query_is_stopped(ready):
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    with pytest.raises(sandbox.QueryRefused, match="durée maximale"):
        sandbox.run(ready.path, endless, sandbox.Limits(seconds=0.5, rows=10))


def test_the_row_limit_truncates(ready):
    many = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 500) SELECT i FROM n"
    )
    result = sandbox.run(ready.path, many, sandbox.Limits(seconds=5, rows=100))
    assert len(result.rows) == 100 and result.truncated


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_an_export_is_written_by_the_worker_and_downloaded(ready, client_admin, client, fmt):
    query = dataaccess.save_query(
        actor=client_admin,
        name="Demandes",
        sql="SELECT reference, objet, criticite FROM demandes",
        fmt=fmt,
        schedule="",
    )
    export = dataaccess.request_export(actor=client_admin, query=query)
    assert export.status == QueryExport.Status.PENDING  # the page never waits for it
    done = dataaccess.run_export(export_id=export.pk)
    assert done.status == "done", done.error
    assert done.rows == 1 and done.progress == 100
    client.force_login(client_admin)
    response = client.get(f"/data-ouverture/exports/{export.public_id}/telecharger/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(body.decode("utf-8-sig").splitlines(), delimiter=";"))
        assert rows[1][1] == "Notre demande"
    elif fmt == "parquet":
        assert body[:4] == b"PAR1"
    else:
        assert body[:2] == b"PK"


def test_the_download_link_expires(ready, client_admin, client):
    export = dataaccess.request_export(actor=client_admin, sql="SELECT 1 AS un", fmt="csv")
    dataaccess.run_export(export_id=export.pk)
    QueryExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(1))
    client.force_login(client_admin)
    response = client.get(f"/data-ouverture/exports/{export.public_id}/telecharger/")
    assert response.status_code == 410


def test_a_refused_query_fails_the_export_in_french(ready, client_admin):
    export = dataaccess.request_export(actor=client_admin, sql="DELETE FROM demandes", fmt="csv")
    failed = dataaccess.run_export(export_id=export.pk)
    assert failed.status == "failed"
    assert failed.error.startswith(("Erreur SQL", "Opération interdite"))


def test_an_export_is_claimed_once(ready, client_admin):
    export = dataaccess.request_export(actor=client_admin, sql="SELECT 1", fmt="csv")
    assert dataaccess.run_export(export_id=export.pk) is not None
    assert dataaccess.run_export(export_id=export.pk) is None


def test_the_progress_page_polls_with_htmx(ready, client_admin, client):
    export = dataaccess.request_export(actor=client_admin, sql="SELECT 1", fmt="csv")
    client.force_login(client_admin)
    response = client.get(f"/data-ouverture/exports/{export.public_id}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.content.decode()


def test_the_outsider_never_sees_our_export(ready, client_admin, outsider, client):
    export = dataaccess.request_export(actor=client_admin, sql="SELECT 1", fmt="csv")
    dataaccess.run_export(export_id=export.pk)
    client.force_login(outsider)
    assert client.get(f"/data-ouverture/exports/{export.public_id}/").status_code == 404
    response = client.get(f"/data-ouverture/exports/{export.public_id}/telecharger/")
    assert response.status_code == 404


def test_preview_shows_rows_or_a_french_error(ready, client_admin, client):
    client.force_login(client_admin)
    ok = client.post("/data-ouverture/data-access/apercu/", {"sql": "SELECT objet FROM demandes"})
    assert ok.status_code == 200 and "Notre demande" in ok.content.decode()
    bad = client.post("/data-ouverture/data-access/apercu/", {"sql": "PRAGMA user_version"})
    assert bad.status_code == 400 and "interdite" in bad.content.decode()


def test_scheduled_queries_run_from_the_sweep(ready, client_admin):
    query = dataaccess.save_query(
        actor=client_admin, name="Nuit", sql="SELECT 1", fmt="csv", schedule="daily"
    )
    assert query.next_run_at is not None
    later = query.next_run_at + timedelta(minutes=1)
    assert dataaccess.run_due_queries(now=later) == 1
    assert dataaccess.run_due_queries(now=later) == 0  # claimed: nothing twice
    query.refresh_from_db()
    assert query.next_run_at > later


def test_without_the_pack_the_page_explains_and_offers_to_order(client, client_admin):
    client.force_login(client_admin)
    response = client.get("/data-ouverture/data-access/")
    assert response.status_code == 200
    assert "Demander le pack au service client" in response.content.decode()
