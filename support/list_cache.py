"""The Demande lists, read from the cache while no Demande they can show changed.

Every insert and update of a Demande gives its row a new, greater
``list_version`` (a database trigger, migration 0011: a bulk ``UPDATE`` of the
deadline sweep moves it as surely as a form does, and no service has to
remember anything). A list's version is the greatest ``list_version`` of the
Demandes it can show: all of them for the agents' queue, one organisation's
for a client. The count and the rows of a page are cached under that version,
the person and what they may see, and the query string, so that a list read
again while nothing changed costs one query on an index instead of three
compiled by the ORM (issue 11).

What is cached is the rows' values, not their rendering: the queue still
computes each Demande's business time left with the clock of the request.

What a version cannot see, and the bound on it (``CACHED_LISTS_SECONDS``):
- a person or an organisation renamed or erased: their rows keep the old
  name for a few seconds;
- on PostgreSQL, a write that took its version before another and commits
  after it: a list read between the two commits misses the first write for a
  few seconds (versions come from a sequence, taken at write time);
- a Demande deleted (only an organisation's deletion does that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import connections, router

from portal.core.fragments import cached, signature
from support.models import Demande


def demandes_version(organisation_id: int | None = None) -> int:
    """The greatest ``list_version`` of all Demandes, or of an organisation's:
    one step on the ``demande_version_idx`` or ``demande_org_version_idx`` index."""
    connection = connections[router.db_for_read(Demande)]
    table = connection.ops.quote_name(Demande._meta.db_table)
    sql, params = f"SELECT MAX(list_version) FROM {table}", []  # noqa: S608 — a model's table
    if organisation_id is not None:
        sql, params = f"{sql} WHERE organisation_id = %s", [organisation_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (version,) = cursor.fetchone()
    return version or 0


def list_key(name: str, version: int, who: Iterable[Any], params=None) -> str:
    """The cache key of a list: its name and version, who reads it (and what
    decides what they may see), and the query string without the page number."""
    lists = params.lists() if params is not None else ()
    query = sorted((key, values) for key, values in lists if key != "page")
    return f"demandes:{name}:{version}:{signature(tuple(who), query)}"


class VersionedList:
    """A list for Django's Paginator (``count()``, slices) whose count and slices
    are cached under ``key``; ``count`` and ``rows(window)`` compute them."""

    #: The rows are in the list's order (Paginator warns about unordered lists).
    ordered = True

    def __init__(self, key: str, count: Callable[[], int], rows: Callable[[slice], list]):
        self._key = key
        self._count = count
        self._rows = rows

    def count(self) -> int:
        return self._cached("count", self._count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        return self._cached(f"{window.start}:{window.stop}", lambda: self._rows(window))

    def _cached(self, part: str, compute: Callable[[], Any]) -> Any:
        return cached(f"{self._key}:{part}", settings.CACHED_LISTS_SECONDS, compute)
