"""French full-text search for any model, on PostgreSQL and on SQLite alike.

Shared by the knowledge base (art. 12.4) and the learning catalogue (art. 13):
both describe what they index with a :class:`SearchSpec` and call the same
functions. The engine is chosen from the database in use; callers never see
which one runs, and the same tests pass on both.

How it works
------------
Each spec has a *side table* (``spec.table``), one row per indexed object,
keyed by the object's primary key and kept in step by the service that saves
the object (:func:`index` after a save, :func:`unindex` before a delete):

* **PostgreSQL**: ``object_id``, a stored ``tsvector`` (``document``) built
  with the ``portal_french`` text search configuration (the ``french`` Snowball
  stemmer after ``unaccent``), each field weighted A-D with ``setweight``, a
  GIN index on it; ``fuzzy``, the unaccented lower-case text of the A and B
  fields with a ``pg_trgm`` GIN index, for typo tolerance (``<%``, word
  similarity); and one text column per field for the highlighted snippet.
* **SQLite**: an FTS5 virtual table (``tokenize='unicode61 remove_diacritics
  2'``: case and accents folded) whose ``rowid`` is the object's primary key,
  one column per field. FTS5 has no French stemmer: query words are stemmed
  in Python (Snowball, the same algorithm PostgreSQL uses) and matched as
  prefixes, so "déclarations" finds "déclaration" and "declarer".

Ranking is ``ts_rank_cd`` on PostgreSQL and ``bm25`` with the same weights on
SQLite, both returned as ``search_rank`` (higher is better).

API (stable: add, don't change)
-------------------------------
``SearchSpec(model="app_label.ModelName", table="app_model_search",
fields=(("title", "A"), ("body", "C")), snippet_field="body")``
    What to index. ``fields`` are attribute names read on the object at
    :func:`index` time (properties allowed: e.g. tags joined, Markdown turned
    into plain text), each with a weight from "A" (highest) to "D".

``migration_operations(spec) -> list[Operation]``
    Put them in a migration of the app that owns the model, after the model is
    created: they create the extensions and configuration (PostgreSQL, once,
    idempotently) and the side table with its indexes.

``index(spec, obj)`` / ``unindex(spec, pk)`` / ``reindex_all(spec, queryset)``
    Keep the side table in step; call them inside the saving transaction.
    ``index_many(spec, objects)`` does the same for many objects in a few
    statements (bulk loads).

``search(queryset, spec, query, *, match="all") -> QuerySet``
    ``queryset`` narrowed to the objects matching ``query``, annotated with
    ``search_rank`` and ordered by it (best first). Composable: apply access
    rules with further ``.filter()`` so they run in the same SQL query.
    ``match="any"`` keeps objects matching any word (suggestions while a
    person types); "all" requires every word. An empty or stop-word-only
    query returns ``queryset.none()``.

``ranked_page(queryset, spec, query, *, match="all", offset=0, limit) -> list``
    The same objects and order as ``search(...)[offset:offset + limit]``, each with
    ``search_rank``, but cheaper for one page on SQLite: the ranking runs on the FTS5
    table alone over a window of candidates, then ``queryset``'s rules keep the
    visible ones (a few bounded queries; see :func:`ranked_page`).

``counts_on_index() -> bool`` / ``match_count(spec, query, *, match, among, excluding)``
    SQLite only: how many indexed objects match, counted on the FTS5 table alone,
    optionally only ``among`` or all but ``excluding`` a queryset of primary keys.

``attach_snippets(spec, query, objects) -> list``
    Sets ``obj.search_snippet`` (safe HTML: the text is escaped, matched words
    wrapped in ``<mark>``) on the objects of one page, in one query.

``search_terms(query) -> list[str]``
    The words that count (lower-case, without stop words), for logging.
"""

# SQL is built here from names a SearchSpec validates (identifiers only); every value is a
# bound parameter.
# ruff: noqa: S608
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from html import escape

import snowballstemmer
from django.db import connection, migrations
from django.db.models import prefetch_related_objects
from django.utils.safestring import SafeString, mark_safe

CONFIG = "portal_french"
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
#: Markers around matched words in snippets (private-use characters, never in real text).
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 24
MAX_TERMS = 12
#: Below this length a stem is matched as a whole word, not a prefix ("tva", not "t*").
MIN_PREFIX = 3

