"""The demo command makes a batch, events, a CS return and a weekly report — once."""

import pytest
from django.core.management import call_command

from siteops.fulfilment.models import DeliveryBatch, ServiceUpdate, ShipmentEvent
from siteops.orders.models import Order
from siteops.reports.models import ReportRun

from . import factories as f

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(staff):
    for _ in range(6):
        f.place()
    call_command("load_ops_demo")
    call_command("load_ops_demo")
    batch = DeliveryBatch.objects.get()
    assert batch.order_count == 5
    assert ShipmentEvent.objects.filter(outcome="applied").count() == 6
    assert ServiceUpdate.objects.filter(outcome="applied").count() == 2
    assert Order.objects.filter(status="returned").count() == 1
    assert Order.objects.filter(status="shipped").count() == 2
    assert ReportRun.objects.count() == 1
