import pytest

from conftest import make_staff
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.orders import services
from siteops.orders.choices import OrderStatus as S
from siteops.orders.models import OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db


def counters(s):
    s.refresh_from_db()
    return s.stock_on_hand, s.stock_reserved


def go(order, *steps, source="system", actor=None):
    for to in steps:
        order = services.order_transition(actor=actor, order=order, to=to, source=source)
    return order


def test_full_life_with_a_failed_delivery_and_a_return_moves_stock_once_each_way():
    s = f.sku(stock=10)
    order = f.order(items={s.pk: 3})
    assert counters(s) == (10, 3)
    go(order, S.BATCHED)
    go(order, S.SHIPPED, source="logistics")
    assert counters(s) == (7, 0)
    go(order, S.DELIVERY_FAILED, source="logistics")
    go(order, S.BATCHED)
    go(order, S.SHIPPED, source="logistics")  # re-shipped: the goods left stock only once
    assert counters(s) == (7, 0)
    go(order, S.DELIVERED, source="logistics")
    go(order, S.RETURN_REQUESTED, source="customer", actor=order.customer)
    go(order, S.RETURNED, source="customer_service")
    assert counters(s) == (10, 0)
    go(order, S.REFUNDED, source="customer_service")
    assert counters(s) == (10, 0)
    assert OrderEvent.objects.filter(order=order).count() == 10


def test_cancelling_twice_releases_once():
    s = f.sku(stock=4)
    order = f.order(items={s.pk: 4})
    services.order_cancel_by_customer(customer=order.customer, order=order)
    assert counters(s) == (4, 0)
    with pytest.raises(IllegalTransition):
        services.order_cancel_by_customer(customer=order.customer, order=order)
    assert counters(s) == (4, 0)


def test_a_customer_cannot_cancel_someone_elses_order():
    order = f.order()
    with pytest.raises(NotAllowed):
        services.order_cancel_by_customer(customer=f.customer(), order=order)
    order.refresh_from_db()
    assert order.status == S.COD_CONFIRMED


def test_a_customer_cannot_cancel_once_batched():
    order = go(f.order(), S.BATCHED)
    with pytest.raises(IllegalTransition):
        services.order_cancel_by_customer(customer=order.customer, order=order)


def test_staff_confirm_payment_needs_the_permission_and_records_the_position():
    order = f.order(payment="bank_transfer")
    with pytest.raises(NotAllowed):
        services.order_confirm_payment(actor=make_staff("pe", "PED"), order=order)
    prc = make_staff("prc", "PRC")
    services.order_confirm_payment(actor=prc, order=order)
    ev = OrderEvent.objects.filter(order=order).last()
    assert (ev.to_status, ev.actor, ev.position_code, ev.acting) == ("paid", prc, "PRC", False)


def test_acting_holder_is_recorded_as_acting():
    order = f.order(payment="bank_transfer")
    stand_in = make_staff("standin", "PRC", kind="acting")
    services.order_confirm_payment(actor=stand_in, order=order)
    ev = OrderEvent.objects.filter(order=order).last()
    assert (ev.position_code, ev.acting) == ("PRC", True)


def test_cod_orders_are_not_confirmed_as_paid():
    with pytest.raises(IllegalTransition):
        services.order_confirm_payment(actor=make_staff("prc", "PRC"), order=f.order())
