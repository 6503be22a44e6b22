"""The shop version (0003) also changes with the site's documents and topic pages (content_page):
help pages, the footer's groups and topic pages are cached whole, so a publish, an unpublish or a
rollback shows on the next request. Any write to the row counts (the row holds the live content;
drafts live in core_revision, which is not watched)."""

from django.db import migrations

TABLES = ["content_page"]

SQLITE_BUMP = (
    "UPDATE storefront_shop_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)


def sqlite_ensure(run, tables=TABLES, existing: set[str] | None = None) -> None:
    """Create the SQLite triggers of ``tables`` where missing (also used by ``dbobjects.ensure``
    and by 0007; ``existing``: the tables there are, in a database migrated to an older state)."""
    for table in tables:
        if existing is not None and table not in existing:
            continue
        for event in ("INSERT", "UPDATE", "DELETE"):
            run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_{table}_{event.lower()} AFTER {event}"
                f" ON {table} BEGIN {SQLITE_BUMP} END")  # fmt: skip


def watch(tables):
    """The migration's (up, down) functions that make any write to ``tables`` raise the version."""

    def up(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        run = schema_editor.execute
        if vendor == "sqlite":
            sqlite_ensure(run, tables)
        elif vendor == "postgresql":
            for table in tables:
                run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")
                run(f"CREATE TRIGGER storefront_v_{table} AFTER INSERT OR UPDATE OR DELETE OR"
                    f" TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION"
                    " storefront_bump_shop_version()")  # fmt: skip

    def down(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        run = schema_editor.execute
        for table in tables:
            if vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    run(f"DROP TRIGGER IF EXISTS storefront_v_{table}_{event}")
            elif vendor == "postgresql":
                run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")

    return up, down


up, down = watch(TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0004_shop_version_covers_pages"),
        ("content", "0001_pages_and_events"),
    ]
    operations = [migrations.RunPython(up, down, elidable=False)]
