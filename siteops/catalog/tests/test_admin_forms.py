"""Back-office edit forms write through services (history, sanitising, price history)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from siteops.catalog.models import SKU, Category, PriceHistory, Product

from .factories import CategoryFactory, product_with_sku

pytestmark = pytest.mark.django_db


def test_product_edit_form_sanitises_and_records_history(client, product_editor):
    sku = product_with_sku()
    p = sku.product
    client.force_login(product_editor)
    data = {"code": p.code, "title": "新标题", "title_en": "", "subtitle": "", "category": p.category_id,
            "brand": "", "description": '<p onclick="x()">好</p><script>1</script>', "attributes": "{}",
            "seo_title": "", "seo_description": ""}  # fmt: skip
    r = client.post(reverse("admin:catalog_product_change", args=[p.pk]), data)
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.title == "新标题" and "<script" not in p.description and "onclick" not in p.description
    last = p.history.first()
    assert last.history_user == product_editor and last.history_position == "PED"


def test_sku_form_price_change_keeps_price_history_and_hides_cost(
    client, product_editor, warehouse
):
    sku = product_with_sku(price=Decimal("10"))
    client.force_login(product_editor)
    data = {"product": sku.product_id, "code": sku.code, "barcode": "123", "spec": '{"颜色": "蓝"}',
            "price": "12.50", "market_price": "", "cost": "6", "weight": "", "is_active": "on"}  # fmt: skip
    r = client.post(reverse("admin:catalog_sku_change", args=[sku.pk]), data)
    assert r.status_code == 302
    sku.refresh_from_db()
    assert sku.price == Decimal("12.50") and sku.spec == {"颜色": "蓝"} and sku.barcode == "123"
    assert PriceHistory.objects.filter(sku=sku, old_price=Decimal("10.00"), via="editor").exists()
    client.force_login(warehouse)
    page = client.get(reverse("admin:catalog_sku_change", args=[sku.pk]))
    assert page.status_code == 200 and 'name="cost"' not in page.content.decode()


def test_category_form_refuses_a_cycle(client, manager):
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    client.force_login(manager)
    data = {"name": root.name, "name_en": "", "slug": root.slug, "parent": child.pk, "order": 0,
            "is_active": "on"}  # fmt: skip
    r = client.post(reverse("admin:catalog_category_change", args=[root.pk]), data)
    assert r.status_code == 200  # the form again, with the error
    assert Category.objects.get(pk=root.pk).parent is None
    data["parent"] = ""
    data["name"] = "改名"
    client.post(reverse("admin:catalog_category_change", args=[root.pk]), data)
    assert Category.objects.get(pk=root.pk).name == "改名"
    assert Product.objects.count() == 0 and SKU.objects.count() == 0
