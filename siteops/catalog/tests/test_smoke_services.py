from decimal import Decimal

import pytest

from siteops.catalog import services
from siteops.catalog.choices import SyncRowStatus, SyncSource
from siteops.catalog.models import SKU, PriceHistory, Product, ProductEvent

from .factories import CategoryFactory, product_with_sku

pytestmark = pytest.mark.django_db


def test_publish_delist_delete_restore(product_editor, manager):
    sku = product_with_sku(status="draft")
    p = services.product_publish(actor=product_editor, product=sku.product)
    assert p.status == "published"
    p = services.product_delist(actor=product_editor, product=p)
    p = services.product_delete(actor=product_editor, product=p)
    assert p.status == "deleted"
    p = services.product_restore(actor=manager, product=p)
    assert p.status == "delisted"
    assert ProductEvent.objects.filter(product=p).count() == 4
    assert p.history.count() >= 4


def test_stock_sync_and_price(product_editor, warehouse, purchasing):
    sku = product_with_sku(price=Decimal("100"), stock_on_hand=5)
    b = services.sync_batch_create(
        actor=warehouse,
        source=SyncSource.WAREHOUSE,
        rows=[{"op": "stock_set", "code": sku.code, "value": "0"}],
    )
    sku.refresh_from_db()
    assert sku.stock_on_hand == 0 and b.rows_applied == 1
    assert not Product.objects.get(pk=sku.product_id).in_stock
    b = services.sync_batch_create(
        actor=purchasing,
        source=SyncSource.PURCHASING,
        rows=[
            {"op": "price", "code": sku.code, "value": "150"},
            {"op": "price", "code": "NOPE", "value": "1"},
        ],
    )
    rows = {r.line: r for r in b.rows.all()}
    assert rows[1].status == SyncRowStatus.REVIEW and rows[2].status == SyncRowStatus.ERROR
    services.syncrow_approve(actor=product_editor, row=rows[1])
    assert SKU.objects.get(pk=sku.pk).price == Decimal("150.00")
    assert PriceHistory.objects.filter(sku=sku, via="sync").exists()


def test_submission_rounds(purchasing, product_editor):
    cat = CategoryFactory()
    s = services.submission_create(
        actor=purchasing,
        data={
            "reference": "R1",
            "title": "小米手机",
            "skus": [{"code": "X1", "price": "1999", "spec": "颜色=黑"}],
        },
    )
    services.submission_return(
        actor=product_editor, submission=s, reasons={"category": "请选择分类"}
    )
    services.submission_resubmit(actor=purchasing, submission=s, data={"title": "小米手机 14"})
    product = services.submission_complete(
        actor=product_editor, submission=s, data={"category": cat.slug}, publish=True
    )
    assert product.status == "published"
    assert s.rounds.count() == 4


def test_category_move_refuses_cycle(manager):
    from siteops.core.errors import DomainError

    a = services.category_create(actor=manager, name="A", slug="a")
    b = services.category_create(actor=manager, name="B", slug="b", parent=a)
    c = services.category_create(actor=manager, name="C", slug="c", parent=b)
    with pytest.raises(DomainError):
        services.category_move(actor=manager, category=a, new_parent=c)
    services.category_move(actor=manager, category=b, new_parent=None)
    c.refresh_from_db()
    assert c.path == f"{b.pk:07d}/{c.pk:07d}/" and c.depth == 1
