"""Saved-query exports optionally sent to the GED (art. 17, 2. and 3.), on real servers."""

import pytest
from django.core import mail

from dataouverture.models import ExchangeTarget, QueryExport
from dataouverture.services import dataaccess, exchange, gedpush
from portal.core.errors import DomainError
from tests.dataouverture.servers import s3_server, webdav_server
from tests.support.factories import file

pytestmark = pytest.mark.django_db

SQL = "SELECT reference, objet FROM demandes"


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch):
    monkeypatch.setattr(exchange, "BACKOFF_SECONDS", 0)


@pytest.fixture
def ready(pack, client_admin):
    file(client_admin, subject="Notre demande")
    dataaccess.request_snapshot(actor=client_admin)
    built = dataaccess.build_snapshot(organisation_id=client_admin.organisation_id)
    assert built.status == "ready", built.error
    return built


def webdav_target(actor, url):
    return exchange.save_target(
        actor=actor,
        data={
            "kind": "webdav",
            "url": url,
            "username": "compta",
            "secret": "motdepasse",
            "remote_folder": "Portail",
            "nightly": False,
        },
    )


def pushed_query(actor, name="Demandes du mois"):
    return dataaccess.save_query(
        actor=actor, name=name, sql=SQL, fmt="csv", schedule="", push_to_ged=True
    )


def export_now(actor, query):
    export = dataaccess.request_export(actor=actor, query=query)
    return dataaccess.run_export(export_id=export.pk)


def test_the_export_is_also_sent_to_the_webdav_ged(
    ready, client_admin, tmp_path, send_queued_emails
):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        done = export_now(client_admin, pushed_query(client_admin))
    assert done.status == "done" and done.ged_status == "sent", done.ged_error
    assert done.ged_path == f"Data Access/Demandes du mois/{done.filename}"
    assert done.filename.startswith("Demandes-du-mois-") and done.filename.endswith(".csv")
    remote = tmp_path / "Portail" / "Data Access" / "Demandes du mois" / done.filename
    with open(done.file_path, "rb") as handle:
        assert remote.read_bytes() == handle.read()
    assert b"Notre demande" in remote.read_bytes()
    send_queued_emails()
    assert not [m for m in mail.outbox if "GED" in m.subject]