#: French words that carry no meaning in a query (PostgreSQL's list drops them too).
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en est et eux il ils je la le les
    leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui
    sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete
    etre comment quoi quel quelle quels quelles faire fait ai as avons avez ont sont
    suis
    """.split()  # noqa: SIM905 - a list of words is easier to read this way
)

_stemmer = snowballstemmer.stemmer("french")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchSpec:
    """What to index for one model (see the module docstring)."""

    model: str
    table: str
    fields: tuple[tuple[str, str], ...]
    snippet_field: str

    def __post_init__(self):
        names = [name for name, _weight in self.fields]
        if self.snippet_field not in names:
            raise ValueError(f"snippet_field {self.snippet_field!r} must be one of {names}")
        for name, weight in self.fields:
            if weight not in WEIGHTS or not name.isidentifier():
                raise ValueError(f"bad field {name!r} or weight {weight!r}")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.table):
            raise ValueError(f"bad table name {self.table!r}")

    @property
    def columns(self) -> list[str]:
        return [name for name, _weight in self.fields]


# --- the query ----------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents: "Déclaration" → "declaration"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_terms(query: str) -> list[str]:
    """The meaningful words of ``query``, lower-case, at most twelve."""
    words = [word.casefold() for word in _WORD.findall(query or "")]
    return [word for word in words if fold(word) not in STOP_WORDS][:MAX_TERMS]


def _stems(terms: list[str]) -> list[str]:
    """Snowball stems, accents folded after stemming (as ``unaccent`` then stem would)."""
    return [_stem(term) for term in terms]


@functools.lru_cache(maxsize=4096)
def _stem(term: str) -> str:
    # A page stems its words three times (ranking, count, snippets); ~0.1 ms a word.
    return fold(_stemmer.stemWord(term)) or fold(term)


def _is_prefix(text: str, position: int, count: int) -> bool:
    """Stems are prefixes; so is the last word, being typed, from two letters on."""
    return len(text) >= MIN_PREFIX or (position == count - 1 and len(text) >= 2)


def _fts5_query(terms: list[str], match: str) -> str:
    parts = []
    stems = _stems(terms)
    for position, stem in enumerate(stems):
        quoted = '"' + stem.replace('"', "") + '"'
        parts.append(quoted + "*" if _is_prefix(stem, position, len(stems)) else quoted)
    return (" OR " if match == "any" else " AND ").join(parts)


def _tsquery_word(term: str, position: int, count: int) -> str:
    word = term.replace("'", "").replace("\\", "")
    return f"'{word}':*" if _is_prefix(word, position, count) else f"'{word}'"


def _tsquery(terms: list[str], match: str) -> str:
    """A to_tsquery() text: each word quoted (no operator injection), prefix-matched."""
    parts = [_tsquery_word(term, i, len(terms)) for i, term in enumerate(terms)]
    return (" | " if match == "any" else " & ").join(parts)


# --- reads ----------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(queryset, spec: SearchSpec, query: str, *, match: str = "all"):
    """``queryset`` narrowed to ``query``'s matches, with ``search_rank``, best first."""
    if match not in ("all", "any"):
        raise ValueError(match)
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    model = queryset.model
    quote = connection.ops.quote_name
    owner = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    side = quote(spec.table)
    if _is_postgres():
        where, params = _postgres_match(side, terms, match)
        where = f"{side}.object_id = {owner} AND ({where})"
        rank = (
            f"ts_rank_cd('{{{WEIGHTS['D']}, {WEIGHTS['C']}, {WEIGHTS['B']}, {WEIGHTS['A']}}}', "
            f"{side}.document, to_tsquery('{CONFIG}', %s)) + 0.1 * word_similarity("
            f"unaccent(lower(%s)), {side}.fuzzy)"
        )
        rank_params = [_tsquery(terms, "any"), " ".join(terms)]
    else:
        # "+" keeps the rowid out of FTS5's index choice: SQLite then starts from the MATCH
        # and looks each hit up by primary key (else it probes the FTS once per row).
        where = f"+{side}.rowid = {owner} AND {side} MATCH %s"
        params = [_fts5_query(terms, match)]
        weights = ", ".join(str(WEIGHTS[weight]) for _name, weight in spec.fields)
        rank = f"-bm25({side}, {weights})"
        rank_params = []
    return queryset.extra(  # noqa: S610 - names come from the spec and model; values are bound
        tables=[spec.table],
        where=[where],
        params=params,
        select={"search_rank": rank},
        select_params=rank_params,
    ).order_by("-search_rank", "pk")


