"""The demo catalogue reads like a real shop's, and its pictures are drawn deterministically."""

import re

import pytest
from django.core.management import call_command

from siteops.catalog.demo.catalogue import demo_products
from siteops.catalog.demo.pictures import product_picture
from siteops.catalog.models import SKU, Product, ProductImage


def test_a_few_hundred_products_with_specs_prices_and_english_titles():
    products = demo_products()
    assert len(products) >= 300 and products == demo_products()  # the seed fixes everything
    assert len({p.code for p in products}) == len({p.title for p in products}) == len(products)
    assert {p.leaf for p in products} >= {"phones", "kitchen", "menswear", "snacks", "fruit"}
    share = sum(bool(p.title_en) for p in products) / len(products)
    assert 0.5 <= share < 1
    assert 10 <= sum(p.sold_out for p in products) <= 50
    assert 30 <= sum(p.on_sale for p in products) and 20 <= sum(p.new for p in products)
    axes = {axis for p in products for axis in p.axes}
    assert {"颜色", "尺码", "容量", "规格"} <= axes
    for p in products:
        # Chinese titles have no English words (the Chinese shop's pages are checked for them).
        assert not re.search(r"[A-Za-z]*[a-z][A-Za-z]*", p.title), p.title
        assert p.skus and all(s["price"] > 0 and s["market_price"] >= s["price"] for s in p.skus)
        if p.on_sale:
            assert any(s["market_price"] > s["price"] for s in p.skus)
        if p.sold_out:
            assert all(s["stock_on_hand"] == 0 for s in p.skus)


def test_the_same_product_gives_the_same_picture_bytes():
    args = dict(style="digital", icon="phone", colour="天青蓝", brand="华为 Huawei",
                name="畅享 70X", variant="颜色：天青蓝 · 内存：12GB+256GB", badge="新品")  # fmt: skip
    one = product_picture(**args)
    assert one[:3] == b"\xff\xd8\xff" and one == product_picture(**args)
    assert product_picture(**{**args, "colour": "曜石黑"}) != one


def test_without_a_cjk_font_the_picture_is_drawn_without_its_chinese(monkeypatch):
    from siteops.catalog.demo import pictures

    args = dict(style="food", icon="fruit", colour="橙色", brand="褚橙 Chu Orange",
                name="云南冰糖橙", variant="规格：5kg")  # fmt: skip
    with_font = product_picture(**args)
    monkeypatch.setattr(pictures, "cjk_font", lambda size, weight="bold": None)
    assert not pictures.has_cjk_font()
    without = product_picture(**args)
    assert without[:3] == b"\xff\xd8\xff" and without != with_font


@pytest.mark.django_db
def test_the_loader_pictures_every_product_and_loads_once(product_editor):
    call_command("load_catalog_demo", products=6, verbosity=0)
    counts = (Product.objects.count(), SKU.objects.count(), ProductImage.objects.count())
    assert counts[0] == 6 and counts[2] >= 6
    assert not Product.objects.filter(images__isnull=True).exists()
    image = ProductImage.objects.order_by("pk").first()
    assert image.thumbnail and image.image.read(3) == b"\xff\xd8\xff"
    call_command("load_catalog_demo", products=6, verbosity=0)
    assert (Product.objects.count(), SKU.objects.count(), ProductImage.objects.count()) == counts
