"""The shop's pages make the same number of queries whatever the size of the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def grow(cat, n):
    brand_cycle = [None]
    for i in range(n):
        f.sku(title=f"智能手表 第{i}代", cat=cat, spec={"颜色": ["黑", "白", "蓝"][i % 3]},
              brand=brand_cycle[0])  # fmt: skip


def counts(client, urls):
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        result[url] = len(ctx)
    return result


@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_at_two_catalogue_sizes(client, logged_in):
    cat = f.category("穿戴设备", slug="wear")
    f.category("手环", slug="bands", parent=cat)
    first = f.sku(title="智能手表 初代", cat=cat)
    if logged_in:
        client.force_login(f.customer())
    urls = ["/", "/c/wear/", "/c/wear/?sort=price&in_stock=1&spec=颜色:黑&min=1",
            f"/p/{first.product_id}/", "/search/?q=智能手表", "/search/?q=手表", "/cart/"]  # fmt: skip
    grow(cat, 3)
    client.post("/cart/add/", {"sku": first.pk})
    client.get("/cart/")  # shows (and so clears) the "added" message
    small = counts(client, urls)
    grow(cat, 40)
    big = counts(client, urls)
    assert small == big


def test_a_price_change_shows_on_the_next_request(client):
    s = f.sku(title="机械键盘", price="299.00")
    assert "¥299.00" in client.get(f"/p/{s.product_id}/").content.decode()
    from siteops.catalog.services import products_refresh

    s.price = "259.00"
    s.save()
    products_refresh([s.product_id])
    assert "¥259.00" in client.get(f"/p/{s.product_id}/").content.decode()
    assert "¥259.00" in client.get("/").content.decode()


def test_account_pages_at_two_sizes(client):
    user = f.customer()
    client.force_login(user)
    first = f.order(user)
    urls = ["/account/", f"/account/orders/{first.number}/", "/account/addresses/"]
    small = counts(client, urls)
    for _ in range(8):
        f.order(user, items={f.sku().pk: 2, f.sku().pk: 1})
    f.address(user, recipient="李四")
    big = counts(client, urls)
    assert small == big
