"""Batch by rule refuses an invalid filter; Logistics opens only batches that still need it."""

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.fulfilment import services
from siteops.fulfilment.models import BatchOrder, DeliveryBatch

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bad",
    [{"promised_from": "2026-02-30"}, {"promised_to": "not a date"}, {"province": "x" * 40}],
)
def test_batch_by_rule_with_an_invalid_filter_batches_nothing(client, process_editor, bad):
    orders = [f.place(province="上海市"), f.place(province="广东省")]
    client.force_login(process_editor)
    r = client.post("/backoffice/fulfilment/pool/batch/", {"scope": "rule", **bad}, follow=True)
    assert r.status_code == 200
    assert not DeliveryBatch.objects.exists()
    assert not BatchOrder.objects.filter(order__in=orders).exists()
    page = r.content.decode()
    assert "no orders were batched" in page or "未将任何订单加入批次" in page


def _batches():
    editor = make_staff("prc_vis", "PRC")
    open_b = services.batch_create(actor=editor, order_ids=[f.place().pk])
    closed = services.batch_create(actor=editor, order_ids=[f.place().pk])
    DeliveryBatch.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    return open_b, closed


PAGES = ["/backoffice/fulfilment/batches/{n}/", "/backoffice/fulfilment/batches/{n}/picklist.csv",
         "/backoffice/fulfilment/batches/{n}/picklist.xlsx"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_logistics_reads_open_batches_not_closed_ones(client, logistics, url):
    open_b, closed = _batches()
    client.force_login(logistics)
    assert client.get(url.format(n=open_b.number)).status_code == 200
    assert client.get(url.format(n=closed.number)).status_code == 404


def test_logistics_list_of_batches_leaves_out_closed_ones(client, logistics):
    open_b, closed = _batches()
    client.force_login(logistics)
    html = client.get("/backoffice/fulfilment/deliverybatch/").content.decode()
    assert open_b.number in html and closed.number not in html


def test_logistics_cannot_acknowledge_a_closed_batch(client, logistics):
    _open_b, closed = _batches()
    client.force_login(logistics)
    assert (
        client.post(f"/backoffice/fulfilment/batches/{closed.number}/acknowledge/").status_code
        == 404
    )


@pytest.mark.parametrize("who", ["PRC", "MGR", "CE"])
def test_order_operations_still_read_closed_batches(client, who):
    _open_b, closed = _batches()
    client.force_login(make_staff(f"ops_{who}", who))
    assert client.get(f"/backoffice/fulfilment/batches/{closed.number}/").status_code == 200


def test_an_acting_logistics_holder_sees_the_same(client):
    open_b, closed = _batches()
    client.force_login(make_staff("log_acting", "LOG-DSP", kind="acting"))
    assert client.get(f"/backoffice/fulfilment/batches/{open_b.number}/").status_code == 200
    assert client.get(f"/backoffice/fulfilment/batches/{closed.number}/").status_code == 404


def test_anonymous_and_customer_service_cannot_read_batches(client, service):
    open_b, _closed = _batches()
    r = client.get(f"/backoffice/fulfilment/batches/{open_b.number}/")
    assert r.status_code == 302
    client.force_login(service)
    assert client.get(f"/backoffice/fulfilment/batches/{open_b.number}/").status_code in (403, 404)
