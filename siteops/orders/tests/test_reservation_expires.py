import datetime

import pytest
import time_machine
from django.utils import timezone

from siteops.orders import services, tasks
from siteops.orders.models import Order

from . import factories as f

pytestmark = pytest.mark.django_db


def test_unpaid_reservation_expires_once_and_returns_stock(settings):
    settings.SITEOPS = {**settings.SITEOPS, "RESERVATION_MINUTES": 30}
    s = f.sku(stock=3)
    order = f.order(items={s.pk: 3}, payment="bank_transfer")
    cod = f.order(items={f.sku().pk: 1})
    s.refresh_from_db()
    s.product.refresh_from_db()
    assert s.stock_reserved == 3 and s.product.in_stock is False
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=29)):
        assert services.reservations_expire() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert services.reservations_expire() == 1
        assert services.reservations_expire() == 0  # a second run does nothing
    order.refresh_from_db()
    s.refresh_from_db()
    s.product.refresh_from_db()
    assert order.status == "cancelled" and s.stock_reserved == 0 and s.product.in_stock
    assert order.events.last().source == "job"
    assert Order.objects.get(pk=cod.pk).status == "cod_confirmed"  # COD never expires


def test_paid_in_time_is_not_expired(settings):
    settings.SITEOPS = {**settings.SITEOPS, "RESERVATION_MINUTES": 30}
    order = f.order(payment="bank_transfer")
    services.order_transition(actor=None, order=order, to="paid", source="system")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert tasks.expire_reservations.call() == 0
    order.refresh_from_db()
    assert order.status == "paid" and order.reserved_until is None
