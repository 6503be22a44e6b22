"""IT and hosting for other systems (mounted at /api/v1/infra/): the asset register (costs only
for clients allowed to see procurement) and monitor results posted by an external checker."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.idempotency import run_once

from . import services
from .models import Asset, Monitor

PREFIX = "infra"
router = Router(tags=["infra"])


class AssetOut(Schema):
    tag: str
    kind: str
    model: str
    serial: str
    location: str
    owner: str | None
    status: str
    warranty_end: datetime.date | None
    cost: Decimal | None = None


class CheckIn(Schema):
    monitor: str = Field(max_length=100)
    ok: bool
    status_code: int | None = Field(None, ge=100, le=599)
    ms: int = Field(0, ge=0, le=600_000)
    at: datetime.datetime


class CheckOut(Schema):
    monitor: str
    ok: bool
    incident_open: bool


@router.get("/assets", response={200: list[AssetOut], 401: Error, 403: Error})
def list_assets(request):
    if not request.auth.has_perm("infra.view_asset"):
        raise PermissionDenied
    costs = request.auth.has_perm("infra.view_procurementplan")
    out = []
    for a in Asset.objects.select_related("owner").order_by("tag")[:1000]:
        row = {"tag": a.tag, "kind": a.kind, "model": a.model_name, "serial": a.serial, "location": a.location,
               "owner": a.owner.code if a.owner else None, "status": a.status, "warranty_end": a.warranty_end}  # fmt: skip
        if costs:
            row["cost"] = a.cost
        out.append(row)
    return out


@router.post(
    "/checks", response={200: CheckOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error}
)
def post_check(
    request, payload: CheckIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    if not request.auth.has_perm("infra.add_check"):
        raise PermissionDenied
    monitor = get_object_or_404(Monitor, name=payload.monitor, is_active=True)

    def effect():
        services.check_record(monitor=monitor, ok=payload.ok, status_code=payload.status_code, ms=payload.ms,
                              at=payload.at)  # fmt: skip
        return 200, {"monitor": monitor.name, "ok": payload.ok,
                     "incident_open": monitor.incidents.filter(ended_at__isnull=True).exists()}  # fmt: skip

    return run_once(
        client=request.auth,
        scope="infra.check",
        key=idempotency_key,
        body=payload.dict(),
        effect=effect,
    )
