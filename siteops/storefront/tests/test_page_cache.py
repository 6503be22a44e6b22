"""Whole shop pages are cached for anonymous visitors, and still show every change on the next
request: catalogue and merchandising writes change the shop version (database triggers), and the
product page adds its SKUs' stock state to the key."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from siteops.catalog.models import SKU, Product
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, len(ctx)


def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", ["/", "/c/tea/", "/c/tea/?sort=price&in_stock=1", "/help/"])
def test_a_second_anonymous_visit_is_a_hit_of_one_query(client, url):
    f.sku(title="陶瓷茶杯", cat=f.category("茶具", slug="tea"))
    first, _misses = get(client, url)
    client.cookies.clear()
    second, hits = get(client, url)
    assert first["X-Shop-Cache"] == "miss" and second["X-Shop-Cache"] == "hit"
    assert hits == 1


def test_product_page_hit_costs_one_query_and_matches_the_rendered_page(client):
    s = f.sku(title="陶瓷茶杯")
    first, _ = get(client, f"/p/{s.product_id}/")
    client.cookies.clear()
    second, hits = get(client, f"/p/{s.product_id}/")
    assert second["X-Shop-Cache"] == "hit" and hits == 1
    strip = lambda r: re.sub(r'value="[^"]+"(?=>)', "", r.content.decode())  # noqa: E731
    assert strip(first) == strip(second)


def test_every_hit_carries_its_own_working_csrf_token():
    s = f.sku(title="陶瓷茶杯", stock=5)
    a, b = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    a.get(f"/p/{s.product_id}/")
    hit = b.get(f"/p/{s.product_id}/")
    assert hit["X-Shop-Cache"] == "hit"
    html = hit.content.decode()
    assert "\x00" not in html and "csrftoken" in hit.cookies
    response = b.post(
        "/cart/add/", {"sku": s.pk, "quantity": 1, "csrfmiddlewaretoken": token(html)}
    )
    assert response.status_code == 302
    assert b.get("/cart/").content.decode().count("陶瓷茶杯") >= 1
    # A token from someone else's page is refused.
    assert (
        Client(enforce_csrf_checks=True)
        .post("/cart/add/", {"sku": s.pk, "csrfmiddlewaretoken": token(html)})
        .status_code
        == 403
    )


def test_stock_state_on_the_product_page_follows_checkouts(client):
    s = f.sku(title="限量茶杯", stock=12)
    url = f"/p/{s.product_id}/"
    assert "仅剩" not in get(client, url)[0].content.decode()
    f.order(items={s.pk: 4})  # 8 left: "only 8 left"
    html = get(client, url)[0].content.decode()
    assert "8" in html and "仅剩" in html
    f.order(items={s.pk: 8})
    assert 'id="sold-out"' in get(client, url)[0].content.decode()


def test_edits_the_old_home_trigger_did_not_watch_show_next_request(client):
    s = f.sku(title="陶瓷茶杯", spec={"颜色": "白"}, cat=f.category("茶具", slug="tea"))
    url = f"/p/{s.product_id}/"
    get(client, url), get(client, "/c/tea/")
    Product.objects.filter(pk=s.product_id).update(description="<p>手工拉坯</p>")
    assert "手工拉坯" in get(client, url)[0].content.decode()
    SKU.objects.filter(pk=s.pk).update(spec={"颜色": "青花"})
    assert "青花" in get(client, url)[0].content.decode()
    assert "青花" in get(client, "/c/tea/")[0].content.decode()  # the spec filter


def test_logged_in_customers_and_pending_messages_are_never_served_a_cached_page(client):
    s = f.sku(title="陶瓷茶杯")
    get(client, "/")
    client.force_login(f.customer())
    mine, _ = get(client, "/")
    assert not mine.has_header("X-Shop-Cache") and 'id="nav-account"' in mine.content.decode()
    anonymous = Client()
    anonymous.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    page, _ = get(anonymous, "/")
    assert not page.has_header("X-Shop-Cache") and "shop-messages" in page.content.decode()


def test_languages_are_cached_apart(client):
    f.sku(title="陶瓷茶杯")
    zh, _ = get(client, "/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en, _ = get(Client(), "/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="zh-hans"' in zh.content.decode() and 'lang="en"' in en.content.decode()
    # Each language is offered in its own name, whatever the page's language.
    for page in (zh, en):
        assert ">English</" in page.content.decode() and ">简体中文</" in page.content.decode()


def test_errors_are_not_cached(client):
    assert client.get("/p/999999/").status_code == 404
    p = f.sku(title="新品").product
    assert client.get(f"/p/{p.pk}/").status_code == 200


def test_the_cache_can_be_switched_off(client, settings):
    settings.SITEOPS = {**settings.SITEOPS, "SHOP_PAGE_CACHE": False}
    f.sku(title="陶瓷茶杯")
    get(client, "/")
    assert not get(client, "/")[0].has_header("X-Shop-Cache")


def test_language_switch_is_a_link_that_keeps_the_page(client):
    response = client.get("/language/en/?next=/c/tea/%3Fsort%3Dprice")
    assert response.status_code == 302 and response["Location"] == "/c/tea/?sort=price"
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/").content.decode()
    assert client.get("/language/zh-hans/").cookies["django_language"].value == "zh-hans"


def test_language_switch_refuses_other_sites_and_unknown_languages(client):
    assert client.get("/language/en/?next=https://evil.example/")["Location"] == "/"
    assert client.get("/language/en/?next=//evil.example/")["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404


def test_pages_without_forms_set_no_cookie_on_a_hit(client):
    f.sku(title="陶瓷茶杯")
    get(client, "/")
    hit, _ = get(Client(), "/")
    assert hit["X-Shop-Cache"] == "hit" and not hit.cookies
    assert "csrfmiddlewaretoken" not in hit.content.decode()


def test_cached_cards_follow_price_and_stock_for_everyone(client):
    s = f.sku(title="陶瓷茶杯", price="30.00", stock=1, cat=f.category("茶具", slug="tea"))
    customer = Client()
    customer.force_login(f.customer())
    for c in (client, customer):
        assert "¥30.00" in get(c, "/c/tea/")[0].content.decode()
    SKU.objects.filter(pk=s.pk).update(price="25.00")
    from siteops.catalog.services import products_refresh

    products_refresh([s.product_id])
    f.order(items={s.pk: 1})  # the last one: sold out
    for c in (client, customer):
        html = get(c, "/c/tea/")[0].content.decode()
        assert "¥25.00" in html and "¥30.00" not in html and "sold-out" in html


def test_search_results_follow_a_new_product_at_once(client):
    f.sku(title="青花瓷茶杯")
    assert client.get("/search/?q=青花瓷").content.decode().count("data-product=") == 1
    f.sku(title="青花瓷盘子")
    assert client.get("/search/?q=青花瓷").content.decode().count("data-product=") == 2


def test_english_pages_show_english_titles_and_names_where_set(client):
    cat = f.category("茶具", slug="tea")
    cat.name_en = "Teaware"
    cat.save()
    s = f.sku(title="陶瓷茶杯", cat=cat)
    Product.objects.filter(pk=s.product_id).update(title_en="Porcelain cup")
    plain = f.sku(title="无英文名的杯子", cat=cat)
    for url in ("/c/tea/", f"/p/{s.product_id}/", "/"):
        en = get(Client(), url, HTTP_ACCEPT_LANGUAGE="en")[0].content.decode()
        zh = get(Client(), url, HTTP_ACCEPT_LANGUAGE="zh-hans")[0].content.decode()
        assert "Porcelain cup" in en and "陶瓷茶杯" not in en, url
        assert "陶瓷茶杯" in zh and "Porcelain cup" not in zh, url
    en = get(Client(), "/c/tea/", HTTP_ACCEPT_LANGUAGE="en")[0].content.decode()
    assert "<h1>Teaware</h1>" in en and "无英文名的杯子" in en  # falls back to the Chinese title
    assert plain


def test_seo_title_is_the_page_title_when_set(client):
    s = f.sku(title="陶瓷茶杯")
    Product.objects.filter(pk=s.product_id).update(seo_title="景德镇陶瓷茶杯 官方")
    html = get(client, f"/p/{s.product_id}/")[0].content.decode()
    assert "<title>景德镇陶瓷茶杯 官方 - " in html and "built-in" not in html
