"""Indexes for the shop's category listings at 100k+ products.

A category page filters on (status, category) and sorts by sales, price or id; its brand facet
reads brand ids of the same rows. These composite indexes let both databases walk the index in
sort order (or cover the facet) instead of sorting every product of a big category per request.
They live here, next to the queries that need them, like the search index of 0001.
"""

from django.db import migrations

INDEXES = {
    "storefront_product_cat_sales": "(status, category_id, sales_count)",
    "storefront_product_cat_price": "(status, category_id, min_price)",
    "storefront_product_cat_brand": "(status, category_id, brand_id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON catalog_product {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("storefront", "0001_product_search_index"), ("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
