"""Product status machine and what the shop shows (sold out per the setting)."""

import pytest
from django.test import override_settings

from siteops.catalog import selectors, services
from siteops.catalog.choices import SyncSource
from siteops.catalog.models import Product, ProductEvent
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed

from .factories import ProductFactory, product_with_sku

pytestmark = pytest.mark.django_db


def test_illegal_transitions_change_nothing(product_editor, manager):
    sku = product_with_sku(status="draft")
    with pytest.raises(IllegalTransition):
        services.product_delist(actor=product_editor, product=sku.product)
    with pytest.raises(IllegalTransition):
        services.product_restore(actor=manager, product=sku.product)
    assert Product.objects.get(pk=sku.product_id).status == "draft"
    assert not ProductEvent.objects.exists()


def test_publish_needs_an_active_sku(product_editor):
    product = ProductFactory()
    with pytest.raises(DomainError):
        services.product_publish(actor=product_editor, product=product)
    assert Product.objects.get(pk=product.pk).status == "draft"


def test_only_the_manager_restores(product_editor, manager):
    sku = product_with_sku(status="published")
    services.product_delete(actor=product_editor, product=sku.product)
    with pytest.raises(NotAllowed):
        services.product_restore(actor=product_editor, product=sku.product)
    p = services.product_restore(actor=manager, product=sku.product)
    assert p.status == "delisted" and not p.deleted_at
    assert list(p.events.values_list("to_status", flat=True)) == ["delisted", "deleted"]


@pytest.mark.parametrize("behaviour", ["show", "hide"])
def test_sold_out_shows_or_hides_and_comes_back(behaviour, warehouse):
    sku = product_with_sku(status="published", stock_on_hand=2)
    hidden = product_with_sku(status="draft")
    with override_settings(SITEOPS={"SOLD_OUT_BEHAVIOUR": behaviour}):
        assert list(selectors.shop_products()) == [sku.product]
        services.sync_batch_create(actor=warehouse, source=SyncSource.WAREHOUSE,
                                   rows=[{"op": "stock_set", "code": sku.code, "value": "0"}])  # fmt: skip
        shown = list(selectors.shop_products())
        if behaviour == "show":
            assert shown == [sku.product] and not shown[0].in_stock
        else:
            assert shown == []
        services.sync_batch_create(actor=warehouse, source=SyncSource.WAREHOUSE,
                                   rows=[{"op": "stock_adjust", "code": sku.code, "value": "5"}])  # fmt: skip
        shown = list(selectors.shop_products())
        assert shown == [sku.product] and shown[0].in_stock
    assert hidden.product not in shown


def test_shop_never_loads_cost(django_assert_num_queries):
    product_with_sku(status="published")
    p = selectors.shop_products().get()
    assert "cost" in p.skus.all()[0].get_deferred_fields()


def test_purchasing_status_and_category_syncs(purchasing, monkeypatch):
    from siteops.catalog.services import syncs

    a = product_with_sku(status="published")
    b = product_with_sku(status="published")
    c = product_with_sku(status="draft")
    from .factories import CategoryFactory

    target = CategoryFactory(slug="new-home")
    monkeypatch.setattr(syncs, "products_on_live_shelf", lambda ids: {a.product_id})
    batch = services.sync_batch_create(actor=purchasing, source=SyncSource.PURCHASING, rows=[
        {"op": "delist", "code": a.product.code},
        {"op": "delete", "code": b.code},  # a SKU code finds its product too
        {"op": "category", "code": c.product.code, "value": "new-home"},
        {"op": "delist", "code": c.product.code},  # not published -> error row
    ])  # fmt: skip
    rows = list(batch.rows.order_by("line"))
    assert [r.status for r in rows] == ["applied", "applied", "applied", "error"]
    assert "shelf" in rows[0].warning or "货架" in rows[0].warning
    assert Product.objects.get(pk=a.product_id).status == "delisted"
    assert Product.objects.get(pk=b.product_id).status == "deleted"
    assert Product.objects.get(pk=c.product_id).category == target


def test_file_sync_previews_then_applies_once(client, warehouse):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from siteops.catalog.models import SKU, SyncBatch

    sku = product_with_sku(stock_on_hand=1)
    client.force_login(warehouse)
    csv = f"op,code,value\nstock_set,{sku.code},9\nstock_set,NOPE,1\n".encode()
    r = client.post(reverse("admin:catalog_sync_upload"),
                    {"source": "warehouse", "file": SimpleUploadedFile("s.csv", csv)})  # fmt: skip
    batch = SyncBatch.objects.get()
    assert r.status_code == 302 and batch.status == "preview"
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 1  # preview only
    page = client.get(reverse("admin:catalog_syncbatch_work", args=[batch.pk])).content.decode()
    assert "NOPE" in page and ">1<" in page and ">9<" in page
    client.post(reverse("admin:catalog_syncbatch_action", args=[batch.pk, "apply"]))
    client.post(reverse("admin:catalog_syncbatch_action", args=[batch.pk, "apply"]))
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 9
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.rows_applied == 1 and batch.rows_error == 1
