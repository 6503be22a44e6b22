"""Warehouse stock changes are the product's stock history, shown on its work page with who sent
them and which batch (stock is kept out of the SKU field history)."""

import pytest
from django.urls import reverse

from siteops.catalog import services
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def test_stock_history_lists_applied_warehouse_rows(client, warehouse, product_editor):
    s = f.sku(title="保温杯", stock=5)
    other = f.sku(title="别的商品", stock=5)
    services.sync_batch_create(actor=warehouse, source="warehouse", rows=[
        {"op": "stock_set", "code": s.code, "value": "40"},
        {"op": "stock_adjust", "code": s.code, "value": "-3"},
        {"op": "stock_set", "code": other.code, "value": "9"},
        {"op": "stock_set", "code": s.code, "value": "-1"},  # refused: not in the history
    ])  # fmt: skip
    client.force_login(product_editor)
    html = client.get(reverse("admin:catalog_product_work", args=[s.product_id])).content.decode()
    table = html[
        html.index('id="stock-changes"') : html.index("</table>", html.index('id="stock-changes"'))
    ]
    assert "5 → 40" in table and "40 → 37" in table
    assert other.code not in table and "→ -1" not in table
    assert "warehouse" in table and "WH-STK" in table
