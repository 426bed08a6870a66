"""Inserting one new row without compiling the ORM's INSERT on every call.

The hot write paths (a partner's registration, its audit entry, its kept
answer and receipt) insert a handful of rows per request. Django compiles
each INSERT afresh, which on a two-core machine was a quarter of a
registration's CPU. The statement text is built once per model and
database vendor; the values still go through every field's own
preparation (defaults, ``auto_now_add``, JSON adaptation), as in ``save()``.
Models whose save() does more than store the row, or that have signal
receivers, must not use this.
"""

from __future__ import annotations

from django.db import connection, models

_STATEMENTS: dict[tuple[type[models.Model], str], tuple[str, list[models.Field]]] = {}


def _statement(model: type[models.Model]) -> tuple[str, list[models.Field]]:
    key = (model, connection.vendor)
    cached = _STATEMENTS.get(key)
    if cached is None:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if not isinstance(f, models.AutoField)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join("%s" for _ in fields)
        pk = quote(meta.pk.column) if meta.pk is not None else "id"
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) RETURNING {pk}"  # noqa: S608
        )
        cached = _STATEMENTS[key] = (sql, fields)
    return cached


def insert(obj: models.Model) -> None:
    """Store ``obj`` as a new row and set its primary key, as ``obj.save()`` would."""
    sql, fields = _statement(type(obj))
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
