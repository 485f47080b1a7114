"""manage.py backup / restore, the nightly task and what a failed run leaves."""

import errno
import json
import os
from datetime import datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import models

from portal.celery import app as celery_app
from portal.core import backups, tasks
from portal.core.schedule import BEAT_SCHEDULE
from support.business_time import PARIS
from support.models import Attachment
from tests.support.factories import file, png

pytestmark = pytest.mark.django_db(transaction=True)

NIGHT = datetime(2026, 11, 29, 23, 30, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return storages["default"]


def entries(root):
    return sorted(path.name for path in root.iterdir() if path.name != ".lock")


def test_a_restore_point_is_a_dated_folder_with_its_manifest(client_user, tmp_path):
    file(client_user, attachments=[png()])

    point, deleted = backups.run_daily_backup(now=NIGHT)

    assert (point.name, deleted) == ("2026-11-29T223000Z", [])
    manifest = json.loads((point.path / "manifest.json").read_text())
    assert manifest["format"] == backups.FORMAT_VERSION
    assert manifest["taken_at"] == "2026-11-29T22:30:00+00:00"
    assert manifest["paris_day"] == "2026-11-29"
    assert manifest["database"]["tables"]["support_demande"] == 1
    assert manifest["database"]["migrations"]["support"]
    [attachment] = manifest["media"]["files"]
    assert attachment["name"].startswith("support/") and attachment["size"] > 0
    assert len(attachment["sha256"]) == 64


def test_a_failed_backup_leaves_no_restore_point_and_says_why(client_user, monkeypatch, caplog):
    file(client_user, attachments=[png()])

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "_copy_media", disk_full)

    with pytest.raises(backups.BackupError, match="rien n'a été gardé : disque plein"):
        backups.run_daily_backup(now=NIGHT)

    root = backups.backup_root()
    assert entries(root) == []
    assert backups.list_points(root) == []
    assert "no restore point left" in caplog.text


def test_a_referenced_file_missing_from_the_storage_is_recorded_not_fatal(client_user, media):
    file(client_user, attachments=[png()])
    name = Attachment.objects.get().file.name
    media.delete(name)

    point, _ = backups.run_daily_backup(now=NIGHT)

    manifest = backups.read_manifest(point.path)
    assert manifest["media"]["missing"] == [name] and manifest["media"]["files"] == []


def test_unchanged_files_are_hard_linked_between_points(client_user):
    file(client_user, attachments=[png()])

    first, _ = backups.run_daily_backup(now=NIGHT)
    second, _ = backups.run_daily_backup(now=NIGHT + timedelta(days=1))

    [name] = [entry["name"] for entry in backups.read_manifest(second.path)["media"]["files"]]
    assert os.path.samefile(first.path / "media" / name, second.path / "media" / name)


def test_each_run_prunes_what_art_9_no_longer_needs(client_user):
    """Seventy nights: the oldest ones go once M-2 has passed them."""
    root = backups.backup_root()
    root.mkdir(parents=True)
    manifest = {"format": backups.FORMAT_VERSION, "media": {"files": []}}
    for days in range(1, 71):
        old = root / backups.point_name(NIGHT - timedelta(days=days))
        old.mkdir()
        (old / "manifest.json").write_text(json.dumps(manifest))

    point, deleted = backups.run_daily_backup(now=NIGHT)

    kept = [p.paris_time.date() for p in backups.list_points(root)]
    assert min(kept).isoformat() == "2026-09-29"  # M-2 of 29 November
    assert len(kept) == 62 and len(deleted) == 71 - 62
    assert entries(root) == [p.name for p in backups.list_points(root)]  # nothing half-deleted


def test_the_backup_command_prints_the_point_and_what_it_holds(client_user, capsys):
    file(client_user, attachments=[png()])

    with time_machine.travel(NIGHT, tick=False):
        call_command("backup")

    out = capsys.readouterr().out
    assert "Point de restauration" in out and "2026-11-29T223000Z" in out
    assert "fichiers : 1" in out


def test_the_restore_command_finds_j_1_and_refuses_a_live_database(client_user):
    file(client_user)
    with time_machine.travel(NIGHT, tick=False):
        call_command("backup")

    with time_machine.travel(NIGHT + timedelta(hours=12), tick=False):
        # The test database is live (on SQLite, also in memory): refused either way.
        with pytest.raises(CommandError, match="n'est pas vide|pas dans une base en mémoire"):
            call_command("restore", "J-1")
        with pytest.raises(CommandError, match="Aucune sauvegarde ne couvre J-2"):
            call_command("restore", "J-2")
        with pytest.raises(CommandError, match="introuvable"):
            call_command("restore", "2020-01-01T000000Z")


def test_the_nightly_task_runs_the_same_backup(client_user):
    with time_machine.travel(NIGHT, tick=False):
        result = tasks.backup_portal()

    assert result.startswith("2026-11-29T223000Z")
    assert [p.name for p in backups.list_points()] == ["2026-11-29T223000Z"]


def test_beat_runs_it_every_night_at_23_30_paris_time():
    schedule = BEAT_SCHEDULE["core-backup"]["schedule"]
    schedule.app = celery_app

    assert BEAT_SCHEDULE["core-backup"]["task"] == "portal.core.tasks.backup_portal"
    assert (schedule.hour, schedule.minute) == ({23}, {30})
    assert str(schedule.tz) == "Europe/Paris"
    assert "core-backup" in celery_app.conf.beat_schedule


def test_every_file_field_uses_the_default_storage_which_is_what_is_backed_up():
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.local_concrete_fields
        if isinstance(field, models.FileField)
    ]
    assert fields
    assert all(field.storage is default_storage for field in fields)
