"""The shop version (0003) also changes with product tags: a topic page's product grid can select
by tag (content's ``product_grid`` block), and the grids are cached per shop version, so tagging
or untagging a product, or renaming a tag, shows on the next request."""

from django.db import migrations

TABLES = ["catalog_tag", "catalog_product_tags"]

SQLITE_BUMP = (
    "UPDATE storefront_shop_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)


def sqlite_ensure(run, existing: set[str] | None = None) -> None:
    """Create this migration's SQLite triggers where missing (also used by ``dbobjects.ensure``;
    ``existing``: the tables there are, when called in a database migrated to an older state)."""
    for table in TABLES:
        if existing is not None and table not in existing:
            continue
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
        ("storefront", "0006_search_log"),
        ("catalog", "0008_product_tags"),
    ]
    operations = [migrations.RunPython(up, down, elidable=False)]
