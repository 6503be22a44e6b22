"""The shop's home blocks: live ads and shelves only, in a constant number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.merch.selectors import home_blocks, live_ad_blocks, product_on_live_shelf

from .factories import ad, ad_position, category, product, shelf, slot

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def at(hours):
    return NOW + datetime.timedelta(hours=hours)


def test_start_and_end_are_respected():
    carousel = ad_position(code="home_carousel", is_carousel=True, max_ads=5)
    early = ad(carousel, title="早", start=at(-2), end=at(1), weight=1)
    later = ad(carousel, title="晚", start=at(2), end=at(5), weight=9)
    shelf_new = shelf(code="new", start=at(-1))
    p_now, p_later = product(), product()
    slot(shelf_new, p_now, end=at(1))
    slot(shelf_new, p_later, start=at(2))
    with time_machine.travel(NOW, tick=False):
        blocks = home_blocks()
        assert [a.pk for a in blocks.by_code["home_carousel"].ads] == [early.pk]
        assert [s.product.pk for s in blocks.shelves[0].slots] == [p_now.pk]
    with time_machine.travel(at(3), tick=False):
        blocks = home_blocks()
        assert [a.pk for a in blocks.by_code["home_carousel"].ads] == [later.pk]
        assert [s.product.pk for s in blocks.shelves[0].slots] == [p_later.pk]
    with time_machine.travel(at(-3), tick=False):
        assert home_blocks().ad_blocks == [] and home_blocks().shelves == []


def test_weight_orders_ads_and_max_ads_limits_them():
    banner = ad_position(code="home_banner_1", max_ads=2)
    light, heavy, mid = ad(banner, weight=1), ad(banner, weight=10), ad(banner, weight=5)
    inactive = ad(banner, weight=99, is_active=False)
    ads = home_blocks().by_code["home_banner_1"].ads
    assert [a.pk for a in ads] == [heavy.pk, mid.pk]
    assert inactive.pk not in [a.pk for a in ads] and light.pk not in [a.pk for a in ads]


def test_only_published_products_and_sold_out_per_catalogue_setting(settings):
    s = shelf(code="hot")
    shown, draft, sold_out = product(), product(status="delisted"), product(in_stock=False)
    for i, p in enumerate([shown, draft, sold_out]):
        slot(s, p, position=i)
    assert [x.product.pk for x in home_blocks().shelves[0].slots] == [shown.pk, sold_out.pk]
    settings.SITEOPS = {**settings.SITEOPS, "SOLD_OUT_BEHAVIOUR": "hide"}
    assert [x.product.pk for x in home_blocks().shelves[0].slots] == [shown.pk]


def test_inactive_shelf_and_category_hidden():
    s = shelf(code="off", is_active=False)
    slot(s, product())
    cat = category(is_active=False)
    s2 = shelf(code="on")
    slot(s2, product(cat=cat))
    assert home_blocks().shelves == []


def _fill(n):
    carousel = ad_position(code=f"c{n}", is_carousel=True, max_ads=5)
    for _ in range(n):
        ad(carousel)
    for k in range(3):
        s = shelf(code=f"s{n}-{k}", max_products=50)
        for i in range(n):
            slot(s, product(), position=i)


def count_queries():
    with CaptureQueriesContext(connection) as ctx:
        blocks = home_blocks()
        from django.template.loader import render_to_string

        html = render_to_string("merch/home_blocks.html", {"blocks": blocks})
    return len(ctx.captured_queries), html


def test_query_count_does_not_grow_with_the_catalogue():
    _fill(2)
    small, html_small = count_queries()
    _fill(20)
    big, html_big = count_queries()
    assert small == big <= 8
    assert html_big.count("merch-card") > html_small.count("merch-card")


def test_product_on_live_shelf():
    s = shelf(code="hot", name="热销推荐")
    on, off, future = product(), product(), product()
    slot(s, on)
    slot(s, future, start=timezone.now() + datetime.timedelta(days=1))
    assert product_on_live_shelf([on.pk, off.pk, future.pk]) == {on.pk: ["热销推荐"]}


def test_template_tag_renders_blocks(client):
    from django.template import Context, Template

    s = shelf(code="hot", name="热销推荐")
    p = product(title="保温杯")
    sl = slot(s, p)
    html = Template("{% load merch %}{% merch_home_blocks %}").render(Context({}))
    assert "热销推荐" in html and "保温杯" in html and f"/go/slot/{sl.pk}/" in html


def test_category_page_positions_are_not_on_the_home_page():
    top = ad_position(code="category_top", placement="category")
    a = ad(top)
    assert home_blocks().ad_blocks == []
    assert [x.pk for x in live_ad_blocks(codes=["category_top"])[0].ads] == [a.pk]
