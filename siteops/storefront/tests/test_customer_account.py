import pytest

from siteops.orders.models import Address
from siteops.orders.tests import factories as f
from siteops.org.models import User

pytestmark = pytest.mark.django_db


def test_register_logs_in_and_cannot_enter_the_back_office(client):
    r = client.post("/account/register/", {"username": "newbie", "email": "n@example.com",
                                           "password1": "Zq8!long-pass", "password2": "Zq8!long-pass"})  # fmt: skip
    assert r.status_code == 302
    user = User.objects.get(username="newbie")
    assert not user.is_staff
    assert client.get("/account/").status_code == 200
    r = client.get("/backoffice/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_register_errors_are_shown_and_nothing_is_created(client):
    f.customer("taken")
    r = client.post("/account/register/", {"username": "taken", "password1": "a", "password2": "b"})
    assert r.status_code == 200 and User.objects.filter(username="taken").count() == 1


def test_logout_is_post_only(client):
    client.force_login(f.customer())
    assert client.get("/account/logout/").status_code == 405
    client.post("/account/logout/")
    assert client.get("/account/").status_code == 302


def test_login_refuses_an_offsite_next(client):
    f.customer("bob")
    r = client.post("/account/login/", {"username": "bob", "password": "pw-Shopper-123",
                                        "next": "https://evil.example.com/"})  # fmt: skip
    assert r["Location"] == "/account/"


def test_address_crud(client):
    user = f.customer()
    client.force_login(user)
    data = {"recipient": "王五", "phone": "13700000000", "province": "北京市", "city": "北京市",
            "line": "长安街1号"}  # fmt: skip
    assert client.post("/account/addresses/new/", data).status_code == 302
    first = Address.objects.get(customer=user)
    assert first.is_default
    client.post("/account/addresses/new/", {**data, "recipient": "赵六", "is_default": "on"})
    first.refresh_from_db()
    assert not first.is_default and Address.objects.get(recipient="赵六").is_default
    client.post(f"/account/addresses/{first.pk}/", {**data, "line": "长安街2号"})
    first.refresh_from_db()
    assert first.line == "长安街2号"
    client.post(f"/account/addresses/{first.pk}/delete/")
    assert not Address.objects.filter(pk=first.pk).exists()
    assert "赵六" in client.get("/account/addresses/").content.decode()
    # Bad input: a clear error and nothing written.
    r = client.post("/account/addresses/new/", {"recipient": ""})
    assert r.status_code == 200 and Address.objects.filter(customer=user).count() == 1


def test_customer_a_gets_404_for_customer_bs_orders_and_addresses(client):
    a, b = f.customer(), f.customer()
    order = f.order(b)
    addr = b.addresses.get()
    client.force_login(a)
    for url in [f"/account/orders/{order.number}/", f"/account/addresses/{addr.pk}/"]:
        assert client.get(url).status_code == 404
    for url in [f"/account/orders/{order.number}/cancel/", f"/account/addresses/{addr.pk}/",
                f"/account/addresses/{addr.pk}/delete/"]:  # fmt: skip
        assert client.post(url, {"recipient": "x"}).status_code == 404
    order.refresh_from_db()
    assert order.status == "cod_confirmed" and Address.objects.filter(pk=addr.pk).exists()
    assert order.number not in client.get("/account/").content.decode()


def test_account_pages_need_login(client):
    for url in ["/account/", "/account/addresses/", "/account/addresses/new/", "/checkout/"]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/account/login/?next=")
