"""A repeated checkout submission shows the order already placed; "add to cart" returns only to
this site's own pages."""

import pytest

from siteops.catalog.models import SKU
from siteops.orders.models import CartLine, Order
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def _token(client):
    html = client.get("/checkout/").content.decode()
    return html.split('name="checkout_token" value="', 1)[1][:32]


def test_a_resubmitted_checkout_shows_the_order_already_placed(client):
    s = f.sku(stock=3)
    user = f.customer()
    addr = f.address(user)
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    data = {"address": addr.pk, "delivery_method": "standard", "payment_method": "cod",
            "checkout_token": _token(client)}  # fmt: skip
    first = client.post("/checkout/", data)
    order = Order.objects.get(customer=user)
    assert first["Location"] == f"/account/orders/{order.number}/"
    # The answer was lost (worker killed after the commit); the browser posts the form again,
    # even after the customer put something new in the cart.
    client.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    again = client.post("/checkout/", data, follow=True)
    assert again.redirect_chain[0][0] == f"/account/orders/{order.number}/"
    assert order.number in again.content.decode()
    assert Order.objects.filter(customer=user).count() == 1
    assert SKU.objects.get(pk=s.pk).stock_reserved == 1
    assert CartLine.objects.filter(cart__customer=user).count() == 1  # the new line stays


def test_the_cart_is_emptied_with_the_order_so_a_blind_repeat_orders_nothing(client):
    s = f.sku(stock=3)
    user = f.customer()
    addr = f.address(user)
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    data = {"address": addr.pk, "delivery_method": "standard", "payment_method": "cod"}
    client.post("/checkout/", data)
    assert not CartLine.objects.filter(cart__customer=user).exists()
    r = client.post("/checkout/", data)
    assert r.status_code == 302 and Order.objects.filter(customer=user).count() == 1


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "\\\\evil.example.com",
        "http:/evil.example.com",
        "javascript:alert(1)",
        " //evil.example.com",
        "/\t/evil.example.com",
    ],
)
def test_add_to_cart_never_returns_to_another_site(client, back):
    # an unknown SKU is an error, which returns to ``back``
    r = client.post("/cart/add/", {"sku": "999999", "quantity": 1, "back": back})
    assert r.status_code == 302
    loc = r["Location"]
    assert loc == "/cart/" or (loc.startswith("/") and not loc.startswith(("//", "/\\")))
    assert "evil" not in loc and "javascript" not in loc


def test_add_to_cart_returns_to_the_product_page_on_an_error(client):
    r = client.post("/cart/add/", {"sku": "999999", "quantity": 1, "back": "/p/5/?sku=2"})
    assert r["Location"] == "/p/5/?sku=2"
