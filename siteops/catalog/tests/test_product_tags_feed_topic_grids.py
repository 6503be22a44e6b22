"""The product editor tags products (新品, 年货 …); a topic page's product grid selects by tag, and
tagging shows on the shop's next request (the grids are cached per shop version)."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff
from siteops.catalog import services
from siteops.catalog.models import Product, Tag
from siteops.content.blocks import ProductGrid
from siteops.storefront.cache import shop_version

from .factories import product_with_sku

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(product_editor):
    skus = [product_with_sku(status="published") for _ in range(3)]
    products = [s.product for s in skus]
    Product.objects.filter(pk__in=[p.pk for p in products]).update(in_stock=True, min_price=10)
    return products


def test_the_service_sets_tags_and_the_grid_selects_by_tag(shop, product_editor):
    nianhuo = Tag.objects.create(slug="nianhuo", name="年货")
    Tag.objects.create(slug="winter", name="冬季")
    settings = ProductGrid.clean({"tag": "nianhuo", "sort": "newest", "limit": 8})
    assert settings["tag"] == "nianhuo" and ProductGrid.products(settings) == []

    before = shop_version()
    services.product_update(actor=product_editor, product=shop[0], tags=[nianhuo])
    assert shop_version() != before  # the cached grids are stale now
    assert [p.pk for p in ProductGrid.products(settings)] == [shop[0].pk]
    # Another tag, or none, is not this grid's business.
    assert len(ProductGrid.products(ProductGrid.clean({"sort": "newest"}))) == 3
    assert ProductGrid.products(ProductGrid.clean({"tag": "winter", "sort": "newest"})) == []
    assert ProductGrid.products(ProductGrid.clean({"tag": "no-such", "sort": "newest"})) == []

    before = shop_version()
    services.product_update(actor=product_editor, product=shop[0], tags=[])
    assert shop_version() != before and ProductGrid.products(settings) == []


def test_the_edit_form_saves_tags_through_the_service(shop):
    tag = Tag.objects.create(slug="hot", name="爆款")
    product = shop[1]
    c = Client()
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = {
        "code": product.code, "title": product.title, "title_en": "", "subtitle": "",
        "category": product.category_id, "brand": "", "tags": [tag.pk], "description": "",
        "attributes": "{}", "seo_title": "", "seo_description": "",
    }  # fmt: skip
    c.force_login(make_staff("acting-ped", "PED", kind="acting"))
    r = c.post(url, data)
    assert r.status_code == 302, r.content[:2000]
    assert list(product.tags.values_list("slug", flat=True)) == ["hot"]
    # Who did it: the history row of the save is the acting editor's.
    assert product.history.latest().history_user.username == "acting-ped"

    c.force_login(make_staff("cpy", "CPY"))
    assert c.post(url, {**data, "tags": []}).status_code == 403
    assert product.tags.count() == 1


def test_a_tag_in_use_cannot_be_deleted_an_unused_one_can(shop, product_editor):
    used = Tag.objects.create(slug="deal", name="特惠")
    unused = Tag.objects.create(slug="old", name="旧标签")
    services.product_update(actor=product_editor, product=shop[2], tags=[used])
    c = Client()
    c.force_login(product_editor)
    assert (
        c.post(reverse("admin:catalog_tag_delete", args=[used.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Tag.objects.filter(pk=used.pk).exists()
    r = c.post(reverse("admin:catalog_tag_delete", args=[unused.pk]), {"post": "yes"})
    assert r.status_code == 302 and not Tag.objects.filter(pk=unused.pk).exists()
    c.force_login(make_staff("wh", "WH-STK"))
    assert c.post(reverse("admin:catalog_tag_add"), {"slug": "x", "name": "x"}).status_code == 403
    assert not Tag.objects.filter(slug="x").exists()


def test_the_grid_settings_form_takes_a_tag():
    from siteops.content.block_forms import FORMS

    form = FORMS["product_grid"]({"tag": "nianhuo", "sort": "sales", "limit": 8})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tag"] == "nianhuo"
