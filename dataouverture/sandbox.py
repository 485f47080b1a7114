"""Running a client's SQL on its snapshot, and nothing else (art. 17, 2. Data Access).

Pure standard library (no Django). Isolation does not rest on parsing the
SQL: the database file holds only the organisation's rows, is opened
read-only, and SQLite's authorizer refuses every action but reading
(``ATTACH``, ``PRAGMA``, writes, ``load_extension`` …). SQLite has no file
or network function unless an extension is loaded, and loading is off. A
progress handler stops a query past its time limit; rows past the row limit
are not fetched.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_SQL_LENGTH = 20_000
#: Functions refused even though plain SQLite does not define most of them:
#: a build or a future Python could.
DENIED_FUNCTIONS = {
    "load_extension",
    "readfile",
    "writefile",
    "edit",
    "fts3_tokenizer",
    "zipfile",
    "sqlar_compress",
    "sqlar_uncompress",
}
_ALLOWED_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_ALLOWED_ACTIONS |= {getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


class QueryRefused(Exception):
    """A French message for the person who wrote the query."""


@dataclass
class Limits:
    seconds: float = 10.0
    rows: int = 100_000


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False


def _authorizer(action, arg1, arg2, db_name, trigger):
    if action not in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and db_name not in (None, "main"):
        return sqlite3.SQLITE_DENY  # temp tables cannot be created anyway
    return sqlite3.SQLITE_OK


def connect(path: str) -> sqlite3.Connection:
    """A read-only connection with the authorizer installed."""
    uri = f"file:{path}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    if hasattr(connection, "enable_load_extension"):
        connection.enable_load_extension(False)
    if hasattr(connection, "setlimit"):  # Python ≥ 3.11
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    connection.execute("PRAGMA query_only = ON")
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.set_authorizer(_authorizer)
    return connection


def check_text(sql: str) -> str:
    sql = (sql or "").strip().rstrip(";").strip()
    if not sql:
        raise QueryRefused("Écrivez une requête SELECT.")
    if len(sql) > MAX_SQL_LENGTH:
        raise QueryRefused(f"La requête dépasse {MAX_SQL_LENGTH} caractères.")
    return sql


def _translate(error: sqlite3.Error, timed_out: bool, limits: Limits) -> QueryRefused:
    message = str(error)
    if timed_out or "interrupted" in message:
        return QueryRefused(
            f"La requête a dépassé la durée maximale de {limits.seconds:g} secondes : "
            "ajoutez des conditions (WHERE) ou une limite (LIMIT)."
        )
    if "not authorized" in message or "prohibited" in message:
        return QueryRefused(
            "Opération interdite : seules les lectures (SELECT, WITH) sur les tables "
            "documentées sont permises — pas d'ATTACH, de PRAGMA, d'écriture ni d'accès "
            "aux fichiers."
        )
    if "one statement at a time" in message:
        return QueryRefused("Une seule requête à la fois.")
    return QueryRefused(f"Erreur SQL : {message}")


def iterate(
    path: str, sql: str, limits: Limits, *, batch: int = 5_000
) -> tuple[list[str], Iterator[list[tuple]]]:
    """Columns and an iterator of row batches, stopping at the row limit (+1 to detect it)."""
    sql = check_text(sql)
    connection = connect(path)
    deadline = time.monotonic() + limits.seconds
    state = {"timed_out": False}

    def progress():
        if time.monotonic() > deadline:
            state["timed_out"] = True
            return 1
        return 0

    connection.set_progress_handler(progress, 10_000)
    try:
        cursor = connection.execute(sql)
    except sqlite3.Error as error:
        connection.close()
        raise _translate(error, state["timed_out"], limits) from error
    if cursor.description is None:
        connection.close()
        raise QueryRefused("La requête ne renvoie aucune colonne : écrivez un SELECT.")
    columns = [column[0] for column in cursor.description]

    def batches():
        fetched = 0
        try:
            while fetched <= limits.rows:
                rows = cursor.fetchmany(min(batch, limits.rows + 1 - fetched))
                if not rows:
                    return
                fetched += len(rows)
                yield rows
        except sqlite3.Error as error:
            raise _translate(error, state["timed_out"], limits) from error
        finally:
            connection.close()

    return columns, batches()


def run(path: str, sql: str, limits: Limits | None = None) -> QueryResult:
    """The whole result (bounded by the row limit); ``truncated`` when rows were left."""
    limits = limits or Limits()
    columns, batches = iterate(path, sql, limits)
    rows: list[tuple] = []
    for chunk in batches:
        rows.extend(chunk)
    truncated = len(rows) > limits.rows
    return QueryResult(columns, rows[: limits.rows], truncated)


def count(path: str, sql: str, limits: Limits) -> int:
    """How many rows the query returns (to report an export's progress)."""
    wrapped = f"SELECT count(*) FROM ({check_text(sql)})"  # noqa: S608 - runs in the sandbox
    return run(path, wrapped, Limits(seconds=limits.seconds, rows=1)).rows[0][0]
