"""PRC-02: shipment events from Logistics' system — applied, held when out of order, refused
when impossible, and a replay does nothing new."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from siteops.catalog.models import SKU
from siteops.fulfilment import services
from siteops.fulfilment.models import BatchOrder, DeliveryBatch, ShipmentEvent
from siteops.orders.models import Order, OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/fulfilment/shipment-events"


def post(client, headers, events, key):
    return client.post(URL, json.dumps({"events": events}), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key, **headers)  # fmt: skip


def ev(order, event, at, tracking="SF100"):
    return {"order_number": order.number, "event": event, "occurred_at": at,
            "tracking_number": tracking}  # fmt: skip


@pytest.fixture
def batched(process_editor):
    s = f.sku(stock=5)
    orders = [f.place(items={s.pk: 1}) for _ in range(2)]
    batch = services.batch_create(actor=process_editor, order_ids=[o.pk for o in orders])
    return batch, orders, s


def status(o):
    return Order.objects.get(pk=o.pk).status


def test_pick_up_then_delivery_moves_the_order_and_closes_the_batch(
    client, logistics_token, batched
):
    _c, headers = logistics_token
    batch, (a, b), s = batched
    r = post(client, headers, [ev(a, "picked_up", "2026-11-20T09:00+08:00"),
                               ev(b, "picked_up", "2026-11-20T09:05+08:00")], "k1")  # fmt: skip
    assert r.status_code == 200, r.content
    assert [x["outcome"] for x in r.json()["results"]] == ["applied", "applied"]
    assert status(a) == status(b) == "shipped"
    s.refresh_from_db()
    assert (s.stock_on_hand, s.stock_reserved) == (3, 0)  # shipped: left the warehouse once
    r = post(client, headers, [ev(a, "in_transit", "2026-11-20T12:00+08:00"),
                               ev(a, "delivered", "2026-11-21T10:00+08:00"),
                               ev(b, "delivery_failed", "2026-11-21T11:00+08:00")], "k2")  # fmt: skip
    assert [x["outcome"] for x in r.json()["results"]] == ["applied"] * 3
    assert (status(a), status(b)) == ("delivered", "delivery_failed")
    timeline = list(OrderEvent.objects.filter(order=a).values_list("source", "client", "to_status"))
    # Logistics' system did these steps: the events name it (the client), not a person.
    assert timeline[-3:] == [("client", _c.pk, "shipped"), ("client", _c.pk, "shipped"),
                             ("client", _c.pk, "delivered")]  # fmt: skip
    assert OrderEvent.objects.filter(order=a, client=_c, note__contains="SF100").exists()
    batch.refresh_from_db()
    assert batch.status == "closed"
    assert BatchOrder.objects.get(order=a).tracking_number == "SF100"
    # The failed delivery is back in the pool and can be batched again.
    assert services.pool_queryset().filter(pk=b.pk).exists()


def test_delivered_before_pick_up_is_held_then_applied_in_order(client, logistics_token, batched):
    _c, headers = logistics_token
    _batch, (a, _b), _s = batched
    r = post(client, headers, [ev(a, "delivered", "2026-11-21T10:00+08:00")], "h1")
    assert r.json()["results"][0]["outcome"] == "held"
    assert status(a) == "batched"  # never applied blindly
    r = post(client, headers, [ev(a, "picked_up", "2026-11-20T09:00+08:00")], "h2")
    assert r.json()["results"][0]["outcome"] == "applied"
    assert status(a) == "delivered"
    assert list(
        OrderEvent.objects.filter(order=a, source="client").values_list("to_status", flat=True)
    ) == ["shipped", "delivered"]
    assert set(ShipmentEvent.objects.filter(order=a).values_list("outcome", flat=True)) == {
        "applied"
    }


def test_impossible_event_is_refused_and_changes_nothing(client, logistics_token):
    _c, headers = logistics_token
    o = f.place()  # not batched: nothing to pick up
    before = OrderEvent.objects.filter(order=o).count()
    r = post(client, headers, [ev(o, "picked_up", "2026-11-20T09:00+08:00")], "r1")
    result = r.json()["results"][0]
    assert result["outcome"] == "refused" and result["detail"]
    assert status(o) == "cod_confirmed"
    assert OrderEvent.objects.filter(order=o).count() == before


def test_the_same_event_again_with_another_key_does_nothing_new(client, logistics_token, batched):
    _c, headers = logistics_token
    _batch, (a, _b), _s = batched
    post(client, headers, [ev(a, "picked_up", "2026-11-20T09:00+08:00")], "d1")
    n = OrderEvent.objects.filter(order=a).count()
    r = post(client, headers, [ev(a, "picked_up", "2026-11-20T09:00+08:00")], "d2")
    assert r.json()["results"][0]["outcome"] == "duplicate"
    assert OrderEvent.objects.filter(order=a).count() == n


def test_same_key_other_body_is_422_and_missing_key_is_400(client, logistics_token, batched):
    _c, headers = logistics_token
    _batch, (a, b), _s = batched
    assert (
        post(client, headers, [ev(a, "picked_up", "2026-11-20T09:00+08:00")], "m1").status_code
        == 200
    )
    r = post(client, headers, [ev(b, "picked_up", "2026-11-20T09:00+08:00")], "m1")
    assert r.status_code == 422 and r.json()["code"] == "idempotency_mismatch"
    assert status(b) == "batched"
    r = client.post(URL, json.dumps({"events": [ev(b, "picked_up", "2026-11-20T09:00")]}),
                    content_type="application/json", **headers)  # fmt: skip
    assert r.status_code == 400 and status(b) == "batched"


def test_bad_body_is_a_clear_error(client, logistics_token):
    _c, headers = logistics_token
    r = post(
        client, headers, [{"order_number": "x", "event": "teleported", "occurred_at": "now"}], "b1"
    )
    assert r.status_code in (400, 422)
    r = post(client, headers, [ev(Order(number="nope"), "picked_up", "2026-11-20T09:00")], "b2")
    assert r.json()["results"][0]["outcome"] == "error"


@pytest.mark.django_db(transaction=True)
def test_same_key_fifty_times_at_once_has_one_effect_and_identical_answers(staff, api_client_for):
    _client, token = api_client_for("LOG-DSP")
    s = f.sku(stock=3)
    o = f.place(items={s.pk: 2})
    services.batch_create(actor=staff["process_editor"], order_ids=[o.pk])
    body = json.dumps({"events": [ev(o, "picked_up", "2026-11-20T09:00+08:00")]})
    answers = []

    def call():
        try:
            r = Client().post(URL, body, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {token}",
                              HTTP_IDEMPOTENCY_KEY="same-key")  # fmt: skip
            answers.append((r.status_code, r.content))
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 50
    assert len(set(answers)) == 1 and answers[0][0] == 200, set(answers)
    assert ShipmentEvent.objects.filter(order=o).count() == 1
    assert OrderEvent.objects.filter(order=o, to_status="shipped").count() == 1
    s.refresh_from_db()
    assert (s.stock_on_hand, s.stock_reserved) == (1, 0)


def test_logistics_lists_fetches_and_acknowledges_batches(client, logistics_token, batched):
    _c, headers = logistics_token
    batch, (a, _b), _s = batched
    r = client.get("/api/v1/fulfilment/batches", **headers)
    assert r.status_code == 200 and [b["number"] for b in r.json()] == [batch.number]
    r = client.get(f"/api/v1/fulfilment/batches/{batch.number}", **headers)
    lines = r.json()["lines"]
    assert {line["order_number"] for line in lines} == {a.number, _b.number}
    assert not any("cost" in k or "price" in k for k in lines[0])
    first = client.post(f"/api/v1/fulfilment/batches/{batch.number}/acknowledge", **headers).json()
    again = client.post(f"/api/v1/fulfilment/batches/{batch.number}/acknowledge", **headers).json()
    assert first == again and first["status"] == "acknowledged"
    assert DeliveryBatch.objects.get(pk=batch.pk).acknowledged_by.endswith("system")
    assert client.get("/api/v1/fulfilment/batches/NOPE", **headers).status_code == 404


def test_sku_costs_never_reach_logistics(client, logistics_token, batched):
    _c, headers = logistics_token
    batch, _orders, s = batched
    cost = str(SKU.objects.get(pk=s.pk).cost)
    body = client.get(f"/api/v1/fulfilment/batches/{batch.number}", **headers).content.decode()
    assert cost not in body
