"""A member pays part of an order with points where the project allows it: the value is computed
on the server, booked with the order, never beyond the available balance, and given back when
the order is cancelled — once."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from siteops.core.errors import DomainError, IllegalTransition
from siteops.orders import services as order_services
from siteops.orders.models import Order
from siteops.orders.tests import factories as f

from .. import ledger
from ..choices import EntryKind
from ..models import LedgerEntry, Member
from ..selectors import balance_of
from .helpers import active_project, lot, members, redeemable

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
D = Decimal


@pytest.fixture
def shop(process_editor, leader):
    """A redeemable project, customer A with 800 available points (two lots) and 500 pending,
    a one-item cart of ¥100."""
    project = redeemable(active_project(process_editor, leader))
    a = f.customer("pa")
    (member,) = members(process_editor, project, a)
    lot(member, 300, available_on=TODAY() - datetime.timedelta(days=20))
    lot(member, 500, available_on=TODAY() - datetime.timedelta(days=5))
    lot(member, 500, available_on=TODAY() + datetime.timedelta(days=5))  # pending
    addr = f.address(a)
    sku = f.sku(price="100.00", stock=5)
    order_services.cart_line_set(customer=a, sku_id=sku.pk, quantity=1)
    c = Client()
    c.force_login(a)
    return {"project": project, "a": a, "member": member, "addr": addr, "client": c, "sku": sku}


def _post(shop, **data):
    return shop["client"].post("/checkout/", {
        "address": shop["addr"].pk, "delivery_method": "standard", "payment_method": "cod",
        **data,
    })  # fmt: skip


def test_checkout_pays_part_of_the_goods_with_points_oldest_first(shop):
    page = shop["client"].get("/checkout/").content.decode()
    assert 'name="points"' in page and "800" in page  # what can be spent (pending not)
    r = _post(shop, points="400")
    assert r.status_code == 302
    order = Order.objects.get(customer=shop["a"])
    assert order.total == order.subtotal + order.delivery_fee - D("4.00")
    spent = list(LedgerEntry.objects.filter(order=order, kind=EntryKind.REDEEM).order_by("pk"))
    # first in, first out: all 300 of the older lot, then 100 of the next
    assert [(e.points, e.lot.points) for e in spent] == [(-300, 300), (-100, 500)]
    b = balance_of(shop["member"].entries.all())
    assert (b.available, b.pending, b.spent) == (400, 500, 400)
    shop["member"].refresh_from_db()
    assert shop["member"].balance == 900
    detail = shop["client"].get(f"/account/orders/{order.number}/").content.decode()
    assert 'id="order-points"' in detail and "-¥4.00" in detail


def test_more_than_available_is_refused_and_nothing_is_booked(shop):
    r = _post(shop, points="801")  # 800 available; the 500 pending do not count
    assert r.status_code == 400
    assert "800" in r.content.decode()
    assert not Order.objects.filter(customer=shop["a"]).exists()
    assert not LedgerEntry.objects.filter(kind=EntryKind.REDEEM).exists()


@pytest.mark.parametrize("bad", ["-5", "1e300000", "abc", "12.5", "\x00"])
def test_bad_points_input_is_a_clear_error_not_a_500(shop, bad):
    r = _post(shop, points=bad)
    assert r.status_code == 200  # the form shows the field's error
    assert not Order.objects.filter(customer=shop["a"]).exists()


def test_points_never_pay_more_than_the_goods(shop, process_editor):
    lot(shop["member"], 20_000, available_on=TODAY())
    with pytest.raises(DomainError) as exc:
        ledger.quote(shop["a"], 10_001, D("100.00"))  # ¥100.01 > ¥100 of goods
    assert exc.value.code == "points_over_goods"
    r = _post(shop, points="10001")
    assert r.status_code == 400 and not Order.objects.filter(customer=shop["a"]).exists()


def test_a_project_that_does_not_allow_it_offers_nothing(process_editor, leader):
    project = active_project(process_editor, leader, code="NO")
    a = f.customer("nr")
    (member,) = members(process_editor, project, a)
    lot(member, 500, available_on=TODAY())
    assert ledger.offer_for(a).points == 0
    order = f.order(a)
    with pytest.raises(DomainError):
        ledger.spend_for_order(order, 100)


def test_cancelling_gives_the_points_back_once(shop):
    _post(shop, points="400")
    order = Order.objects.get(customer=shop["a"])
    order_services.order_cancel_by_customer(customer=shop["a"], order=order)
    back = list(LedgerEntry.objects.filter(order=order, kind=EntryKind.REFUND))
    assert sorted(e.points for e in back) == [100, 300]
    assert {e.reverses.kind for e in back} == {EntryKind.REDEEM}
    with pytest.raises(IllegalTransition):  # a replayed cancel changes nothing
        order_services.order_cancel_by_customer(customer=shop["a"], order=order)
    assert ledger.refund_for_order(order.pk) == 0  # nor does a replayed refund
    b = balance_of(shop["member"].entries.all())
    assert (b.available, b.spent) == (800, 0)
    assert ledger.points_paid(order.pk) == (0, D("0.00"))
    shop["member"].refresh_from_db()
    assert shop["member"].balance == 1300


def test_summary_shows_the_points_line_computed_on_the_server(shop):
    r = shop["client"].get("/checkout/summary/", {"delivery_method": "standard", "points": "250"})
    html = r.content.decode()
    assert 'id="cost-points"' in html and "-¥2.50" in html
    r = shop["client"].get("/checkout/summary/", {"points": "9999"})
    assert 'class="error"' in r.content.decode()
    r = shop["client"].get("/checkout/summary/", {"points": "1e300000"})
    assert r.status_code == 200 and 'class="error"' in r.content.decode()


def test_customer_b_cannot_spend_customer_a_points(shop):
    b = f.customer("pb")
    addr = f.address(b)
    order_services.cart_line_set(customer=b, sku_id=shop["sku"].pk, quantity=1)
    c = Client()
    c.force_login(b)
    r = c.post("/checkout/", {"address": addr.pk, "delivery_method": "standard",
                              "payment_method": "cod", "points": "100"})  # fmt: skip
    assert r.status_code == 400
    assert not LedgerEntry.objects.filter(kind=EntryKind.REDEEM).exists()
    assert Member.objects.get(pk=shop["member"].pk).balance == 1300
