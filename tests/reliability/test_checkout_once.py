"""One checkout submission makes at most one order (issue #9 items 3 and 12).

- 8 identical concurrent POST /checkout/ of a one-unit cart (same page, same token) -> one order,
  one unit reserved, every other answer leads to that order; no 5xx.
- The same without a token (8 tabs' forms from before the fix) -> still one order: the cart is
  consumed inside the order's transaction.
Runs on SQLite and, with DATABASE_URL, PostgreSQL (real threads, real connections).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from siteops.catalog.models import SKU
from siteops.orders import services
from siteops.orders.models import CartLine, Order
from siteops.orders.tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _storm(n, post):
    results = [None] * n
    start = threading.Barrier(n)

    def go(i):
        try:
            start.wait()
            r = post()
            results[i] = (r.status_code, r.get("Location", ""))
        except Exception as exc:  # noqa: BLE001 - reported below
            results[i] = (None, repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


@pytest.mark.parametrize("with_token", [True, False], ids=["same-token", "no-token"])
def test_eight_identical_concurrent_checkouts_make_one_order(with_token):
    s = f.sku(stock=5)
    user = f.customer("twice")
    addr = f.address(user)
    services.cart_line_set(customer=user, sku_id=s.pk, quantity=1)
    data = {"address": addr.pk, "delivery_method": "standard", "payment_method": "cod"}
    if with_token:
        page = Client()
        page.force_login(user)
        html = page.get("/checkout/").content.decode()
        token = html.split('name="checkout_token" value="', 1)[1][:32]
        data["checkout_token"] = token
    clients = []
    for _ in range(8):
        c = Client()
        c.force_login(user)
        clients.append(c)
    it = iter(clients)
    lock = threading.Lock()

    def post():
        with lock:
            c = next(it)
        return c.post("/checkout/", data)

    results = _storm(8, post)
    assert all(status == 302 for status, _ in results), results
    orders = list(Order.objects.filter(customer=user))
    assert len(orders) == 1
    assert SKU.objects.get(pk=s.pk).stock_reserved == 1
    assert not CartLine.objects.filter(cart__customer=user).exists()
    if with_token:
        # every answer leads to the one order
        assert {loc for _, loc in results} == {f"/account/orders/{orders[0].number}/"}
