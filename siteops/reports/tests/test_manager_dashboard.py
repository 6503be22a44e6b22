"""The manager's dashboard: today's and this month's figures, and batches Logistics is late on."""

import datetime

import pytest
from django.utils import timezone

from siteops.fulfilment import services
from siteops.fulfilment.models import DeliveryBatch
from siteops.fulfilment.tests import factories as f

pytestmark = pytest.mark.django_db


def test_dashboard_figures_and_overdue_batches(client, manager, process_editor, settings):
    settings.SITEOPS = {**settings.SITEOPS, "BATCH_ACKNOWLEDGE_HOURS": 2}
    orders = [f.place() for _ in range(3)]
    late = services.batch_create(actor=process_editor, order_ids=[orders[0].pk])
    fresh = services.batch_create(actor=process_editor, order_ids=[orders[1].pk])
    window = fresh.acknowledge_by - fresh.created_at
    assert abs(window - datetime.timedelta(hours=2)) < datetime.timedelta(seconds=5)
    DeliveryBatch.objects.filter(pk=late.pk).update(
        acknowledge_by=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(manager)
    page = client.get("/backoffice/reports/dashboard/").content.decode()
    assert f'data-batch="{late.number}"' in page
    assert f'data-batch="{fresh.number}"' not in page
    today = page.split('data-dashboard="today"')[1].split("</table>")[0]
    assert 'data-figure="orders">3<' in today


def test_acknowledged_batch_is_overdue_only_when_not_picked_up_in_time(process_editor, settings):
    settings.SITEOPS = {**settings.SITEOPS, "BATCH_SHIP_HOURS": 1}
    o = f.place()
    batch = services.batch_create(actor=process_editor, order_ids=[o.pk])
    services.batch_acknowledge(batch=batch, by="物流系统")
    assert not services.overdue_batches().exists()
    later = timezone.now() + datetime.timedelta(hours=2)
    assert list(services.overdue_batches(now=later)) == [batch]
    services.shipment_event_record(order_number=o.number, kind="picked_up",
                                   occurred_at=timezone.now())  # fmt: skip
    assert not services.overdue_batches(now=later).exists()


def test_openapi_documents_the_fulfilment_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/fulfilment/shipment-events" in paths
    post = paths["/api/v1/fulfilment/service-updates"]["post"]
    assert {"200", "400", "401", "403", "422"} <= set(post["responses"])
