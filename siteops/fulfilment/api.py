"""The API Logistics' and Customer Service's systems use (mounted at /api/v1/fulfilment/).

- Logistics: list open delivery batches, fetch one with its pick list, acknowledge it
  (acknowledging again answers the same), post shipment events.
- Customer Service: post cancellations, returns, refunds and address changes.
Writes take an ``Idempotency-Key``: a replay gets the first answer; another body → 422.
Shipment events that arrive out of order (delivered before the pick-up) are *held* and applied
when the pick-up arrives; impossible ones are *refused* — per item, in the answer.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.errors import DomainError
from siteops.core.idempotency import run_once

from . import services
from .choices import ServiceKind, ShipmentKind
from .exports import header, rows
from .models import DeliveryBatch

PREFIX = "fulfilment"
router = Router(tags=["fulfilment"])


def _require(request: HttpRequest, perm: str):
    if not request.auth.has_perm(perm):
        raise PermissionDenied


class BatchOut(Schema):
    number: str
    status: str
    warehouse: str
    order_count: int
    created_at: datetime.datetime
    acknowledge_by: datetime.datetime
    acknowledged_at: datetime.datetime | None


class PickLine(Schema):
    order_number: str
    recipient: str
    phone: str
    province: str
    city: str
    district: str
    address_line: str
    postal_code: str
    promised_date: str
    sku_code: str
    product: str
    spec: str
    quantity: int
    cash_to_collect: str
    customer_note: str


class BatchDetail(BatchOut):
    lines: list[PickLine]


def _out(b: DeliveryBatch) -> dict:
    return {
        "number": b.number, "status": b.status, "warehouse": b.warehouse,
        "order_count": b.order_count, "created_at": b.created_at,
        "acknowledge_by": b.acknowledge_by, "acknowledged_at": b.acknowledged_at,
    }  # fmt: skip


@router.get("/batches", response={200: list[BatchOut], 401: Error, 403: Error})
def list_open_batches(request):
    """Open batches (offered or acknowledged, not yet closed), oldest first."""
    _require(request, "fulfilment.view_deliverybatch")
    return [_out(b) for b in services.open_batches().order_by("created_at", "pk")[:500]]


@router.get("/batches/{number}", response={200: BatchDetail, 401: Error, 403: Error, 404: Error})
def get_batch(request, number: str):
    """One batch with its pick list (no prices or costs; the cash to collect for COD orders)."""
    _require(request, "fulfilment.view_deliverybatch")
    batch = get_object_or_404(DeliveryBatch, number=number)
    names = list(PickLine.model_fields)
    lines = [dict(zip(names, r[1:], strict=True)) for r in rows(batch)]
    for line in lines:
        line["quantity"] = int(line["quantity"])
        line["cash_to_collect"] = str(line["cash_to_collect"])
    assert len(header()) == len(names) + 1
    return {**_out(batch), "lines": lines}


@router.post(
    "/batches/{number}/acknowledge",
    response={200: BatchOut, 401: Error, 403: Error, 404: Error},
)
def acknowledge_batch(request, number: str):
    """Logistics took the batch. Idempotent: acknowledging again answers the same."""
    _require(request, "fulfilment.acknowledge_deliverybatch")
    batch = get_object_or_404(DeliveryBatch, number=number)
    return _out(services.batch_acknowledge(batch=batch, by=request.auth.name))


class ShipmentIn(Schema):
    order_number: str = Field(max_length=20)
    event: ShipmentKind
    occurred_at: datetime.datetime
    tracking_number: str = Field("", max_length=64)
    note: str = Field("", max_length=300)


class ShipmentEventsIn(Schema):
    events: list[ShipmentIn] = Field(min_length=1, max_length=500)


class ItemResult(Schema):
    order_number: str
    outcome: Literal["applied", "held", "refused", "duplicate", "error"]
    detail: str = ""


class Results(Schema):
    results: list[ItemResult]


def _idempotent(request, scope: str, body: dict, key: str | None, effect):
    status, answer = run_once(client=request.auth, scope=scope, key=key, body=body, effect=effect)
    return status, answer


@router.post(
    "/shipment-events",
    response={200: Results, 400: Error, 401: Error, 403: Error, 422: Error},
)
def post_shipment_events(
    request, payload: ShipmentEventsIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Shipment events from Logistics' system. Each event's outcome is in the answer."""
    _require(request, "fulfilment.add_shipmentevent")
    body = payload.model_dump(mode="json")

    def effect():
        results = []
        for e in payload.events:
            try:
                event = services.shipment_event_record(
                    order_number=e.order_number, kind=e.event, occurred_at=e.occurred_at,
                    tracking_number=e.tracking_number, note=e.note, client=request.auth,
                    position=request.auth.position,
                )  # fmt: skip
            except DomainError as exc:
                results.append({"order_number": e.order_number, "outcome": "error",
                                "detail": str(exc)})  # fmt: skip
                continue
            if event is None:
                results.append({"order_number": e.order_number, "outcome": "duplicate"})
            else:
                results.append({"order_number": e.order_number, "outcome": event.outcome,
                                "detail": event.reason})  # fmt: skip
        return 200, {"results": results}

    return _idempotent(request, "fulfilment.shipment-events", body, idempotency_key, effect)


class AddressIn(Schema):
    recipient: str = Field(max_length=50)
    phone: str = Field(max_length=32)
    province: str = Field(max_length=32)
    city: str = Field(max_length=32)
    district: str = Field("", max_length=32)
    address_line: str = Field(max_length=200)
    postal_code: str = Field("", max_length=12)


class ServiceUpdateIn(Schema):
    order_number: str = Field(max_length=20)
    update: ServiceKind
    ticket: str = Field(min_length=1, max_length=64)
    note: str = Field("", max_length=300)
    address: AddressIn | None = None


class ServiceUpdatesIn(Schema):
    updates: list[ServiceUpdateIn] = Field(min_length=1, max_length=500)


@router.post(
    "/service-updates",
    response={200: Results, 400: Error, 401: Error, 403: Error, 422: Error},
)
def post_service_updates(
    request, payload: ServiceUpdatesIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Updates from Customer Service (cancel, return_request, return_approve, return_reject,
    refund, address_change — the latter with ``address``)."""
    _require(request, "fulfilment.add_serviceupdate")
    body = payload.model_dump(mode="json")

    def effect():
        results = []
        for u in payload.updates:
            try:
                update = services.service_update_record(
                    order_number=u.order_number, kind=u.update, reference=u.ticket,
                    data=u.address.model_dump() if u.address else {}, note=u.note,
                    client=request.auth, position=request.auth.position,
                )  # fmt: skip
            except DomainError as exc:
                results.append({"order_number": u.order_number, "outcome": "error",
                                "detail": str(exc)})  # fmt: skip
                continue
            if update is None:
                results.append({"order_number": u.order_number, "outcome": "duplicate"})
            else:
                results.append({"order_number": u.order_number, "outcome": update.outcome,
                                "detail": update.reason})  # fmt: skip
        return 200, {"results": results}

    return _idempotent(request, "fulfilment.service-updates", body, idempotency_key, effect)