#: Candidates ranked by FTS5 alone before the access rules: a page, with room for the few
#: articles they hide (drafts, internal, another product).
WINDOW_FACTOR, MIN_WINDOW = 2, 50


def ranked_page(
    queryset, spec: SearchSpec, query: str, *, match="all", offset=0, limit=20, headline=False
):
    """``search(queryset, spec, query, match=match)[offset:offset + limit]`` as a list.

    On SQLite, ranking the join of the FTS5 table with the model's table sorts every
    matching row with all its columns (thousands for a common word). Here ``bm25`` ranks
    the FTS5 table alone, ``ORDER BY`` then ``LIMIT`` a window of candidates, and one
    query on ``queryset`` keeps those its rules let through and reads them: same order
    (rank, then primary key), same objects. ``queryset``'s prefetches run on the page's
    objects only. When the rules hide too many candidates to fill the page, the joined
    query answers instead, so the result never depends on the window. Two queries (plus
    the prefetches), three for the fallback, whatever the number of articles.

    ``headline=True`` (suggestions while typing, SQLite): rank first the matches in the
    A and B fields (title, question, keywords), ~2x cheaper for a common word than
    ranking every column; only if they cannot fill the page does every field count.
    """
    terms = search_terms(query)
    if not terms or limit <= 0:
        return []
    if _is_postgres():
        return list(search(queryset, spec, query, match=match)[offset : offset + limit])
    if headline:
        found = _ranked_page(queryset, spec, query, terms, match, offset, limit, headline=True)
        if len(found) == limit:
            return found
    return _ranked_page(queryset, spec, query, terms, match, offset, limit)


def _ranked_page(queryset, spec, query, terms, match, offset, limit, *, headline=False):
    window = max(MIN_WINDOW, WINDOW_FACTOR * (offset + limit))
    fts_query = _fts5_query(terms, match)
    if headline:
        fts_query = "{" + " ".join(_headline_columns(spec)) + "} : (" + fts_query + ")"
    ranks = _fts5_ranks(spec, fts_query, window)
    # One query applies the rules and reads the rows (the caller narrows the columns with
    # .only()); related objects are prefetched for the page's rows alone, afterwards.
    lookups = queryset._prefetch_related_lookups
    kept = queryset.prefetch_related(None).order_by().in_bulk(list(ranks))
    ranked = [pk for pk in ranks if pk in kept]
    if len(ranked) < offset + limit and len(ranks) == window:
        if headline:
            return []  # the caller ranks every column instead
        return list(search(queryset, spec, query, match=match)[offset : offset + limit])
    page = [kept[pk] for pk in ranked[offset : offset + limit]]
    for obj in page:
        obj.search_rank = ranks[obj.pk]
    if lookups:
        prefetch_related_objects(page, *lookups)
    return page


def counts_on_index() -> bool:
    """Whether :func:`match_count` is available (the FTS5 engine, SQLite)."""
    return not _is_postgres()


def match_count(
    spec: SearchSpec, query: str, *, match: str = "all", among=None, excluding=None
) -> int:
    """How many indexed objects match ``query``; with ``among`` (a queryset of primary
    keys), only those among it; with ``excluding`` (idem), all but those. Counted on the
    FTS5 table alone (SQLite only, see :func:`counts_on_index`): joining the model's table
    to filter looks every match up, about 4x slower for a common word."""
    if not counts_on_index():
        raise NotImplementedError("match_count runs on the FTS5 engine")
    terms = search_terms(query)
    if not terms:
        return 0
    side = connection.ops.quote_name(spec.table)
    sql = f"SELECT count(*) FROM {side} WHERE {side} MATCH %s"
    params: list = [_fts5_query(terms, match)]
    if among is not None:
        subquery, subparams = among.query.sql_with_params()
        sql += f" AND rowid IN ({subquery})"
        params.extend(subparams)
    if excluding is not None:
        # "+rowid": a filter on the MATCH's rows (one walk of the doclists), not a constraint
        # FTS5 would answer by seeking each rowid.
        subquery, subparams = excluding.query.sql_with_params()
        sql += f" AND +rowid NOT IN ({subquery})"
        params.extend(subparams)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _headline_columns(spec: SearchSpec) -> list[str]:
    return [name for name, weight in spec.fields if weight in "AB"]


