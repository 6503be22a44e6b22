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


def test_the_order_history_spreads_finished_orders_over_past_days_once():
    import datetime

    from django.utils import timezone

    from siteops.orders.management.commands.load_shop_demo import load_order_history

    make_staff("process_editor", "PRC")
    for _ in range(6):
        f.sku(stock=500)
    made = load_order_history("pw-demo-123", days=10)
    assert made >= 10 and Order.objects.count() == made
    today = timezone.localdate()
    days = {timezone.localtime(o.created_at).date() for o in Order.objects.all()}
    assert len(days) == 10 and max(days) < today and min(days) >= today - datetime.timedelta(10)
    assert set(Order.objects.values_list("status", flat=True)) <= {
        "completed",
        "cancelled",
        "refunded",
    }
    for order in Order.objects.all()[:5]:  # the timeline starts when the order was placed
        assert order.number.startswith(f"{timezone.localtime(order.created_at):%Y%m%d}-")
        assert order.events.order_by("pk").first().at == order.created_at
    assert load_order_history("pw-demo-123", days=10) == 0 and Order.objects.count() == made
