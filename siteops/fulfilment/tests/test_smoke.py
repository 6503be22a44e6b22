import pytest

from siteops.fulfilment import services
from siteops.orders.models import Order, OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db


def test_batch_and_ship(process_editor):
    orders = [f.place() for _ in range(3)]
    batch = services.batch_create(actor=process_editor, order_ids=[o.pk for o in orders])
    assert batch.order_count == 3
    assert set(
        Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True)
    ) == {"batched"}
    assert OrderEvent.objects.filter(to_status="batched").count() == 3
