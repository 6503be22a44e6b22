"""The home page's main part is cached, and still shows every change on the next request."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.catalog.models import Product
from siteops.merch.tests import factories as m
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def get(client, lang="zh-hans"):
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    return html, len(ctx)


def test_a_hit_costs_one_query(client):
    f.sku(title="陶瓷茶杯")
    first, misses = get(client)
    second, hits = get(client)
    main = lambda html: html[html.index("<main") : html.index("</main>")]  # noqa: E731
    assert main(first) == main(second) and "陶瓷茶杯" in second
    assert hits == 1 < misses


def test_price_change_by_queryset_update_shows_next_request(client):
    s = f.sku(title="陶瓷茶杯", price="30.00")
    assert "¥30.00" in get(client)[0]
    Product.objects.filter(pk=s.product_id).update(min_price="25.00")
    assert "¥25.00" in get(client)[0]


def test_sold_out_by_checkout_shows_next_request(client):
    s = f.sku(title="限量茶杯", stock=1)
    assert "已售罄" not in get(client)[0]
    f.order(items={s.pk: 1})
    assert "已售罄" in get(client)[0]


def test_checkouts_that_change_nothing_shown_keep_the_cache(client):
    s = f.sku(title="陶瓷茶杯", stock=50)
    get(client)
    f.order(items={s.pk: 1})
    assert get(client)[1] == 1


def test_scheduled_shelf_appears_at_its_start_without_any_write(client):
    m.slot(m.shelf(name="限时抢购", start=timezone.now() + datetime.timedelta(minutes=10)),
           f.sku(title="秒杀商品").product)  # fmt: skip
    assert "限时抢购" not in get(client)[0]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        assert "限时抢购" in get(client)[0]


def test_languages_are_cached_apart(client):
    f.sku()
    assert "新品上架" in get(client, "zh-hans")[0]
    assert "New arrivals" in get(client, "en")[0]
