"""Daily counters: add to the counts of one row (a day and what is counted), creating it on the
first count of the day. Conditional UPDATEs, no read-modify-write, safe under concurrency (a
concurrent first count that lost the INSERT race counts on the winner's row)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Model


def bump(model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
    """Add ``amounts`` (field → n) to the row of ``model`` matching ``key`` (a unique key)."""
    updates = {field: F(field) + n for field, n in amounts.items()}
    if model.objects.filter(**key).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **amounts)
    except IntegrityError:  # a concurrent first count created it: count on it
        model.objects.filter(**key).update(**updates)


def upsert_add(model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
    """The same in one statement (INSERT … ON CONFLICT DO UPDATE, SQLite ≥ 3.24 and PostgreSQL),
    for a ``key`` that is a plain (unconditional) unique constraint of ``model``: the first count
    of a day costs what every later one does (the shop's search log, counted on every search)."""
    from django.db import connection

    meta = model._meta
    cols = [meta.get_field(f).column for f in key] + [meta.get_field(f).column for f in amounts]
    table = connection.ops.quote_name(meta.db_table)
    q = connection.ops.quote_name
    conflict = ", ".join(q(meta.get_field(f).column) for f in key)
    updates = ", ".join(
        f"{q(meta.get_field(f).column)} = {table}.{q(meta.get_field(f).column)} + "
        f"excluded.{q(meta.get_field(f).column)}"
        for f in amounts
    )
    values = [meta.get_field(f).get_db_prep_value(v, connection) for f, v in key.items()]
    values += list(amounts.values())
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in cols)}) "
        f"VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
