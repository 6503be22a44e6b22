"""Bad input from a visitor gets a translated 400 or 404, never a 500 (issue #9 item 4)."""

import pytest

from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def test_nul_in_the_search_is_a_translated_400(client):
    r = client.get("/search/?q=a%00b", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and "NUL" in r.content.decode()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999999", "abc", "-5"])
def test_an_unusable_price_filter_is_ignored_with_a_message(client, value):
    cat = f.category(slug="phones")
    f.sku(title="测试手机", cat=cat)
    r = client.get(f"/c/phones/?min={value}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = r.content.decode()
    assert r.status_code == 400 and "测试手机" in html and 'role="alert"' in html


def test_an_empty_price_filter_is_no_filter(client):
    cat = f.category(slug="tea")
    f.sku(title="龙井", cat=cat)
    r = client.get("/c/tea/?min=&max=")
    assert r.status_code == 200 and "龙井" in r.content.decode()


@pytest.mark.parametrize("pk", ["99999999999999999999", str(2**63)])
def test_a_product_id_beyond_64_bits_is_404(client, pk):
    assert client.get(f"/p/{pk}/").status_code == 404
    assert client.get(f"/go/ad/{pk}/").status_code == 404
