"""A "shop version" that changes whenever anything the home page shows changes, so the rendered
home can be cached and still show a price change or a shelf edit on the first request after it
commits.

One row (id=1) in storefront_shop_version. Database triggers on the catalogue and merchandising
tables raise it in the writing transaction — so every write path counts (services, admin,
``QuerySet.update()``, raw SQL, syncs), and readers see the new version exactly when they see the
new data. The new value is max(old + 1, now in µs): a number rolled back with its transaction is
never reused for other content.
"""

from django.db import migrations

# What a product card shows; sales counts and timestamps (changed by every checkout) do not count,
# so checkouts neither invalidate the cache nor contend for the version row.
PRODUCT_COLUMNS = ["title", "title_en", "subtitle", "category_id", "brand_id", "status", "in_stock",
                   "min_price", "code"]  # fmt: skip
TABLES = [
    "catalog_productimage", "catalog_category", "catalog_brand",
    "merch_shelf", "merch_shelfslot", "merch_ad", "merch_adposition",
]  # fmt: skip

SQLITE_BUMP = (
    "UPDATE storefront_shop_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor not in ("sqlite", "postgresql"):
        return
    run("CREATE TABLE IF NOT EXISTS storefront_shop_version (id integer PRIMARY KEY, version bigint NOT NULL)")
    run("INSERT INTO storefront_shop_version (id, version) VALUES (1, 1)")
    cols = ", ".join(PRODUCT_COLUMNS)
    if vendor == "sqlite":
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in PRODUCT_COLUMNS)
        run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_update AFTER UPDATE OF {cols}"
            f" ON catalog_product WHEN {changed} BEGIN {SQLITE_BUMP} END")  # fmt: skip
        for event in ("INSERT", "DELETE"):
            run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_{event.lower()}"
                f" AFTER {event} ON catalog_product BEGIN {SQLITE_BUMP} END")  # fmt: skip
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_{table}_{event.lower()} AFTER {event}"
                    f" ON {table} BEGIN {SQLITE_BUMP} END")  # fmt: skip
        return
    run("""CREATE OR REPLACE FUNCTION storefront_bump_shop_version() RETURNS trigger AS $$
        BEGIN
            UPDATE storefront_shop_version SET version = GREATEST(version + 1,
                (extract(epoch from clock_timestamp()) * 1000000)::bigint) WHERE id = 1;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in PRODUCT_COLUMNS)
    run("DROP TRIGGER IF EXISTS storefront_v_catalog_product_update ON catalog_product")
    run(f"CREATE TRIGGER storefront_v_catalog_product_update AFTER UPDATE OF {cols} ON catalog_product"
        f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION storefront_bump_shop_version()")  # fmt: skip
    run("DROP TRIGGER IF EXISTS storefront_v_catalog_product ON catalog_product")
    run("CREATE TRIGGER storefront_v_catalog_product AFTER INSERT OR DELETE OR TRUNCATE"
        " ON catalog_product FOR EACH STATEMENT EXECUTE FUNCTION storefront_bump_shop_version()")
    for table in TABLES:
        run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")
        run(f"CREATE TRIGGER storefront_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION storefront_bump_shop_version()")  # fmt: skip


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    cols = ", ".join(PRODUCT_COLUMNS)
    if vendor == "sqlite":
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in PRODUCT_COLUMNS)
        run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_update AFTER UPDATE OF {cols}"
            f" ON catalog_product WHEN {changed} BEGIN {SQLITE_BUMP} END")  # fmt: skip
        for event in ("INSERT", "DELETE"):
            run(f"CREATE TRIGGER IF NOT EXISTS storefront_v_catalog_product_{event.lower()}"
                f" AFTER {event} ON catalog_product BEGIN {SQLITE_BUMP} END")  # fmt: skip
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS storefront_v_{table}_{event}")
    elif vendor == "postgresql":
        for table in TABLES:
            run(f"DROP TRIGGER IF EXISTS storefront_v_{table} ON {table}")
        run("DROP FUNCTION IF EXISTS storefront_bump_shop_version()")
    else:
        return
    run("DROP TABLE IF EXISTS storefront_shop_version")


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0002_listing_indexes"),
        ("catalog", "0002_submission_import"),
        ("merch", "0003_ad_position_placement"),
    ]

    operations = [migrations.RunPython(up, down, elidable=False)]
