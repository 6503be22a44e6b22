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
    """The version in ``table``, or None where there is none (another database, a table not
    migrated yet): then nothing is cached by it.

    A missing table is forgiven only where the failed statement leaves nothing broken: on
    SQLite, or on PostgreSQL outside a transaction. Inside a PostgreSQL transaction the error
    aborts the transaction, so it is raised (the caller's ``atomic`` rolls back cleanly) rather
    than swallowed to surface later as "current transaction is aborted"."""
    if connection.vendor not in _BUMP:
        return None
    try:
        with connection.cursor() as cur:
            cur.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608 - our names
            row = cur.fetchone()
    except DatabaseError:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            raise
        return None
    return row[0] if row else None


def bump_sql(table: str) -> str | None:
    """The statement that raises the version in ``table`` on this database (None: no versions)."""
    sql = _BUMP.get(connection.vendor)
    return sql.format(table=table) if sql else None


class _TriggersOnly:
    """A stand-in for a migration's schema editor that runs only its ``CREATE TRIGGER``
    statements, each made ``IF NOT EXISTS``."""

    def __init__(self, connection, cursor):
        self.connection = connection
        self._cursor = cursor

    def execute(self, sql, params=None):
        text = str(sql).lstrip()
        if not text.upper().startswith("CREATE TRIGGER "):
            return
        rest = text[len("CREATE TRIGGER ") :]
        if not rest.upper().startswith("IF NOT EXISTS "):
            text = "CREATE TRIGGER IF NOT EXISTS " + rest
        self._cursor.execute(text, params)


def keep_sqlite_triggers(using: str, *migrations: str) -> list[str]:
    """Re-create, on SQLite, the triggers these applied migrations (``"app.0005_name"``) create,
    where they are missing: SQLite alters a table by rebuilding it, which drops the triggers on
    it, and the versions above (and the access version, org 0005) then silently stop following
    writes. Each migration's own ``up`` is replayed with only its ``CREATE TRIGGER`` statements.
    Name a migration that replaces a trigger of an earlier one first. Run after every migrate
    (each app's ``post_migrate``); PostgreSQL alters tables in place and keeps its triggers.
    Returns the names of the triggers created."""
    import importlib

    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    applied = MigrationRecorder(connection).applied_migrations()

    def triggers() -> set[str]:
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {row[0] for row in cur.fetchall()}

    before = triggers()
    with connection.cursor() as cur:
        for name in migrations:
            app, migration = name.split(".", 1)
            if (app, migration) not in applied:
                continue
            module = importlib.import_module(f"siteops.{app}.migrations.{migration}")
            module.up(None, _TriggersOnly(connection, cur))
    return sorted(triggers() - before)
