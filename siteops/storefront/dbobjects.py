"""Keep the storefront's triggers on other apps' tables in place after every ``migrate``.

On SQLite, Django alters a table by rebuilding it (create, copy, drop, rename), which drops the
triggers on it. The search index (0001) and the shop version (0003, 0004) depend on triggers on
``catalog_product``, ``catalog_sku`` and the merchandising tables, so after each migrate this
re-creates any that are missing and rebuilds the search index if its triggers had gone (it may have missed writes).
PostgreSQL alters tables in place and keeps its triggers.
"""

from __future__ import annotations

import importlib

from django.db import connections


def _migration(name):
    return importlib.import_module(f"siteops.storefront.migrations.{name}")


def ensure(using: str = "default") -> list[str]:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cur.fetchall()}
    if "storefront_product_fts" not in existing or "storefront_shop_version" not in existing:
        return []  # not migrated yet: the migrations create everything
    search = _migration("0001_product_search_index")
    trigger_sql = [sql for sql in search.SQLITE_UP if "CREATE TRIGGER" in sql]
    missing = [sql for sql in trigger_sql if sql.split("EXISTS ")[1].split()[0] not in existing]
    before = sum(1 for name in existing if name.startswith("storefront_"))
    with connection.cursor() as editor:
        for sql in missing:
            editor.execute(sql)
        if missing:  # the index may have missed writes while its triggers were gone
            editor.execute(
                "INSERT INTO storefront_product_fts(storefront_product_fts) VALUES ('rebuild')"
            )
        # The triggers of 0004 and 0003 are all "IF NOT EXISTS": this adds only the missing ones
        # (0004 first: its product trigger watches more columns than 0003's).
        _migration("0004_shop_version_covers_pages").sqlite_ensure(editor.execute)
        version_up_sqlite(_migration("0003_shop_version"), editor)
        _migration("0005_shop_version_covers_content").sqlite_ensure(editor.execute)
        _migration("0007_shop_version_covers_tags").sqlite_ensure(editor.execute, existing)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
            " AND name LIKE 'storefront_%'"
        )
        after = [row[0] for row in cur.fetchall()]
    return sorted(set(after) - existing) if len(after) > before else []


def version_up_sqlite(module, editor) -> None:
    run = editor.execute
    cols = ", ".join(module.PRODUCT_COLUMNS)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in module.PRODUCT_COLUMNS)
    bump = module.SQLITE_BUMP
    run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_update AFTER UPDATE OF {cols}"
        f" ON catalog_product WHEN {changed} BEGIN {bump} END")  # fmt: skip
    for event in ("INSERT", "DELETE"):
        run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_{event.lower()}"
            f" AFTER {event} ON catalog_product BEGIN {bump} END")  # fmt: skip
    for table in module.TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_{table}_{event.lower()} AFTER {event}"
                f" ON {table} BEGIN {bump} END")  # fmt: skip


def on_post_migrate(sender, using="default", **kwargs):
    if sender.name == "siteops.storefront":
        ensure(using)
