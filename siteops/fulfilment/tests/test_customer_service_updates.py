"""PRC-03: Customer Service's cancellations, returns, refunds and address changes — each applied
once, with the source on the order's timeline; stock comes back exactly once."""

import json

import pytest

from siteops.fulfilment import services
from siteops.fulfilment.models import ServiceUpdate
from siteops.orders.models import Order, OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/fulfilment/service-updates"


def post(client, headers, updates, key):
    return client.post(URL, json.dumps({"updates": updates}), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key, **headers)  # fmt: skip


def stock(s):
    s.refresh_from_db()
    return s.stock_on_hand, s.stock_reserved


def test_cancellation_releases_the_reservation_once(client, service_token):
    _c, headers = service_token
    s = f.sku(stock=5)
    o = f.place(items={s.pk: 2})
    assert stock(s) == (5, 2)
    upd = {"order_number": o.number, "update": "cancel", "ticket": "CS-1"}
    assert post(client, headers, [upd], "c1").json()["results"][0]["outcome"] == "applied"
    assert stock(s) == (5, 0)
    # The same ticket again — by replay, by another key, by the back office — changes nothing.
    assert post(client, headers, [upd], "c1").json()["results"][0]["outcome"] == "applied"
    assert post(client, headers, [upd], "c2").json()["results"][0]["outcome"] == "duplicate"
    assert stock(s) == (5, 0)
    ev = OrderEvent.objects.filter(order=o, to_status="cancelled").get()
    # Customer Service's system did it: the event names the client and the position it acts as.
    assert ev.source == "client" and ev.client == _c and ev.actor is None and "CS-1" in ev.note
    assert ev.position_code == _c.position.code


def test_return_approved_puts_stock_back_exactly_once(client, service_token, process_editor):
    _c, headers = service_token
    s = f.sku(stock=5)
    o = f.place(items={s.pk: 2})
    services.batch_create(actor=process_editor, order_ids=[o.pk])
    import datetime

    from django.utils import timezone

    t = timezone.now()
    for i, kind in enumerate(["picked_up", "delivered"]):
        services.shipment_event_record(order_number=o.number, kind=kind,
                                       occurred_at=t + datetime.timedelta(hours=i))  # fmt: skip
    assert stock(s) == (3, 0)
    steps = [("return_request", "return_requested"), ("return_approve", "returned"),
             ("refund", "refunded")]  # fmt: skip
    for kind, expected in steps:
        r = post(client, headers, [{"order_number": o.number, "update": kind, "ticket": "R-9"}],
                 f"ret-{kind}")  # fmt: skip
        assert r.json()["results"][0]["outcome"] == "applied", r.json()
        assert Order.objects.get(pk=o.pk).status == expected
    assert stock(s) == (5, 0)
    r = post(client, headers, [{"order_number": o.number, "update": "return_approve",
                                "ticket": "R-10"}], "ret-again")  # fmt: skip
    assert r.json()["results"][0]["outcome"] == "refused"
    assert stock(s) == (5, 0)


def test_cancelling_a_batched_order_is_refused_with_the_reason(
    client, service_token, process_editor
):
    _c, headers = service_token
    o = f.place()
    services.batch_create(actor=process_editor, order_ids=[o.pk])
    r = post(client, headers, [{"order_number": o.number, "update": "cancel", "ticket": "X"}], "b")
    result = r.json()["results"][0]
    assert result["outcome"] == "refused" and result["detail"]
    assert Order.objects.get(pk=o.pk).status == "batched"
    assert ServiceUpdate.objects.get(order=o).outcome == "refused"


def test_address_change_before_hand_off(client, service_token, process_editor):
    _c, headers = service_token
    o = f.place()
    new = {"recipient": "赵六", "phone": "13600000000", "province": "广东省", "city": "深圳市",
           "district": "南山区", "address_line": "科技园1号", "postal_code": "518000"}  # fmt: skip
    upd = {"order_number": o.number, "update": "address_change", "ticket": "A-1", "address": new}
    assert post(client, headers, [upd], "a1").json()["results"][0]["outcome"] == "applied"
    o.refresh_from_db()
    assert (o.recipient, o.province, o.city) == ("赵六", "广东省", "深圳市")
    ev = OrderEvent.objects.filter(order=o, source="client", client=_c).get()
    assert "深圳市" in ev.note and ev.from_status == ev.to_status == "cod_confirmed"
    services.batch_create(actor=process_editor, order_ids=[o.pk])
    upd2 = {**upd, "ticket": "A-2", "address": {**new, "city": "广州市"}}
    assert post(client, headers, [upd2], "a2").json()["results"][0]["outcome"] == "refused"
    assert Order.objects.get(pk=o.pk).city == "深圳市"


def test_address_change_without_an_address_is_an_error(client, service_token):
    _c, headers = service_token
    o = f.place()
    r = post(client, headers, [{"order_number": o.number, "update": "address_change",
                                "ticket": "A-3"}], "a3")  # fmt: skip
    assert r.json()["results"][0]["outcome"] == "error"
    assert not ServiceUpdate.objects.exists()


def test_back_office_form_for_customer_service(client, service):
    o = f.place()
    client.force_login(service)
    r = client.post("/backoffice/fulfilment/service-update/",
                    {"order_number": o.number, "kind": "cancel", "reference": "T-1"})  # fmt: skip
    assert r.status_code == 302
    assert Order.objects.get(pk=o.pk).status == "cancelled"
    ev = OrderEvent.objects.get(order=o, to_status="cancelled")
    # Typed in by the Customer Service agent: staff, the person, the position they used.
    assert (ev.source, ev.actor_id, ev.position_code) == ("staff", service.pk, "CS-AGT")
