"""Querysets compiled once and run many times: the queries of every request.

Django compiles a queryset into SQL on each evaluation, and for a wide row
with a join (the session's user and their organisation) the compiling costs
about 2 ms of CPU where SQLite answers in 0.1 ms (issue 11, measured with
``make loadtest``). The few queries that run on *every* request are therefore
compiled once per database and then executed with that request's parameters;
the rows become model instances through Django's own compiler, converters and
``select_related`` populators, exactly as a queryset would build them.

Use it only for a hot, fixed query: the SQL is frozen at its first use, so
the queryset may vary only in the values marked as parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

M = TypeVar("M", bound=Model)


class Param:
    """Stands for a parameter while the queryset is compiled.

    ``sample`` must be a value of the right type for the field it is compared
    with, and must not occur elsewhere in the query's parameters.
    """

    def __init__(self, sample: Any) -> None:
        self.sample = sample


class _Statement:
    """A queryset compiled for one database: its SQL, its parameters (and where
    each ``Param`` goes among them) and the converters of its columns."""

    def __init__(self, queryset: QuerySet, samples: list[Any], db: str) -> None:
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.params = list(params)
        self.slots = []
        for sample in samples:
            found = [i for i, value in enumerate(self.params) if value == sample]
            if len(found) != 1:
                raise ValueError(f"parameter sample {sample!r} found {len(found)} times")
            self.slots.append(found[0])
        self.compiler = compiler
        self.model = queryset.model
        # What ``results_iter`` would work out again on every run.
        self.columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(self.columns)

    def fetch(self, db: str, values: tuple[Any, ...]) -> list:
        """The rows for these parameters' values, converted."""
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = value
        with connections[db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            return list(self.compiler.apply_converters(rows, self.converters))
        return rows


class _Compiled(_Statement):
    """A statement whose rows become model instances, as the queryset's would."""

    def __init__(self, queryset: QuerySet, samples: list[Any], db: str) -> None:
        super().__init__(queryset, samples, db)
        compiler = self.compiler
        klass_info = compiler.klass_info
        select = compiler.select
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, db)
        self.annotations = dict(compiler.annotation_col_map or {})
        if compiler.has_composite_fields(self.columns):
            raise ValueError("a prepared query cannot select a composite primary key")


S = TypeVar("S", bound=_Statement)


class _Prepared(Generic[S]):
    """A queryset built from ``Param`` samples and compiled once per database."""

    statement: type[S]

    def __init__(self, build: Callable[..., QuerySet], *params: Param) -> None:
        self.build = build
        self.params = params
        self._compiled: dict[str, S] = {}
        self._lock = Lock()

    def _statement(self) -> tuple[str, S]:
        """The database to read and the statement compiled for it."""
        known = next(iter(self._compiled.values()), None)
        samples = [p.sample for p in self.params]
        model = known.model if known is not None else self.build(*samples).model
        db = router.db_for_read(model)
        compiled = self._compiled.get(db)
        if compiled is None:
            with self._lock:
                compiled = self.statement(self.build(*samples), samples, db)
                self._compiled[db] = compiled
        return db, compiled


class PreparedQuery(_Prepared[_Compiled], Generic[M]):
    """``build(*params)`` returns the queryset; ``params`` are ``Param`` samples.

    >>> users = PreparedQuery(lambda pk: User.objects.filter(pk=pk), Param(-424242))
    >>> users.first(7)  # the same as User.objects.filter(pk=7).first(), compiled once
    """

    statement = _Compiled

    def __init__(self, build: Callable[..., QuerySet[M]], *params: Param) -> None:
        super().__init__(build, *params)

    def all(self, *values: Any) -> list[M]:
        db, compiled = self._statement()
        return [self._instance(compiled, db, row) for row in compiled.fetch(db, values)]

    def first(self, *values: Any) -> M | None:
        rows = self.all(*values)
        return rows[0] if rows else None

    @staticmethod
    def _instance(compiled: _Compiled, db: str, row: Any) -> Any:
        obj = compiled.model.from_db(db, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in compiled.annotations.items():
            setattr(obj, name, row[position])
        return obj


class PreparedRows(_Prepared[_Statement]):
    """A ``values_list()`` queryset compiled once: ``rows(*params)`` returns its
    rows as tuples, with Django's converters applied (a UUID, a datetime…).

    >>> agents = PreparedRows(lambda: User.objects.filter(is_staff=True).values_list("email"))
    >>> agents.rows()  # list(User.objects.filter(is_staff=True).values_list("email"))
    """

    statement = _Statement

    def rows(self, *values: Any) -> list[tuple]:
        db, compiled = self._statement()
        return [tuple(row) for row in compiled.fetch(db, values)]
