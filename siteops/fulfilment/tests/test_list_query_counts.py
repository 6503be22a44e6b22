"""List pages cost the same number of queries at two data sizes (and never count the pool)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.fulfilment import services
from siteops.fulfilment.models import DeliveryBatch

from . import factories as f

pytestmark = pytest.mark.django_db

PAGES = [
    "/backoffice/fulfilment/pool/",
    "/backoffice/fulfilment/pool/?province=上海市",
    "/backoffice/fulfilment/deliverybatch/",
    "/backoffice/fulfilment/shipmentevent/",
    "/backoffice/fulfilment/serviceupdate/",
    "/backoffice/fulfilment/syncbatch/",
    "/backoffice/fulfilment/files/",
    "/backoffice/fulfilment/batches/{batch}/",
    "/backoffice/reports/dashboard/",
    "/backoffice/reports/order-statistics/?period=month&dimensions=day&dimensions=region"
    "&dimensions=category&dimensions=customer&dimensions=payment&dimensions=referral",
    "/backoffice/reports/reportrun/",
]


def grow(editor, n, seed):
    """n more pool orders, a batch of n more, and n shipment events."""
    today = timezone.localdate()
    orders = f.bulk_orders(2 * n, start=today - datetime.timedelta(days=2), days=2, seed=seed,
                           statuses=["paid", "cod_confirmed"])  # fmt: skip
    batch = services.batch_create(actor=editor, order_ids=[o.pk for o in orders[:n]])
    now = timezone.now()
    for o in orders[:n]:
        services.shipment_event_record(order_number=o.number, kind="picked_up", occurred_at=now)
    DeliveryBatch.objects.filter(pk=batch.pk).update(
        acknowledge_by=now - datetime.timedelta(hours=1)
    )
    return batch


def counts(client, batch):
    result = {}
    for url in PAGES:
        url = url.format(batch=batch.number)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200, url
        key = url.replace(batch.number, "{batch}").split("?")[0] + ("?" if "?" in url else "")
        result[key] = len(ctx.captured_queries)
        assert not any("COUNT(" in q["sql"].upper() and "orders_order" in q["sql"]
                       and "GROUP BY" not in q["sql"].upper() and "pool" in url
                       for q in ctx.captured_queries), url  # fmt: skip
    return result


def test_query_counts_do_not_grow(client, process_editor):
    client.force_login(process_editor)
    batch = grow(process_editor, 3, seed=11)
    small = counts(client, batch)
    batch = grow(process_editor, 40, seed=12)
    large = counts(client, batch)
    assert small == large
