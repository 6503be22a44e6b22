import pytest

from conftest import make_staff
from siteops.orders.management.commands.load_shop_demo import load_shop_demo
from siteops.orders.models import Order, OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db


def test_demo_orders_cover_the_lifecycle_and_load_once():
    make_staff("process_editor", "PRC")
    for _ in range(10):
        f.sku(stock=50)
    made = load_shop_demo("pw-demo-123")
    assert 25 <= made <= 35 and Order.objects.count() == made
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {"pending_payment", "paid", "cod_confirmed", "batched", "shipped", "delivered",
            "completed", "delivery_failed", "cancelled", "return_requested", "refunded"} <= statuses  # fmt: skip
    # Every order has its timeline, starting with the placement.
    assert OrderEvent.objects.filter(from_status="").count() == made
    assert OrderEvent.objects.filter(source="staff", position_code="PRC").exists()
    assert load_shop_demo("pw-demo-123") == 0 and Order.objects.count() == made