def _fts5_ranks(spec: SearchSpec, fts_query: str, window: int) -> dict:
    """The best ``window`` rowids for ``fts_query`` with their rank, best first."""
    side = connection.ops.quote_name(spec.table)
    weights = ", ".join(str(WEIGHTS[weight]) for _name, weight in spec.fields)
    sql = (
        f"SELECT rowid, -bm25({side}, {weights}) AS search_rank FROM {side} "
        f"WHERE {side} MATCH %s ORDER BY search_rank DESC, rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_query, window])
        return dict(cursor.fetchall())


def _postgres_match(side: str, terms: list[str], match: str) -> tuple[str, list]:
    """Each word matches by stem (tsvector) or, from four letters, approximately (pg_trgm)."""
    conditions, params = [], []
    for position, term in enumerate(terms):
        condition = f"{side}.document @@ to_tsquery('{CONFIG}', %s)"
        params.append(_tsquery_word(term, position, len(terms)))
        if len(term) >= 4:
            condition = f"({condition} OR unaccent(lower(%s)) <%% {side}.fuzzy)"
            params.append(term)
        conditions.append(condition)
    return (" OR " if match == "any" else " AND ").join(conditions), params


def attach_snippets(spec: SearchSpec, query: str, objects) -> list:
    """Set ``search_snippet`` (safe HTML) on each object of ``objects``; one query."""
    objects = list(objects)
    terms = search_terms(query)
    if not objects:
        return objects
    found = _snippets(spec, terms, [obj.pk for obj in objects]) if terms else {}
    for obj in objects:
        text = found.get(obj.pk) or _plain_start(getattr(obj, spec.snippet_field, "") or "")
        obj.search_snippet = highlight(text)
    return objects


def _snippets(spec: SearchSpec, terms: list[str], pks: list) -> dict:
    side = connection.ops.quote_name(spec.table)
    placeholders = ", ".join(["%s"] * len(pks))
    column = connection.ops.quote_name(spec.snippet_field)
    if _is_postgres():
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
            'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = (
            f"SELECT object_id, ts_headline('{CONFIG}', {column}, "
            f"to_tsquery('{CONFIG}', %s), %s) FROM {side} WHERE object_id IN ({placeholders})"
        )
        params = [_tsquery(terms, "any"), options, *pks]
    else:
        # "+rowid": FTS5 then walks the MATCH and computes snippet() for the page's rows
        # only; a plain rowid constraint makes it seek each rowid in every doclist, ~7x slower.
        index = spec.columns.index(spec.snippet_field)
        sql = (
            f"SELECT rowid, snippet({side}, {index}, %s, %s, '…', {SNIPPET_WORDS}) "
            f"FROM {side} WHERE {side} MATCH %s AND +rowid IN ({placeholders})"
        )
        params = [START, STOP, _fts5_query(terms, "any"), *pks]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: text for pk, text in cursor.fetchall() if text and START in text}


def _plain_start(text: str) -> str:
    words = text.split()
    return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")


def highlight(marked: str) -> SafeString:
    """Escape the text, then turn the markers into ``<mark>`` (nothing else is HTML)."""
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


# --- writes ---------------------------------------------------------------------


def _texts(spec: SearchSpec, obj) -> list[str]:
    return [str(getattr(obj, name, "") or "") for name in spec.columns]


