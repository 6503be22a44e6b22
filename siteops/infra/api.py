"""IT and hosting for other systems (mounted at /api/v1/infra/): the asset register (costs only
for clients allowed to see procurement), monitor results posted by an external checker, and
equipment checkouts — listed (a client sees its own department's people's checkouts; all of them
with ``infra.view_equipmentloan``), checked out (``infra.add_equipmentloan``) and returned
(``infra.change_equipmentloan``), writes with an ``Idempotency-Key``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Query, Router, Schema

from siteops.api.schemas import Error
from siteops.core.idempotency import run_once

from . import equipment, services
from .models import Asset, EquipmentLoan, Monitor

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


# --- equipment checkouts -----------------------------------------------------------------------


class LoanOut(Schema):
    id: int
    asset: str = Field(description="The asset tag")
    asset_kind: str
    model: str
    person: str = Field(description="The username it is checked out to")
    checked_out_on: datetime.date
    accepted: bool
    returned_on: datetime.date | None
    written_off_on: datetime.date | None
    open: bool


class LoanFilter(Schema):
    open: bool | None = Field(None, description="true: still out; false: returned or written off")
    person: str | None = Field(None, max_length=150, description="Only this username")
    after_id: int = Field(0, ge=0, le=2**63 - 1, description="Page on: ids above this one")
    limit: int = Field(100, ge=1, le=500)


class CheckoutIn(Schema):
    asset: str = Field(max_length=40, description="The asset tag")
    person: str = Field(max_length=150, description="The username")
    on: datetime.date | None = Field(None, description="Default: today")


class ReturnIn(Schema):
    condition: str = Field("", max_length=200)
    on: datetime.date | None = Field(None, description="Default: today")


def _loan_out(loan: EquipmentLoan) -> dict:
    return {
        "id": loan.pk, "asset": loan.asset.tag, "asset_kind": loan.asset.kind,
        "model": loan.asset.model_name, "person": loan.person.get_username(),
        "checked_out_on": loan.checked_out_on, "accepted": loan.accepted_at is not None,
        "returned_on": loan.returned_on, "written_off_on": loan.written_off_on, "open": loan.is_open,
    }  # fmt: skip


@router.get("/checkouts", response={200: list[LoanOut], 400: Error, 401: Error})
def list_checkouts(request, filters: Query[LoanFilter]):
    """Checkouts, oldest id first, ``limit`` at a time (page with ``after_id``). Without
    ``infra.view_equipmentloan`` only those to people of the client's own department."""
    loans = equipment.loans_visible_to_client(request.auth).select_related("asset", "person")
    if filters.open is True:
        loans = loans.filter(returned_on__isnull=True, written_off_on__isnull=True)
    elif filters.open is False:
        loans = loans.exclude(returned_on__isnull=True, written_off_on__isnull=True)
    if filters.person:
        loans = loans.filter(person__username=filters.person)
    loans = loans.filter(pk__gt=filters.after_id).order_by("pk")[: filters.limit]
    return [_loan_out(loan) for loan in loans]


@router.post(
    "/checkouts",
    response={201: LoanOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def checkout(
    request, payload: CheckoutIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Check an office asset out to a person. 404: unknown asset or person; 409: it is out
    already; 400: site equipment, an asset in repair or retired, an inactive person."""
    from django.contrib.auth import get_user_model

    if not request.auth.has_perm("infra.add_equipmentloan"):
        raise PermissionDenied
    asset = get_object_or_404(Asset, tag=payload.asset)
    person = get_object_or_404(get_user_model(), username=payload.person)

    def effect():
        loan = equipment.loan_checkout(actor=None, client=request.auth, asset=asset, person=person,
                                       on=payload.on)  # fmt: skip
        return 201, _loan_out(loan)

    return run_once(client=request.auth, scope="infra.checkout", key=idempotency_key,
                    body=payload.dict(), effect=effect)  # fmt: skip


@router.post(
    "/checkouts/{loan_id}/return",
    response={200: LoanOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def return_checkout(request, loan_id: int, payload: ReturnIn,
                    idempotency_key: str = Header(None, alias="Idempotency-Key")):  # fmt: skip
    """Record the return. 404: no such checkout (or not one the client may see); 409: already
    returned or written off; 400: a date before the checkout or in the future."""
    if not request.auth.has_perm("infra.change_equipmentloan"):
        raise PermissionDenied
    if not 0 < loan_id < 2**63:
        raise Http404
    loan = get_object_or_404(
        equipment.loans_visible_to_client(request.auth).select_related("asset", "person"),
        pk=loan_id,
    )

    def effect():
        done = equipment.loan_return(actor=None, client=request.auth, loan=loan,
                                     condition=payload.condition, on=payload.on)  # fmt: skip
        return 200, _loan_out(done)

    return run_once(client=request.auth, scope="infra.checkout_return", key=idempotency_key,
                    body={"id": loan_id, **payload.dict()}, effect=effect)  # fmt: skip
