"""Backups of the portal itself: database and media files (issue 11, art. 9).

One restore point per run, a folder under ``BACKUP_DIR`` named by the UTC
time it was taken (``2026-11-29T223000Z``)::

    manifest.json      format, date, engine, rows per table, media files
    database.sqlite3   SQLite: a copy made by the online backup API
    database.dump      PostgreSQL: ``pg_dump -Fc`` (custom format, for pg_restore)
    media/…            every file of the default storage, by its storage name

The point is written under a temporary name and renamed when complete, so a
failed run leaves nothing that looks like a restore point. Row counts and the
list of files referenced by ``FileField`` columns are read from the same state
as the dump (the SQLite copy itself; PostgreSQL's exported snapshot shared with
``pg_dump``). Media go through Django's storage API, so an S3 bucket is read
the same way as ``var/media``; a file whose content did not change since the
previous point is hard-linked to it instead of stored twice.

Every ``FileField`` of the portal uses the default storage (a test checks it),
which is the one restored. ``DATA_ACCESS_ROOT`` holds derived files only (Data
Access snapshots and exports, rebuilt from the database): it is not backed up.

Retention (``portal.core.backup_rules``): the points art. 9 promises, J-1 … J-7
and M-1, M-2, every day.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import posixpath
import re
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections, models, transaction
from django.utils import timezone

from portal.core import backup_rules

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"
NAME_FORMAT = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(r"^\d{4}-\d\d-\d\dT\d{6}Z$")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restoration that could not be done; the message says why, in French."""


@dataclass(frozen=True)
class RestorePoint:
    path: Path
    taken_at: datetime  # aware, UTC

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def paris_time(self) -> datetime:
        return self.taken_at.astimezone(PARIS)


@dataclass
class RestoreReport:
    point: str
    engine: str
    tables: dict[str, int]
    files: int
    media_bytes: int
    mismatches: list[str] = field(default_factory=list)


# --- restore points on disk ---------------------------------------------------------


def backup_root() -> Path:
    return Path(settings.BACKUP_DIR)


def point_name(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(NAME_FORMAT)


def list_points(root: Path | None = None) -> list[RestorePoint]:
    """The complete restore points under ``root``, oldest first."""
    root = root or backup_root()
    if not root.is_dir():
        return []
    points = [
        RestorePoint(path, datetime.strptime(path.name, NAME_FORMAT).replace(tzinfo=UTC))
        for path in root.iterdir()
        if _NAME.match(path.name) and (path / MANIFEST).is_file()
    ]
    return sorted(points, key=lambda point: point.taken_at)


def find_point(spec: str, *, root: Path | None = None, today=None) -> RestorePoint:
    """A restore point by folder name, path, ``latest`` or art. 9 code (``J-1`` … ``M-2``)."""
    from portal.status.restore_points import find_restore_point

    root = root or backup_root()
    points = list_points(root)
    spec = (spec or "").strip()
    if spec.lower() == "latest":
        if not points:
            raise BackupError(f"Aucun point de restauration dans {root}.")
        return points[-1]
    today = today or timezone.now().astimezone(PARIS).date()
    code = find_restore_point(spec, today)
    if code is not None:
        moment = backup_rules.serving_point([p.paris_time for p in points], code.target_date)
        if moment is None:
            raise BackupError(f"Aucune sauvegarde ne couvre {code.label} dans {root}.")
        return next(point for point in points if point.paris_time == moment)
    path = Path(spec) if os.sep in spec else root / spec
    for point in points:
        if point.path.resolve() == path.resolve():
            return point
    raise BackupError(
        f"Point de restauration introuvable : « {spec} ». Donnez le nom d'un dossier de "
        f"{root}, « latest » ou un code J-1 … J-7, M-1, M-2."
    )


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"Manifeste illisible dans {path} : {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Format de sauvegarde {manifest.get('format')!r} inconnu (attendu : {FORMAT_VERSION})."
        )
    return manifest


# --- backup -----------------------------------------------------------------------------


def run_daily_backup(
    *, now: datetime | None = None, root: Path | None = None, storage=None
) -> tuple[RestorePoint, list[str]]:
    """Take a restore point, then delete those art. 9 no longer needs; (point, deleted)."""
    now = now or timezone.now()
    root = root or backup_root()
    with _exclusive(root):
        point = create_backup(now=now, root=root, storage=storage)
        deleted = prune(today=now.astimezone(PARIS).date(), root=root)
    return point, deleted


