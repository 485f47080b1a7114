"""manage.py loadcheck (issue 11): what the load test answered 201 against what is kept."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from portal.core import loadcheck
from portal.core.emails import send_pending
from portal.core.models import OutboundEmail
from portal.documents import services as documents
from portal.documents.models import StorageUsage
from support.models import Demande
from support.services.idempotency import file_once
from tests.documents import samples
from tests.factories import UserFactory
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("subscriptions.selectors.storage_entitlement_bytes", lambda *a, **k: 10**9)


@pytest.fixture
def load_user(organisation):
    return UserFactory(organisation=organisation, email="charge001@durand.charge")


def _file(user, key, *, kind="support"):
    extra = {} if kind == "support" else {"kind": kind, "category": "billing"}
    demande, _ = file_once(
        user=user, key=key, filing=lambda: file(user, now=MONDAY_10, **extra), now=MONDAY_10
    )
    return {"reference": demande.reference, "key": key}


def _upload(user):
    folder = documents.shared_root(user.organisation)
    doc = documents.upload_document(
        actor=user, folder=folder, upload=samples.upload("Bilan.pdf", samples.pdf_bytes())
    )
    return {"id": str(doc.public_id), "size": doc.size}


def _check(user, filed, uploaded, mail_dir=None) -> loadcheck.Report:
    report = loadcheck.Report()
    requesters = type(user).objects.filter(pk=user.pk)
    demandes = loadcheck.check_demandes(filed, requesters, report)
    loadcheck.check_acknowledgments(demandes, mail_dir, report)
    loadcheck.check_deadlines(demandes, report)
    loadcheck.check_documents([user.organisation], uploaded, default_storage, report)
    return report


def test_a_clean_run_passes_with_a_replay_counted_once(load_user):
    first = _file(load_user, "k1")
    replay = _file(load_user, "k1")  # the same key again: the same Demande
    other = _file(load_user, "k2", kind="customer_service")
    uploaded = [_upload(load_user)]
    send_pending(now=MONDAY_10)
    report = _check(load_user, [first, replay, other], uploaded)
    assert report.ok, report.problems
    assert report.figures["demandes_in_database"] == 2
    assert report.figures["acknowledgments_sent"] == 2
    assert report.figures["support_demandes_with_deadline"] == 1


def test_it_reports_a_ghost_an_unsent_acknowledgment_and_a_lost_answer(load_user):
    kept = _file(load_user, "k1")
    _file(load_user, "ghost")  # filed, but locust never saw its 201
    OutboundEmail.objects.update(sent_at=None)
    lost = {"reference": "D-2026-999999", "key": "k9"}
    problems = " | ".join(_check(load_user, [kept, lost], []).problems)
    assert "fantôme" in problems
    assert "accusé de réception non envoyé" in problems
    assert "D-2026-999999 répondue 201 mais absente" in problems


def test_it_reports_a_missing_deadline(load_user):
    filed = _file(load_user, "k1")
    send_pending(now=MONDAY_10)
    Demande.objects.update(take_in_charge_due_at=None)
    (problem,) = _check(load_user, [filed], []).problems
    assert "délai de prise en charge" in problem


def test_it_reports_quota_drift_a_lost_file_and_an_orphan(load_user):
    uploaded = [_upload(load_user)]
    StorageUsage.objects.update(bytes_reserved=10)
    default_storage.save(f"documents/{load_user.organisation.public_id}/stray", ContentFile(b"x"))
    problems = " | ".join(_check(load_user, [], uploaded).problems)
    assert "réservé 10" in problems
    assert "1 fichier(s) orphelin(s)" in problems


def test_the_command_fails_with_the_problems(load_user, tmp_path):
    record = tmp_path / "record.json"
    record.write_text('{"filed": [{"reference": "D-2026-999999", "key": "k"}], "uploaded": []}')
    with pytest.raises(CommandError, match="problème"):
        call_command("loadcheck", filed=str(record), wait=0)


def test_it_reports_a_retry_answered_with_another_demande(load_user):
    first = _file(load_user, "k1")
    second = _file(load_user, "k2")
    send_pending(now=MONDAY_10)
    retry = {"reference": second["reference"], "key": "k1"}
    problems = " | ".join(_check(load_user, [first, second, retry], []).problems)
    assert "clé k1 : plusieurs demandes" in problems


def test_a_filing_whose_answer_was_not_seen_is_counted_not_a_ghost(load_user):
    seen = _file(load_user, "k1")
    _file(load_user, "k2")  # committed; the answer was cut (end of run, timeout)
    send_pending(now=MONDAY_10)
    report = loadcheck.Report()
    requesters = type(load_user).objects.filter(pk=load_user.pk)
    loadcheck.check_demandes([seen], requesters, report, sent_keys=["k1", "k2"])
    assert report.ok, report.problems
    assert report.figures["filed_without_answer_seen"] == 1
    loadcheck.check_demandes([seen], requesters, report, sent_keys=["k1"])
    assert "fantôme" in report.problems[0]