def index(spec: SearchSpec, obj) -> None:
    """(Re)index one object; call it in the transaction that saves ``obj``."""
    texts = _texts(spec, obj)
    side = connection.ops.quote_name(spec.table)
    columns = ", ".join(connection.ops.quote_name(name) for name in spec.columns)
    unindex(spec, obj.pk)
    with connection.cursor() as cursor:
        if _is_postgres():
            vector = " || ".join(
                f"setweight(to_tsvector('{CONFIG}', %s), '{weight}')" for _n, weight in spec.fields
            )
            fuzzy_text = " ".join(
                text for text, (_n, w) in zip(texts, spec.fields, strict=True) if w in "AB"
            )
            values = ", ".join(["%s"] * len(texts))
            cursor.execute(
                f"INSERT INTO {side} (object_id, document, fuzzy, {columns}) "
                f"VALUES (%s, {vector}, unaccent(lower(%s)), {values})",
                [obj.pk, *texts, fuzzy_text, *texts],
            )
        else:
            values = ", ".join(["%s"] * len(texts))
            cursor.execute(
                f"INSERT INTO {side} (rowid, {columns}) VALUES (%s, {values})", [obj.pk, *texts]
            )


def index_many(spec: SearchSpec, objects) -> int:
    """(Re)index many objects in a few statements (bulk loads, benchmarks)."""
    objects = list(objects)
    if not objects:
        return 0
    side = connection.ops.quote_name(spec.table)
    columns = ", ".join(connection.ops.quote_name(name) for name in spec.columns)
    values = ", ".join(["%s"] * len(spec.columns))
    key = "object_id" if _is_postgres() else "rowid"
    rows = [[obj.pk, *_texts(spec, obj)] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {side} WHERE {key} = %s", [[row[0]] for row in rows])
        if _is_postgres():
            vector = " || ".join(
                f"setweight(to_tsvector('{CONFIG}', %s), '{weight}')" for _n, weight in spec.fields
            )
            fuzzy = [i for i, (_n, w) in enumerate(spec.fields) if w in "AB"]
            cursor.executemany(
                f"INSERT INTO {side} (object_id, document, fuzzy, {columns}) "
                f"VALUES (%s, {vector}, unaccent(lower(%s)), {values})",
                [[row[0], *row[1:], " ".join(row[1 + i] for i in fuzzy), *row[1:]] for row in rows],
            )
        else:
            cursor.executemany(f"INSERT INTO {side} (rowid, {columns}) VALUES (%s, {values})", rows)
    return len(rows)


def unindex(spec: SearchSpec, pk) -> None:
    """Remove one object from the index (before or after deleting it)."""
    side = connection.ops.quote_name(spec.table)
    key = "object_id" if _is_postgres() else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {side} WHERE {key} = %s", [pk])  # noqa: S608


def reindex_all(spec: SearchSpec, queryset) -> int:
    """Rebuild the index of every object of ``queryset`` (management, after a bulk load)."""
    count = 0
    for obj in queryset.iterator(chunk_size=500):
        index(spec, obj)
        count += 1
    return count


# --- schema ---------------------------------------------------------------------


_POSTGRES_SETUP = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION {CONFIG}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""


def create_sql(spec: SearchSpec, vendor: str) -> list[str]:
    """The statements creating ``spec``'s side table on ``vendor``."""
    if vendor == "postgresql":
        columns = "".join(f", {name} text NOT NULL DEFAULT ''" for name in spec.columns)
        return [
            _POSTGRES_SETUP,
            f"CREATE TABLE {spec.table} (object_id bigint PRIMARY KEY, "
            f"document tsvector NOT NULL, fuzzy text NOT NULL DEFAULT ''{columns})",
            f"CREATE INDEX {spec.table}_document ON {spec.table} USING gin (document)",
            f"CREATE INDEX {spec.table}_fuzzy ON {spec.table} USING gin (fuzzy gin_trgm_ops)",
        ]
    columns = ", ".join(spec.columns)
    return [
        f"CREATE VIRTUAL TABLE {spec.table} USING fts5({columns}, "
        "tokenize='unicode61 remove_diacritics 2', prefix='3')"
    ]


def drop_sql(spec: SearchSpec, vendor: str) -> list[str]:
    # The configuration and extensions may serve other specs: they stay.
    return [f"DROP TABLE IF EXISTS {spec.table}"]


def migration_operations(spec: SearchSpec) -> list:
    """Operations creating (and dropping, backwards) the side table of ``spec``."""

    def forwards(apps, schema_editor):
        for statement in create_sql(spec, schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def backwards(apps, schema_editor):
        for statement in drop_sql(spec, schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    return [migrations.RunPython(forwards, backwards)]
