"""One INSERT for many rows that skips the rows a unique constraint already holds, and says which it wrote.

``notify`` used to save each row in its own savepoint (SAVEPOINT, INSERT, RELEASE: three statements a
row) so a repeated dedupe key skipped that row only. ``INSERT … ON CONFLICT DO NOTHING RETURNING`` on
PostgreSQL (``INSERT OR IGNORE … RETURNING`` on SQLite) does the same in one statement for all rows,
and keeps exactly-once under concurrency: a concurrent insert of the same key waits for the other
transaction and then skips (or inserts, if that one rolled back). Django's ``bulk_create(ignore_conflicts=
True)`` does not return the ids of the rows written, hence the insert query is compiled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

Row = TypeVar("Row", bound=models.Model)


def insert_skipping_duplicates(rows: Sequence[Row], *, key: str) -> list[Row]:
    """Insert ``rows`` in one statement; returns those written (pk set), in order, without the duplicates.

    ``key`` names a concrete field whose value tells the rows apart (e.g. the recipient's id): the
    database returns the written rows' (pk, key), not their position.
    """
    if not rows:
        return []
    model = type(rows[0])
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    key_field = meta.get_field(key)
    if not isinstance(key_field, models.Field):
        raise TypeError(f"{key!r} is not a concrete field of {meta.label}")
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, list(rows))
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk, key_field]
    with connection.cursor() as cursor:
        for statement, params in compiler.as_sql():
            cursor.execute(statement, params)
        returned = {key_value: pk for pk, key_value in cursor.fetchall()}
    written = []
    for row in rows:
        pk = returned.get(getattr(row, key_field.attname))
        if pk is not None:
            row.pk = pk
            row._state.adding = False
            row._state.db = using
            written.append(row)
    return written
