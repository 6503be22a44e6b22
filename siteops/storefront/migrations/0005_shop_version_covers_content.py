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


def sqlite_ensure(run) -> None:
    """Create this migration's SQLite triggers where missing (also used by ``dbobjects.ensure``)."""
    for table in TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_{table}_{event.lower()} AFTER {event}"
                f" ON {table} BEGIN {SQLITE_BUMP} END")  # fmt: skip


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        sqlite_ensure(run)
    elif vendor == "postgresql":
        for table in TABLES:
            run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")
            run(f"CREATE TRIGGER storefront_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION storefront_bump_shop_version()")  # fmt: skip


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    for table in TABLES:
        if vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS storefront_v_{table}_{event}")
        elif vendor == "postgresql":
            run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0004_shop_version_covers_pages"),
        ("content", "0001_pages_and_events"),
    ]
    operations = [migrations.RunPython(up, down, elidable=False)]
