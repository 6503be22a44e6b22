"""The shop version (0003) also changes with product tags: a topic page's product grid can select
by tag (content's ``product_grid`` block), and the grids are cached per shop version, so tagging
or untagging a product, or renaming a tag, shows on the next request. The triggers are 0005's."""

import importlib

from django.db import migrations

TABLES = ["catalog_tag", "catalog_product_tags"]
_content = importlib.import_module("siteops.storefront.migrations.0005_shop_version_covers_content")


def sqlite_ensure(run, existing: set[str] | None = None) -> None:
    """Create this migration's SQLite triggers where missing (used by ``dbobjects.ensure``)."""
    _content.sqlite_ensure(run, TABLES, existing)


up, down = _content.watch(TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0006_search_log"),
        ("catalog", "0008_product_tags"),
    ]
    operations = [migrations.RunPython(up, down, elidable=False)]