def create_backup(
    *, now: datetime | None = None, root: Path | None = None, using="default", storage=None
) -> RestorePoint:
    """Write one complete restore point under ``root`` or raise ``BackupError`` leaving none."""
    now = now or timezone.now()
    storage = storage or storages["default"]
    root = root or backup_root()
    name = point_name(now)
    partial = root / f".partial-{name}-{secrets.token_hex(4)}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        if (root / name).exists():
            raise BackupError(f"Le point de restauration {name} existe déjà.")
        partial.mkdir()
        manifest = _write_point(
            partial, name=name, now=now, using=using, storage=storage, previous=_latest(root)
        )
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.rename(partial, root / name)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        reason = str(error) if isinstance(error, BackupError) else _explain(error)
        logger.error("backup %s failed, no restore point left: %s", name, reason, exc_info=True)
        if isinstance(error, Exception):
            raise BackupError(
                f"Sauvegarde {name} échouée, rien n'a été gardé : {reason}"
            ) from error
        raise
    logger.info("backup %s written to %s", name, root)
    return RestorePoint(root / name, now.astimezone(UTC))


def prune(*, today, root: Path | None = None) -> list[str]:
    """Delete the restore points art. 9 no longer needs (``backup_rules.points_to_keep``)."""
    points = list_points(root or backup_root())
    keep = backup_rules.points_to_keep([point.paris_time for point in points], today)
    deleted = []
    for point in points:
        if point.paris_time in keep:
            continue
        # Renamed first: a deletion cut short never leaves a half point that looks complete.
        doomed = point.path.with_name(f".deleting-{point.name}")
        os.rename(point.path, doomed)
        shutil.rmtree(doomed, ignore_errors=True)
        deleted.append(point.name)
    return deleted


def _latest(root: Path) -> tuple[Path, dict] | None:
    points = list_points(root)
    if not points:
        return None
    with contextlib.suppress(BackupError):
        return points[-1].path, read_manifest(points[-1].path)
    return None


