"""A backup restored into a fresh database and media folder equals its source.

On SQLite the copy goes to a second file; on PostgreSQL to a second database
of the same server, through the pg_dump/pg_restore of the server's version.
``transaction=True``: pg_dump and SQLite's backup API only see committed rows.
"""

import os
import sqlite3
import uuid
from datetime import datetime

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

from portal.core import backups
from portal.documents import services as documents
from support.business_time import PARIS
from tests.documents import samples
from tests.subscriptions.factories import issued_invoice
from tests.support.factories import file, png

pytestmark = pytest.mark.django_db(transaction=True)

NIGHT = datetime(2026, 11, 29, 23, 30, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return storages["default"]


@pytest.fixture
def seeded(client_user, client_admin, organisation, monkeypatch):
    """Demandes with attachments, documents in the shared folder, an invoice."""
    monkeypatch.setattr(
        "subscriptions.selectors.storage_entitlement_bytes", lambda *a, **k: 10 * 1024**3
    )
    file(client_user, attachments=[png("capture.png"), png("second.png")])
    file(client_user, subject="Export FEC refusé")
    shared = documents.shared_root(organisation)
    for index in range(3):
        documents.upload_document(
            actor=client_admin,
            folder=shared,
            upload=samples.upload(f"rapport-{index}.pdf", samples.pdf_bytes(f"Rapport {index}")),
        )
    issued_invoice(organisation)


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - test
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the test's engine, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        return
    target = {**connection.settings_dict, "NAME": f"portal_restore_{uuid.uuid4().hex[:12]}"}
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
    yield target
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


def test_a_restored_backup_has_the_same_rows_and_files(seeded, media, fresh_database, tmp_path):
    names = backups.storage_files(media)
    source_files = {name: backups.file_checksum(media, name) for name in names}
    assert len(source_files) == 5  # two attachments, three documents
    counts = source_counts()

    point, _ = backups.run_daily_backup(now=NIGHT, root=tmp_path / "backups")
    restored_media = FileSystemStorage(location=tmp_path / "restored-media")
    report = backups.restore(point=point, database=fresh_database, storage=restored_media)

    assert report.mismatches == []
    manifest = backups.read_manifest(point.path)
    assert manifest["database"]["tables"] == counts
    assert report.tables == counts
    assert counts["support_demande"] == 2 and counts["support_attachment"] == 2
    assert counts["documents_document"] == 3 and counts["subscriptions_invoice"] >= 1
    restored_files = {
        name: backups.file_checksum(restored_media, name)
        for name in backups.storage_files(restored_media)
    }
    assert restored_files == source_files
    assert {entry["name"]: entry["sha256"] for entry in manifest["media"]["files"]} == {
        name: checksum for name, (_size, checksum) in source_files.items()
    }


def test_restore_refuses_a_database_that_is_not_empty(seeded, media, fresh_database, tmp_path):
    point, _ = backups.run_daily_backup(now=NIGHT, root=tmp_path / "backups")
    backups.restore(
        point=point,
        database=fresh_database,
        storage=FileSystemStorage(location=tmp_path / "restored-media"),
    )
    other_media = FileSystemStorage(location=tmp_path / "other-media")

    with pytest.raises(backups.BackupError, match="La base cible .* n'est pas vide"):
        backups.restore(point=point, database=fresh_database, storage=other_media)

    assert list(backups.storage_files(other_media)) == []


def test_restore_refuses_a_media_folder_that_is_not_empty(seeded, fresh_database, tmp_path):
    point, _ = backups.run_daily_backup(now=NIGHT, root=tmp_path / "backups")
    other_media = FileSystemStorage(location=tmp_path / "other-media")
    other_media.save("reste.txt", samples.upload("reste.txt", b"x"))

    with pytest.raises(backups.BackupError, match="stockage des fichiers cible n'est pas vide"):
        backups.restore(point=point, database=fresh_database, storage=other_media)

    backups._require_empty_database(backups._engine(fresh_database), fresh_database)  # untouched
    assert list(backups.storage_files(other_media)) == ["reste.txt"]


def test_restore_refuses_a_damaged_backup_before_writing_anything(seeded, fresh_database, tmp_path):
    point, _ = backups.run_daily_backup(now=NIGHT, root=tmp_path / "backups")
    manifest = backups.read_manifest(point.path)
    damaged = point.path / "media" / manifest["media"]["files"][0]["name"]
    damaged.unlink()  # a hard link: the source file stays
    damaged.write_bytes(b"abime")
    restored_media = FileSystemStorage(location=tmp_path / "restored-media")

    with pytest.raises(backups.BackupError, match="absent ou altéré"):
        backups.restore(point=point, database=fresh_database, storage=restored_media)

    assert list(backups.storage_files(restored_media)) == []
    if connection.vendor == "sqlite":
        assert not os.path.exists(fresh_database["NAME"])


def test_a_sqlite_backup_is_one_self_contained_file(seeded, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    point, _ = backups.run_daily_backup(now=NIGHT, root=tmp_path / "backups")
    copy = sqlite3.connect(point.path / backups.SQLITE_FILE)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
