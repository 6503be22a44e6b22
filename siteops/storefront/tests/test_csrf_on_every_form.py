"""Every form of the shop refuses a POST without the CSRF token (and accepts it with one)."""

import pytest
from django.test import Client

from siteops.orders.models import Order
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    user = f.customer("csrfuser")
    order = f.order(user)
    return {"user": user, "order": order, "addr": user.addresses.get(), "sku": f.sku()}


def urls(w):
    return [
        (
            "/account/register/",
            {"username": "x1", "password1": "Zq8!long", "password2": "Zq8!long"},
        ),
        ("/account/login/", {"username": "csrfuser", "password": "pw-Shopper-123"}),
        ("/account/logout/", {}),
        ("/cart/add/", {"sku": w["sku"].pk}),
        ("/cart/update/", {"sku": w["sku"].pk, "quantity": 2}),
        (
            "/checkout/",
            {"address": w["addr"].pk, "delivery_method": "standard", "payment_method": "cod"},
        ),
        (f"/account/orders/{w['order'].number}/cancel/", {}),
        ("/account/addresses/new/", {"recipient": "a"}),
        (f"/account/addresses/{w['addr'].pk}/", {"recipient": "a"}),
        (f"/account/addresses/{w['addr'].pk}/delete/", {}),
        ("/i18n/setlang/", {"language": "en"}),
    ]


def test_post_without_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["user"])
    for url, data in urls(world):
        assert client.post(url, data).status_code == 403, url
    world["order"].refresh_from_db()
    assert world["order"].status == "cod_confirmed" and Order.objects.count() == 1


def test_post_with_token_from_the_page_works(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["user"])
    client.get(f"/p/{world['sku'].product_id}/")
    token = client.cookies["csrftoken"].value
    r = client.post("/cart/add/", {"sku": world["sku"].pk, "csrfmiddlewaretoken": token})
    assert r.status_code == 302
