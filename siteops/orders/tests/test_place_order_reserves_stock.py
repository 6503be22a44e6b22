from decimal import Decimal

import pytest

from siteops.catalog.models import SKU
from siteops.core.errors import DomainError
from siteops.orders.choices import OrderStatus, PaymentMethod
from siteops.orders.models import Order, OrderEvent
from siteops.orders.stock import SoldOut

from . import factories as f

pytestmark = pytest.mark.django_db


def test_cod_order_reserves_stock_snapshots_price_and_starts_confirmed():
    s = f.sku(price="25.50", stock=5)
    order = f.order(items={s.pk: 2})
    s.refresh_from_db()
    assert (s.stock_on_hand, s.stock_reserved) == (5, 2)
    assert order.status == OrderStatus.COD_CONFIRMED and order.reserved_until is None
    assert order.subtotal == Decimal("51.00") and order.total == Decimal("51.00")
    line = order.lines.get()
    assert (line.unit_price, line.quantity, line.title) == (Decimal("25.50"), 2, s.product.title)
    assert order.number.count("-") == 1 and len(order.number) == 15
    ev = OrderEvent.objects.get(order=order)
    assert (ev.from_status, ev.to_status, ev.source) == ("", "cod_confirmed", "customer")


def test_bank_transfer_waits_for_payment_with_an_expiry():
    order = f.order(payment=PaymentMethod.BANK_TRANSFER)
    assert order.status == OrderStatus.PENDING_PAYMENT and order.reserved_until is not None


def test_sold_out_writes_nothing_and_releases_nothing_else():
    a, b = f.sku(stock=5), f.sku(stock=1)
    user = f.customer()
    with pytest.raises(SoldOut):
        f.order(user, items={a.pk: 2, b.pk: 2})
    assert not Order.objects.filter(customer=user).exists()
    assert SKU.objects.get(pk=a.pk).stock_reserved == 0
    assert SKU.objects.get(pk=b.pk).stock_reserved == 0


def test_last_unit_marks_the_product_sold_out():
    s = f.sku(stock=1)
    f.order(items={s.pk: 1})
    s.product.refresh_from_db()
    assert s.product.in_stock is False


def test_someone_elses_address_is_refused():
    a, b = f.customer(), f.customer()
    addr = f.address(b)
    from siteops.orders import services

    with pytest.raises(DomainError):
        services.order_place(customer=a, items={f.sku().pk: 1}, address=addr,
                             delivery_method="standard", payment_method="cod")  # fmt: skip


def test_unpublished_product_cannot_be_ordered():
    s = f.sku()
    s.product.status = "delisted"
    s.product.save()
    with pytest.raises(DomainError):
        f.order(items={s.pk: 1})
