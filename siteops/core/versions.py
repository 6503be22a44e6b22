"""Data versions: one-row tables (``id = 1``, ``version``) that database triggers raise in the
writing transaction whenever what a cache depends on changes — the shop version (storefront
0003…), the organisation version (org 0006, 0008) and the work load version (work 0009). A cache
keyed by the version read at the start of a request shows a committed write on the next request.

The new value is max(old + 1, now in µs), so a number rolled back with its transaction is never
reused. The migrations write the same SQL in their triggers (a migration keeps its own copy).
"""

from __future__ import annotations

from django.db import DatabaseError, connection

_BUMP = {
    "postgresql": "UPDATE {table} SET version = GREATEST(version + 1,"
    " (extract(epoch from clock_timestamp()) * 1000000)::bigint) WHERE id = 1",
    "sqlite": "UPDATE {table} SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1",
}


def read(table: str) -> int | None:
    """The version in ``table``, or None where there is none (another database, not migrated
    yet): then nothing is cached by it."""
    if connection.vendor not in _BUMP:
        return None
    try:
        with connection.cursor() as cur:
            cur.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608 - our names
            row = cur.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def bump_sql(table: str) -> str | None:
    """The statement that raises the version in ``table`` on this database (None: no versions)."""
    sql = _BUMP.get(connection.vendor)
    return sql.format(table=table) if sql else None
