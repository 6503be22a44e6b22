"""SQLite drops triggers when Django rebuilds a table; ``migrate`` puts the storefront's back."""

import pytest
from django.db import connection

from siteops.orders.tests import factories as f
from siteops.storefront import dbobjects
from siteops.storefront.cache import shop_version
from siteops.storefront.search import search_ids

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps triggers on ALTER")
def test_lost_triggers_are_restored_and_the_index_rebuilt():
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER storefront_product_fts_ai")
        cur.execute("DROP TRIGGER storefront_v_catalog_product_update")
    missed = f.sku(title="丢失触发器时新增的商品").product
    assert search_ids("触发器") == []
    restored = dbobjects.ensure()
    assert "storefront_product_fts_ai" in restored
    assert "storefront_v_catalog_product_update" in restored
    assert search_ids("触发器") == [missed.pk]
    v = shop_version()
    missed.title = "改名后的商品"
    missed.save()
    assert shop_version() > v
    assert dbobjects.ensure() == []  # nothing missing: nothing done