def test_a_scheduled_export_is_sent_too(ready, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        query = dataaccess.save_query(
            actor=client_admin,
            name="Hebdo",
            sql=SQL,
            fmt="csv",
            schedule="weekly",
            push_to_ged=True,
        )
        assert dataaccess.run_due_queries(now=query.next_run_at) == 1
        export = QueryExport.objects.get(query=query)
        done = dataaccess.run_export(export_id=export.pk)
    assert done.ged_status == "sent"
    assert (tmp_path / "Portail" / "Data Access" / "Hebdo" / done.filename).exists()


def test_without_the_option_nothing_is_sent(ready, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        query = dataaccess.save_query(
            actor=client_admin, name="Locale", sql=SQL, fmt="csv", schedule=""
        )
        done = export_now(client_admin, query)
    assert done.status == "done" and done.ged_status == ""
    assert not (tmp_path / "Portail" / "Data Access").exists()


def test_a_failing_server_is_recorded_and_mailed_and_the_link_kept(
    ready, client_admin, client, tmp_path, send_queued_emails
):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path, fail_after_puts=0) as (url, app):
        webdav_target(client_admin, url)
        done = export_now(client_admin, pushed_query(client_admin))
    assert app.seen == exchange.FILE_ATTEMPTS  # retried with backoff, like an exchange run
    assert done.status == "done" and done.expires_at is not None
    assert done.ged_status == "failed"
    assert "HTTP 503" in done.ged_error
    send_queued_emails()
    failed = [m for m in mail.outbox if "GED" in m.subject]
    assert failed and failed[0].to == [client_admin.email]
    assert "HTTP 503" in failed[0].body and "Demandes du mois" in failed[0].body
    client.force_login(client_admin)
    page = client.get(f"/data-ouverture/exports/{done.public_id}/").content.decode()
    assert "vers votre GED a échoué" in page and "HTTP 503" in page
    assert f"/data-ouverture/exports/{done.public_id}/telecharger/" in page
    assert client.get(f"/data-ouverture/exports/{done.public_id}/telecharger/").status_code == 200


def test_refused_credentials_fail_at_once_in_french(ready, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        ExchangeTarget.objects.update(username="intrus")
        done = export_now(client_admin, pushed_query(client_admin))
    assert done.ged_status == "failed" and "Identifiants refusés" in done.ged_error


def test_the_pack_is_checked_at_push_time(ready, client_admin, tmp_path, monkeypatch):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        done = export_now(
            client_admin,
            dataaccess.save_query(actor=client_admin, name="Sans", sql=SQL, fmt="csv", schedule=""),
        )
        done.query.push_to_ged = True
        done.query.save()
        monkeypatch.setattr(gedpush, "has_pack", lambda organisation: False)
        pushed = gedpush.push_export(export=done)
    assert pushed.ged_status == "failed" and "Pack Data Ouverture" in pushed.ged_error
    assert not (tmp_path / "Portail" / "Data Access").exists()


def test_a_paused_target_is_not_used(ready, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
        exchange.pause_target(client_admin.organisation, reason="Pack retiré")
        done = export_now(client_admin, pushed_query(client_admin))
    assert done.status == "done" and done.ged_status == "failed"
    assert "suspendu" in done.ged_error


def test_the_export_is_sent_to_s3(ready, client_admin):
    import boto3

    with s3_server() as url:
        s3 = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id="cle",
            aws_secret_access_key="secret",
            region_name="us-east-1",
        )
        s3.create_bucket(Bucket="compta")
        exchange.save_target(
            actor=client_admin,
            data={
                "kind": "s3",
                "url": url,
                "bucket": "compta",
                "username": "cle",
                "secret": "secret",
                "remote_folder": "Portail",
            },
        )
        done = export_now(client_admin, pushed_query(client_admin))
        key = f"Portail/Data Access/Demandes du mois/{done.filename}"
        body = s3.get_object(Bucket="compta", Key=key)["Body"].read()
    assert done.ged_status == "sent" and b"Notre demande" in body


def test_the_option_needs_a_ged(ready, client_admin):
    with pytest.raises(DomainError, match="Configurez d'abord une GED") as refusal:
        pushed_query(client_admin)
    assert refusal.value.field == "push_to_ged"


def test_the_form_offers_the_option_only_with_a_ged(ready, client_admin, client, tmp_path):
    client.force_login(client_admin)
    assert "push_to_ged" not in client.get("/data-ouverture/data-access/").content.decode()
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        webdav_target(client_admin, url)
    page = client.get("/data-ouverture/data-access/").content.decode()
    assert 'name="push_to_ged"' in page and "Envoyer aussi vers la GED" in page
    response = client.post(
        "/data-ouverture/data-access/requetes/",
        {"name": "Vers GED", "sql": SQL, "format": "csv", "schedule": "", "push_to_ged": "on"},
    )
    assert response.status_code == 302
    query = client_admin.organisation.saved_queries.get(name="Vers GED")
    assert query.push_to_ged
    edit = client.get(f"/data-ouverture/data-access/requetes/{query.public_id}/")
    assert "checked" in edit.content.decode()
    client.post(
        f"/data-ouverture/data-access/requetes/{query.public_id}/",
        {"name": "Vers GED", "sql": SQL, "format": "csv", "schedule": ""},
    )
    query.refresh_from_db()
    assert not query.push_to_ged


def test_a_forged_option_without_a_ged_is_ignored(ready, client_admin, client):
    client.force_login(client_admin)
    response = client.post(
        "/data-ouverture/data-access/requetes/",
        {"name": "Forgée", "sql": SQL, "format": "csv", "schedule": "", "push_to_ged": "on"},
    )
    assert response.status_code == 302
    assert not client_admin.organisation.saved_queries.get(name="Forgée").push_to_ged
