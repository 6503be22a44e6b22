"""The shop version (migration 0003) now covers whole cached pages, not just the home's main part.

Category and product pages are cached too (storefront/cache.py ``shop_page``), so the version must
also change when what they show changes:
- product columns shown on the product page (description, attributes, SEO texts, publish dates);
- SKU columns shown there and in the category filters (code, spec, price, market price, active,
  which product), and SKUs added or removed.

Stock columns (changed by every checkout and every Warehouse sync) are deliberately left out: the
product page adds its SKUs' stock state to its cache key instead, and the cards' sold-out badge
follows the product's ``in_stock``, which is covered.
"""

from django.db import migrations

OLD_PRODUCT_COLUMNS = ["title", "title_en", "subtitle", "category_id", "brand_id", "status",
                       "in_stock", "min_price", "code"]  # fmt: skip
PRODUCT_COLUMNS = [*OLD_PRODUCT_COLUMNS, "description", "attributes", "seo_title",
                   "seo_description", "published_at", "deleted_at"]  # fmt: skip
SKU_COLUMNS = ["product_id", "code", "spec", "price", "market_price", "is_active"]

SQLITE_BUMP = (
    "UPDATE storefront_shop_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)


def _sqlite_update_trigger(run, table, columns):
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_{table}_update AFTER UPDATE OF"
        f" {', '.join(columns)} ON {table} WHEN {changed} BEGIN {SQLITE_BUMP} END")  # fmt: skip


def sqlite_ensure(run) -> None:
    """Create this migration's SQLite triggers where missing (also used by ``dbobjects.ensure``
    after a table rebuild dropped them)."""
    _sqlite_update_trigger(run, "catalog_product", PRODUCT_COLUMNS)
    _sqlite_update_trigger(run, "catalog_sku", SKU_COLUMNS)
    for event in ("INSERT", "DELETE"):
        run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_sku_{event.lower()}"
            f" AFTER {event} ON catalog_sku BEGIN {SQLITE_BUMP} END")  # fmt: skip


def _pg_update_trigger(run, table, columns):
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    run(f"DROP TRIGGER IF EXISTS storefront_v_{table}_update ON {table}")
    run(f"CREATE TRIGGER storefront_v_{table}_update AFTER UPDATE OF {', '.join(columns)}"
        f" ON {table} FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION storefront_bump_shop_version()")  # fmt: skip


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS storefront_v_catalog_product_update")
        sqlite_ensure(run)
    elif vendor == "postgresql":
        _pg_update_trigger(run, "catalog_product", PRODUCT_COLUMNS)
        _pg_update_trigger(run, "catalog_sku", SKU_COLUMNS)
        run("DROP TRIGGER IF EXISTS storefront_v_catalog_sku ON catalog_sku")
        run("CREATE TRIGGER storefront_v_catalog_sku AFTER INSERT OR DELETE OR TRUNCATE"
            " ON catalog_sku FOR EACH STATEMENT EXECUTE FUNCTION storefront_bump_shop_version()")


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS storefront_v_catalog_product_update")
        _sqlite_update_trigger(run, "catalog_product", OLD_PRODUCT_COLUMNS)
        for event in ("update", "insert", "delete"):
            run(f"DROP TRIGGER IF EXISTS storefront_v_catalog_sku_{event}")
    elif vendor == "postgresql":
        _pg_update_trigger(run, "catalog_product", OLD_PRODUCT_COLUMNS)
        run("DROP TRIGGER IF EXISTS storefront_v_catalog_sku_update ON catalog_sku")
        run("DROP TRIGGER IF EXISTS storefront_v_catalog_sku ON catalog_sku")


class Migration(migrations.Migration):
    dependencies = [("storefront", "0003_shop_version"), ("catalog", "0002_submission_import")]
    operations = [migrations.RunPython(up, down, elidable=False)]
