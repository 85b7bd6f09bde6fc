"""Querysets compiled once per process and run again with other values: the hot reads of every request.

Building a queryset's SQL costs Django 0.7–1.8 ms of CPU per query on the benchmark machine, while
executing the finished SQL and reading its row costs 0.13 ms (timed in one process against PostgreSQL;
the effect on the quote endpoint is in the README's performance table). The token check of every API
request and the reads of the quote path are the same few querysets with other values, so
:class:`Prepared` builds each one once with marker values, keeps its SQL and where each marker landed
among the parameters, and later runs that SQL with the real values.

Rows become model instances exactly as Django's own iterator makes them (the backend's converters,
``Model.from_db``, ``select_related`` populators, annotations), and a ``values_list`` queryset gives its
converted tuples, so callers see no difference. Only lookups that pass a value through unchanged may
take a marker (equality on integers and strings, a fixed-length ``__in``); building fails loudly
otherwise, when the marker cannot be found exactly once among the parameters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

T = TypeVar("T")


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    positions: tuple[int, ...]
    models: bool


class Prepared(Generic[T]):
    """``Prepared(build, *markers)``: ``build(*markers)`` is the queryset; calling with values runs it.

    Each marker must be a value that appears nowhere else in the query (e.g. ``-7_000_001`` for an id,
    ``"\\x00digest"`` for a string) and reaches the parameters unchanged.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], *markers: Any) -> None:
        self._build = build
        self._markers = markers
        self._queryset: QuerySet[Any] | None = None
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, *values: Any) -> list[T]:
        if len(values) != len(self._markers):
            raise TypeError(f"expected {len(self._markers)} values, got {len(values)}")
        queryset = self._queryset
        if queryset is None:
            queryset = self._queryset = self._build(*self._markers)
        using = queryset.db
        compiled = self._compiled.get(using) or self._compile(queryset, using)
        params = list(compiled.params)
        for position, value in zip(compiled.positions, values, strict=True):
            params[position] = value
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return self._rows(compiled, using, rows)

    def _compile(self, queryset: QuerySet[Any], using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            positions = tuple(_position(params, marker) for marker in self._markers)
            models = queryset._iterable_class is ModelIterable
            self._compiled[using] = _Compiled(compiler, sql, tuple(params), positions, models)
            return self._compiled[using]

    @staticmethod
    def _rows(compiled: _Compiled, using: str, rows: Sequence[tuple[Any, ...]]) -> list[Any]:
        compiler = compiled.compiler
        converted = compiler.results_iter(results=[list(rows)])
        if not compiled.models:
            return [tuple(row) for row in converted]
        # As django.db.models.query.ModelIterable does it.
        select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        found = []
        for row in converted:
            obj = model.from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (annotations or {}).items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def _position(params: Sequence[Any], marker: Any) -> int:
    hits = [i for i, value in enumerate(params) if type(value) is type(marker) and value == marker]
    if len(hits) != 1:
        raise ValueError(f"marker {marker!r} is {len(hits)} times among the query's parameters, not once")
    return hits[0]
