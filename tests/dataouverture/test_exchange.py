"""Cegid File Exchange (art. 17, 3.) against real servers on loopback ports."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from dataouverture.models import ExchangeRun, ExchangeTarget
from dataouverture.services import exchange
from portal.core import crypto
from portal.core.errors import DomainError
from portal.documents import services as documents
from tests.dataouverture.servers import s3_server, webdav_server
from tests.documents.samples import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch):
    monkeypatch.setattr(exchange, "BACKOFF_SECONDS", 0)


def upload(actor, name, folder=None, text="Bonjour"):
    folder = folder or documents.shared_root(actor.organisation)
    data = pdf_bytes(text)
    return documents.upload_document(
        actor=actor, folder=folder, upload=ContentFile(data, name=name), name=name
    )


def settings_for(url, **extra):
    return {
        "kind": "webdav",
        "url": url,
        "username": "compta",
        "secret": "motdepasse",
        "remote_folder": "Portail",
        "nightly": True,
        **extra,
    }


def run_now(target):
    run = exchange.request_run(target=target)
    return exchange.run_exchange(run_id=run.pk)


def test_it_tests_the_connection_before_saving(pack, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        with pytest.raises(DomainError, match="Identifiants refusés"):
            exchange.save_target(actor=client_admin, data=settings_for(url, secret="faux"))
        assert not ExchangeTarget.objects.exists()
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
    assert target.secret_encrypted != "motdepasse"
    assert crypto.decrypt(target.secret_encrypted) == "motdepasse"
    assert target.next_run_at is not None


def test_an_unreachable_server_is_refused_in_french(pack, client_admin):
    with pytest.raises(DomainError, match="Serveur injoignable"):
        exchange.save_target(actor=client_admin, data=settings_for("http://127.0.0.1:9/"))


def test_it_exports_incrementally_by_checksum(pack, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    sub = documents.create_folder(
        actor=client_admin, parent=documents.shared_root(client_admin.organisation), name="Paie"
    )
    upload(client_admin, "Bilan.pdf")
    changing = upload(client_admin, "Bulletin.pdf", folder=sub)
    private = documents.private_root(client_admin)
    upload(client_admin, "Perso.pdf", folder=private)
    with webdav_server(tmp_path) as (url, _app):
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
        first = run_now(target)
        assert (first.status, first.sent, first.skipped) == ("succeeded", 2, 0)
        assert (tmp_path / "Portail" / "Bilan.pdf").read_bytes() == pdf_bytes("Bonjour")
        assert (tmp_path / "Portail" / "Paie" / "Bulletin.pdf").exists()
        assert not (tmp_path / "Portail" / "Perso.pdf").exists()  # private stays private

        documents.replace_document(
            actor=client_admin, document=changing, upload=ContentFile(pdf_bytes("v2"), name="b.pdf")
        )
        second = run_now(target)
    assert (second.sent, second.skipped) == (1, 1)
    assert (tmp_path / "Portail" / "Paie" / "Bulletin.pdf").read_bytes() == pdf_bytes("v2")


def test_a_server_failing_half_way_is_resumed_without_resending(
    pack, client_admin, tmp_path, send_queued_emails
):
    (tmp_path / "Portail").mkdir()
    for n in range(4):
        upload(client_admin, f"Pièce {n}.pdf", text=f"pièce {n}")
    with webdav_server(tmp_path, fail_after_puts=2) as (url, app):
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
        run = run_now(target)
        assert run.status == ExchangeRun.Status.RETRY
        assert (run.sent, run.failed) == (2, 1)
        assert "503" in run.error
        assert run.next_attempt_at > timezone.now()
        failed_item = run.items.get(outcome="failed")
        assert "HTTP 503" in failed_item.reason

        app.puts = None  # the server is back
        resumed = exchange.run_exchange(run_id=run.pk, now=run.next_attempt_at)
    assert resumed.status == "succeeded"
    assert (resumed.sent, resumed.skipped) == (2, 2)  # only what was left
    assert len(list((tmp_path / "Portail").iterdir())) == 4


def test_a_run_failing_for_good_emails_the_admins(pack, client_admin, tmp_path, send_queued_emails):
    (tmp_path / "Portail").mkdir()
    upload(client_admin, "Bilan.pdf")
    with webdav_server(tmp_path, fail_after_puts=0) as (url, _app):
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
        run = run_now(target)
        for _attempt in range(exchange.MAX_RUN_ATTEMPTS - 1):
            run = exchange.run_exchange(run_id=run.pk, now=run.next_attempt_at)
    assert run.status == "failed" and run.attempt == exchange.MAX_RUN_ATTEMPTS
    send_queued_emails()
    failure = [m for m in mail.outbox if "Échec de l'export" in m.subject]
    assert failure and failure[0].to == [client_admin.email]


def test_nightly_runs_come_from_the_stored_timer(pack, client_admin, tmp_path):
    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
    due = target.next_run_at + timedelta(minutes=1)
    assert len(exchange.start_due_nightly_runs(now=due)) == 1
    assert exchange.start_due_nightly_runs(now=due) == []  # claimed once
    target.refresh_from_db()
    assert target.next_run_at > due


def test_withdrawing_the_pack_pauses_the_nightly_export(pack, client_admin, tmp_path):
    from dataouverture.services.lifecycle import withdraw

    (tmp_path / "Portail").mkdir()
    with webdav_server(tmp_path) as (url, _app):
        target = exchange.save_target(actor=client_admin, data=settings_for(url))
    withdraw(client_admin.organisation)
    target.refresh_from_db()
    assert target.paused_at is not None and target.next_run_at is None


def test_it_exports_to_s3_compatible_storage(pack, client_admin):
    import boto3

    upload(client_admin, "Bilan.pdf")
    with s3_server() as url:
        s3 = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id="cle",
            aws_secret_access_key="secret",
            region_name="us-east-1",
        )
        s3.create_bucket(Bucket="ged")
        data = {
            "kind": "s3",
            "url": url,
            "bucket": "ged",
            "username": "cle",
            "secret": "secret",
            "remote_folder": "portail",
            "nightly": False,
        }
        with pytest.raises(DomainError, match="Bucket introuvable"):
            exchange.save_target(actor=client_admin, data={**data, "bucket": "absent"})
        target = exchange.save_target(actor=client_admin, data=data)
        run = run_now(target)
        assert run.status == "succeeded" and run.sent == 1
        body = s3.get_object(Bucket="ged", Key="portail/Bilan.pdf")["Body"].read()
    assert body == pdf_bytes("Bonjour")


def test_a_ged_on_the_portals_own_network_is_refused(pack, client_admin, settings):
    settings.FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS = False
    for url in ("http://127.0.0.1:8080/", "http://10.0.0.5/", "http://169.254.169.254/"):
        with pytest.raises(DomainError, match="adresse interne"):
            exchange.save_target(actor=client_admin, data=settings_for(url))
    assert not ExchangeTarget.objects.exists()
