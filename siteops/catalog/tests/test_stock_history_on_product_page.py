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


def test_history_reads_the_same_with_and_without_the_prefetched_skus(
    warehouse, product_editor, django_assert_num_queries
):
    """The work page hands over its prefetched SKUs: the rows and the schedule are the same as
    read on their own, with their SKUs set and no query per row."""
    import datetime

    from django.db.models import Prefetch
    from django.utils import timezone

    from siteops.catalog import selectors
    from siteops.catalog.models import SKU, Product

    s = f.sku(title="保温杯", stock=5)
    second = f.sku(title="保温杯大号", stock=2)
    second.product = s.product
    second.save(update_fields=["product"])
    services.sync_batch_create(actor=warehouse, source="warehouse", rows=[
        {"op": "stock_set", "code": s.code, "value": "40"},
        {"op": "stock_set", "code": second.code, "value": "7"},
    ])  # fmt: skip
    services.sku_schedule_price(
        actor=product_editor, sku=second, price="9.90",
        due_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    plain = Product.objects.get(pk=s.product_id)
    with_skus = Product.objects.prefetch_related(
        Prefetch("skus", queryset=SKU.objects.order_by("code"))
    ).get(pk=s.product_id)

    def shown(rows, schedule):
        return (
            [(r.pk, r.sku.code, r.old_value, r.new_value, str(r.batch.actor)) for r in rows],
            [(a.pk, a.sku.code if a.sku_id else None) for a in schedule],
        )

    expected = shown(selectors.stock_changes(plain), selectors.scheduled_actions(plain))
    assert len(expected[0]) == 2 and expected[1][0][1] == second.code
    with django_assert_num_queries(2):  # one each, no SKU read again
        got = shown(selectors.stock_changes(with_skus), selectors.scheduled_actions(with_skus))
    assert got == expected
