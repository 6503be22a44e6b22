"""A visitor fills a cart, logs in (cart merged), checks out; prices never come from the client."""

from decimal import Decimal

import pytest

from siteops.catalog.models import SKU
from siteops.orders.models import Address, Order
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def test_anonymous_cart_is_merged_at_login_and_checkout_places_a_cod_order(client):
    s = f.sku(title="蓝牙耳机", price="199.00", stock=5)
    user = f.customer("alice")
    f.address(user)
    # Arrival with campaign parameters, then shopping anonymously.
    client.get("/?utm_source=wechat&utm_medium=social&utm_campaign=双11&ref=kol42")
    client.post("/cart/add/", {"sku": s.pk, "quantity": 2, "price": "0.01"})
    assert "蓝牙耳机" in client.get("/cart/").content.decode()
    assert client.get("/checkout/").status_code == 302  # log in first
    r = client.post("/account/login/", {"username": "alice", "password": "pw-Shopper-123",
                                        "next": "/checkout/"})  # fmt: skip
    assert r.status_code == 302 and r["Location"] == "/checkout/"
    page = client.get("/checkout/").content.decode()
    assert "蓝牙耳机" in page and "¥398.00" in page
    addr = Address.objects.get(customer=user)
    r = client.post("/checkout/", {"address": addr.pk, "delivery_method": "express",
                                   "payment_method": "cod", "total": "1", "price": "0.01"})  # fmt: skip
    order = Order.objects.get(customer=user)
    assert r.status_code == 302 and r["Location"] == f"/account/orders/{order.number}/"
    assert order.status == "cod_confirmed"
    assert order.subtotal == Decimal("398.00") and order.total == Decimal("410.00")
    assert (order.utm_source, order.utm_medium, order.utm_campaign, order.referral) == (
        "wechat", "social", "双11", "kol42")  # fmt: skip
    assert (order.province, order.city) == ("上海市", "上海市")
    assert SKU.objects.get(pk=s.pk).stock_reserved == 2
    assert client.get("/cart/").content.decode().count("蓝牙耳机") == 0  # cart emptied
    html = client.get(order_url := f"/account/orders/{order.number}/").content.decode()
    assert order.number in html and "pay-cod" in html
    assert order.number in client.get("/account/").content.decode()
    # Cancel the unpaid order: the reservation goes back.
    client.post(order_url + "cancel/")
    order.refresh_from_db()
    assert order.status == "cancelled" and SKU.objects.get(pk=s.pk).stock_reserved == 0


def test_first_checkout_takes_the_address_inline_and_bank_transfer_waits(client):
    s = f.sku(price="10.00")
    user = f.customer()
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk, "quantity": 3})
    r = client.post("/checkout/", {
        "delivery_method": "standard", "payment_method": "bank_transfer",
        "new-recipient": "李四", "new-phone": "13900000000", "new-province": "广东省",
        "new-city": "深圳市", "new-line": "科技园1号",
    })  # fmt: skip
    order = Order.objects.get(customer=user)
    assert r.status_code == 302 and order.status == "pending_payment"
    assert order.province == "广东省" and order.total == Decimal("30.00")
    assert Address.objects.get(customer=user).is_default
    html = client.get(f"/account/orders/{order.number}/").content.decode()
    assert "pay-bank" in html and order.number in html
    assert "pay now" not in html.lower()


def test_sold_out_at_checkout_is_a_clear_answer_and_keeps_the_cart(client):
    s = f.sku(title="限量球鞋", stock=1)
    user = f.customer()
    addr = f.address(user)
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    f.order(items={s.pk: 1})  # someone else takes the last pair
    r = client.post("/checkout/", {"address": addr.pk, "delivery_method": "standard",
                                   "payment_method": "cod"})  # fmt: skip
    assert r.status_code == 409 and "限量球鞋" in r.content.decode()
    assert not Order.objects.filter(customer=user).exists()
    assert "限量球鞋" in client.get("/cart/").content.decode()


def test_invalid_payment_method_is_refused(client):
    s = f.sku()
    user = f.customer()
    addr = f.address(user)
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk})
    r = client.post("/checkout/", {"address": addr.pk, "delivery_method": "standard",
                                   "payment_method": "paid_already"})  # fmt: skip
    assert r.status_code == 200 and not Order.objects.exists()


def test_cart_refuses_unpublished_and_nonsense(client):
    s = f.sku()
    s.product.status = "draft"
    s.product.save()
    client.post("/cart/add/", {"sku": s.pk})
    client.post("/cart/add/", {"sku": "abc"})
    assert "cart-line" not in client.get("/cart/").content.decode()


def test_cart_update_and_remove(client):
    s = f.sku(title="保温杯")
    client.post("/cart/add/", {"sku": s.pk, "quantity": 2})
    client.post("/cart/update/", {"sku": s.pk, "quantity": 5})
    assert 'value="5"' in client.get("/cart/").content.decode()
    client.post("/cart/update/", {"sku": s.pk, "quantity": 0})
    assert "保温杯" not in client.get("/cart/").content.decode()