def _write_point(folder: Path, *, name: str, now: datetime, using: str, storage, previous) -> dict:
    connection = connections[using]
    if connection.vendor == "sqlite":
        database, referenced = _dump_sqlite(connection, folder / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        database, referenced = _dump_postgres(connection, folder / POSTGRES_FILE)
    else:
        raise BackupError(f"Base {connection.vendor} non prise en charge (SQLite ou PostgreSQL).")
    media = _copy_media(storage, folder / MEDIA_DIR, referenced, previous)
    return {
        "format": FORMAT_VERSION,
        "name": name,
        "taken_at": now.astimezone(UTC).isoformat(),
        "paris_day": now.astimezone(PARIS).date().isoformat(),
        "database": database,
        "media": media,
    }


@contextlib.contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One backup at a time on this folder (a manual run during the nightly one)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(f"Une sauvegarde est déjà en cours dans {root}.") from None
        yield


def _explain(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disque plein ({error})"
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return f"écriture refusée ({error})"
    return f"{type(error).__name__}: {error}"


# --- database ------------------------------------------------------------------------


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField (ImageField included) of the portal's models."""
    columns = set()
    for model in apps.get_models():
        for model_field in model._meta.local_concrete_fields:
            if isinstance(model_field, models.FileField):
                columns.add((model._meta.db_table, model_field.column))
    return sorted(columns)


def _read_state(cursor, tables: list[str]) -> tuple[dict, set[str], dict]:
    """Rows per table, stored file names and applied migrations, through ``cursor``."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted names
        counts[table] = cursor.fetchone()[0]
    referenced = set()
    for table, column in _file_columns():
        cursor.execute(
            f"SELECT {_quote(column)} FROM {_quote(table)} "  # noqa: S608 - quoted names
            f"WHERE {_quote(column)} IS NOT NULL AND {_quote(column)} <> ''"
        )
        referenced.update(row[0] for row in cursor.fetchall())
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    migrations = dict(cursor.fetchall())
    return counts, referenced, migrations


def _dump_sqlite(connection, target: Path) -> tuple[dict, set[str]]:
    """SQLite's online backup API: a consistent copy while the portal keeps writing."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # all pages in one step: one consistent state
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts, referenced, migrations = _read_state(cursor, tables)
    finally:
        copy.close()
    database = {
        "engine": "sqlite",
        "file": SQLITE_FILE,
        **_digest_file(target),
        "tables": counts,
        "migrations": migrations,
    }
    return database, referenced


def _dump_postgres(connection, target: Path) -> tuple[dict, set[str]]:
    """``pg_dump -Fc`` inside an exported snapshot that the row counts read too."""
    pg_dump = pg_binary("pg_dump", connection.pg_version)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run([pg_dump, "-Fc", f"--snapshot={snapshot}", "-f", str(target)], connection)
        tables = sorted(connection.introspection.table_names(cursor))
        counts, referenced, migrations = _read_state(cursor, tables)
    database = {
        "engine": "postgresql",
        "file": POSTGRES_FILE,
        "server_version": connection.pg_version,
        **_digest_file(target),
        "tables": counts,
        "migrations": migrations,
    }
    return database, referenced


def pg_binary(name: str, server_version: int) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version (Debian keeps one per
    version under /usr/lib/postgresql), else the one on PATH."""
    major = server_version // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} introuvable (paquet postgresql-client-{major}).")
    return found


def _pg_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command: list[str], connection=None, *, settings_dict: dict | None = None) -> None:
    settings_dict = settings_dict or connection.settings_dict
    result = subprocess.run(  # noqa: S603 - fixed binaries, no shell
        command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} a échoué ({result.returncode}) : {result.stderr.strip()}")


def _digest_file(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


# --- media ------------------------------------------------------------------------------


def storage_files(storage, path: str = "") -> Iterator[str]:
    """Every file name under ``path`` of a Django storage (local folder or S3 bucket)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, posixpath.join(path, directory) if path else directory)


def _safe_relative(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"Nom de fichier stocké refusé : {name!r}.")
    return relative


def _copy_media(storage, folder: Path, referenced: set[str], previous) -> dict:
    listed = set(storage_files(storage))
    # Referenced by a row but not in the storage (deleted after the dump): recorded, not
    # fatal. Checked with exists(): not every storage raises FileNotFoundError on open.
    missing = sorted(name for name in referenced - listed if not storage.exists(name))
    names = sorted((listed | referenced) - set(missing))
    earlier = {}
    if previous is not None:
        earlier_path, earlier_manifest = previous
        earlier = {
            entry["name"]: (earlier_path / MEDIA_DIR / entry["name"], entry["sha256"])
            for entry in earlier_manifest["media"]["files"]
        }
    files = []
    for name in names:
        try:
            files.append(_copy_one(storage, name, folder, earlier.get(name)))
        except FileNotFoundError:  # deleted while being copied
            missing.append(name)
    for name in missing:
        logger.warning("backup: stored file %s is referenced but missing", name)
    return {
        "storage": f"{type(storage).__module__}.{type(storage).__name__}",
        "files": files,
        "missing": missing,
        "total_size": sum(entry["size"] for entry in files),
    }


def _copy_one(storage, name: str, folder: Path, earlier) -> dict:
    target = folder / _safe_relative(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as source, open(target, "xb") as out:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    checksum = digest.hexdigest()
    if earlier is not None and earlier[1] == checksum:
        _link_instead(earlier[0], target)
    return {"name": name, "size": size, "sha256": checksum}


def _link_instead(existing: Path, target: Path) -> None:
    """Same content as in the previous point: share its file (saves the space, not the read)."""
    link = target.with_name(target.name + ".link")
    try:
        os.link(existing, link)
        os.replace(link, target)
    except OSError:  # another file system, or no hard links: the copy stays
        with contextlib.suppress(OSError):
            link.unlink()


def file_checksum(storage, name: str) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


# --- restore ----------------------------------------------------------------------------


def restore(*, point: RestorePoint, database: dict | None = None, storage=None) -> RestoreReport:
    """Restore ``point`` into an EMPTY database and an EMPTY storage, then check it.

    Anything else is refused outright, ``--force`` or not: restoring over live
    rows would mix two states (pg_restore --clean leaves the tables a later
    migration added, SQLite would lose rows written since), and a restored
    portal must be exactly its backup. Make an empty one first (the refusal
    says how). The backup's checksums are checked before anything is written;
    afterwards every file is read back and every table counted again.
    """
    database = database or connections["default"].settings_dict
    storage = storage or storages["default"]
    manifest = read_manifest(point.path)
    _verify_point(point.path, manifest)
    engine = _engine(database)
    if engine != manifest["database"]["engine"]:
        raise BackupError(
            f"Cette sauvegarde est une base {manifest['database']['engine']} ; "
            f"la base cible est {engine}."
        )
    _require_empty_database(engine, database)
    _require_empty_storage(storage)
    if engine == "sqlite":
        _restore_sqlite(point.path / SQLITE_FILE, database)
    else:
        _restore_postgres(point.path / POSTGRES_FILE, database)
    media = _restore_media(point.path / MEDIA_DIR, manifest["media"]["files"], storage)
    tables = count_rows(engine, database, list(manifest["database"]["tables"]))
    mismatches = media + [
        f"table {table} : {tables[table]} lignes restaurées, {expected} sauvegardées"
        for table, expected in manifest["database"]["tables"].items()
        if tables[table] != expected
    ]
    return RestoreReport(
        point=point.name,
        engine=engine,
        tables=tables,
        files=len(manifest["media"]["files"]),
        media_bytes=manifest["media"]["total_size"],
        mismatches=mismatches,
    )


def _engine(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(f"Base {engine} non prise en charge (SQLite ou PostgreSQL).")


def _verify_point(path: Path, manifest: dict) -> None:
    """The backup is whole: database file and every media file match the manifest."""
    expected = manifest["database"]
    if _digest_file(path / expected["file"])["sha256"] != expected["sha256"]:
        raise BackupError(f"{path.name} : la copie de la base ne correspond pas au manifeste.")
    for entry in manifest["media"]["files"]:
        copy = path / MEDIA_DIR / _safe_relative(entry["name"])
        if not copy.is_file() or _digest_file(copy)["sha256"] != entry["sha256"]:
            raise BackupError(f"{path.name} : le fichier {entry['name']} est absent ou altéré.")


@contextlib.contextmanager
def _target_cursor(engine: str, database: dict):
    if engine == "sqlite":
        connection = sqlite3.connect(_sqlite_path(database))
    else:
        import psycopg

        params = {
            "dbname": database.get("NAME"),
            "host": database.get("HOST"),
            "port": database.get("PORT"),
            "user": database.get("USER"),
            "password": database.get("PASSWORD"),
        }
        connection = psycopg.connect(**{key: value for key, value in params.items() if value})
    try:
        yield connection.cursor()
    finally:
        connection.close()


def _sqlite_path(database: dict) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("Restaurez SQLite dans un fichier, pas dans une base en mémoire.")
    return Path(name)


def _require_empty_database(engine: str, database: dict) -> None:
    if engine == "sqlite" and not _sqlite_path(database).exists():
        return
    with _target_cursor(engine, database) as cursor:
        if engine == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
            how = f"supprimez le fichier {database['NAME']} (portail arrêté)"
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            )
            how = f"dropdb {database['NAME']} && createdb {database['NAME']} (portail arrêté)"
        if cursor.fetchone()[0]:
            raise BackupError(
                f"La base cible {database['NAME']} n'est pas vide : la restauration ne remplace "
                f"pas des données existantes. Pour repartir d'une base vide : {how}."
            )


def _require_empty_storage(storage) -> None:
    first = next(storage_files(storage), None)
    if first is not None:
        raise BackupError(
            f"Le stockage des fichiers cible n'est pas vide (il contient {first}) : "
            "la restauration ne remplace pas des fichiers existants. Videz-le "
            f"({getattr(storage, 'location', 'le compartiment')}) ou choisissez-en un autre."
        )


def _restore_sqlite(copy: Path, database: dict) -> None:
    target = _sqlite_path(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, partial)
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)  # an empty database's journal, never data
    os.replace(partial, target)


def _restore_postgres(dump: Path, database: dict) -> None:
    with _target_cursor("postgresql", database) as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
    pg_restore = pg_binary("pg_restore", version)
    # One transaction: a restoration that fails half-way leaves the database empty.
    command = [pg_restore, "--exit-on-error", "--single-transaction", "--no-owner"]
    _run([*command, "--no-privileges", f"--dbname={database['NAME']}", str(dump)],
         settings_dict=database)  # fmt: skip


def _restore_media(folder: Path, entries: list[dict], storage) -> list[str]:
    """Save every file under its own name, then read each back; the differences."""
    for entry in entries:
        with open(folder / _safe_relative(entry["name"]), "rb") as stream:
            saved = storage.save(entry["name"], File(stream, name=entry["name"]))
        if saved != entry["name"]:
            raise BackupError(f"Le stockage a renommé {entry['name']} en {saved}.")
    problems = []
    for entry in entries:
        size, checksum = file_checksum(storage, entry["name"])
        if (size, checksum) != (entry["size"], entry["sha256"]):
            problems.append(f"fichier {entry['name']} : somme de contrôle différente")
    return problems


def count_rows(engine: str, database: dict, tables: list[str]) -> dict[str, int]:
    counts = {}
    with _target_cursor(engine, database) as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted names
            counts[table] = cursor.fetchone()[0]
    return counts
