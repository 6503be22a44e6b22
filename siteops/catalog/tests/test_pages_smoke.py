import pytest
from django.urls import reverse

from siteops.catalog import services
from siteops.catalog.choices import SyncSource

from .factories import CategoryFactory, product_with_sku

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_the_editor(client, product_editor, purchasing, warehouse):
    sku = product_with_sku()
    cat = CategoryFactory()
    s = services.submission_create(
        actor=purchasing,
        data={
            "reference": "R1",
            "title": "T",
            "category": cat.slug,
            "skus": [{"code": "Z1", "price": "10"}],
        },
    )
    b = services.sync_batch_create(
        actor=warehouse,
        source=SyncSource.WAREHOUSE,
        apply=False,
        rows=[{"op": "stock_set", "code": sku.code, "value": "3"}],
    )
    client.force_login(product_editor)
    for url in [
        reverse("admin:catalog_product_changelist"),
        reverse("admin:catalog_product_changelist") + "?q=" + sku.code,
        reverse("admin:catalog_product_changelist") + "?stock=out&price=0-50&status=published",
        reverse("admin:catalog_category_changelist"),
        reverse("admin:catalog_brand_changelist"),
        reverse("admin:catalog_submission_changelist"),
        reverse("admin:catalog_syncbatch_changelist"),
        reverse("admin:catalog_product_work", args=[sku.product_id]),
        reverse("admin:catalog_product_change", args=[sku.product_id]),
        reverse("admin:catalog_submission_work", args=[s.pk]),
        reverse("admin:catalog_syncbatch_work", args=[b.pk]),
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
