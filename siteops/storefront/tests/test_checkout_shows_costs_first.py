"""The customer sees the delivery fee and the total before placing the order (#9 item 26)."""

import pytest

from siteops.orders.models import Order
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    s = f.sku(price="100.00")
    user = f.customer()
    addr = f.address(user)
    client.force_login(user)
    client.post("/cart/add/", {"sku": s.pk, "quantity": 2})
    return addr


def test_the_checkout_page_shows_fee_and_total_for_the_default_method(client, shopper):
    html = client.get("/checkout/").content.decode()
    assert 'id="cost-delivery">¥0.00' in html and 'id="cost-total">¥200.00' in html


def test_the_summary_follows_the_delivery_method(client, shopper):
    html = client.get("/checkout/summary/?delivery_method=express").content.decode()
    assert 'id="cost-delivery">¥12.00' in html and 'id="cost-total">¥212.00' in html
    html = client.get("/checkout/summary/?delivery_method=nonsense").content.decode()
    assert 'id="cost-total">' in html


def test_recalculating_without_javascript_places_nothing(client, shopper):
    r = client.post("/checkout/", {"address": shopper.pk, "delivery_method": "express",
                                   "payment_method": "cod", "recalculate": "1"})  # fmt: skip
    assert r.status_code == 200 and 'id="cost-total">¥212.00' in r.content.decode()
    assert not Order.objects.exists()


def test_the_summary_needs_a_login(client):
    assert client.get("/checkout/summary/").status_code == 302
