"""Purchasing's system sends shelf-display plans and follows them (/api/v1/merch/plans).

``POST`` takes an ``Idempotency-Key``: a replay answers 200 with the first answer and creates
nothing; the same key with another body answers 422. A plan is created and submitted in one
transaction (work for the product editor and, per ad, the art editor); any bad line refuses the
whole plan (400) and nothing is written. A client sees only its own department's plans.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.idempotency import run_once

from . import services
from .models import AdPosition, Shelf, ShelfPlan
from .selectors import plan_vs_live

PREFIX = "merch"
router = Router(tags=["shelf-display plans"])


class PlanLineIn(Schema):
    shelf: str = Field(max_length=40, description="Shelf code, e.g. hot")
    product: str = Field(max_length=64, description="Product code")
    order: int = Field(0, ge=0, le=1000)


class AdRequestIn(Schema):
    position: str = Field(max_length=40, description="Ad position code, e.g. home_carousel")
    brief: str = Field(min_length=1, max_length=2000, description="Text for the ad")
    link: str = Field(max_length=500, description="http(s) URL or a path on the shop")
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    period_start: datetime.datetime
    period_end: datetime.datetime
    note: str = Field("", max_length=5000)
    lines: list[PlanLineIn] = Field(default_factory=list, max_length=500)
    ads: list[AdRequestIn] = Field(default_factory=list, max_length=50)


class PlanOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    lines: int
    ads: int
    missing_slots: int
    missing_ads: int
    return_reason: str


def _out(plan: ShelfPlan) -> dict:
    diff = plan_vs_live(plan)
    return {
        "id": plan.pk,
        "title": plan.title,
        "status": plan.status,
        "status_label": str(plan.get_status_display()),
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "lines": plan.items.count(),
        "ads": plan.ad_requests.count(),
        "missing_slots": len(diff.missing_slots),
        "missing_ads": len(diff.missing_ads),
        "return_reason": plan.return_reason,
    }


def _require(request, perm: str) -> None:
    if not request.auth.has_perm(perm):
        raise PermissionDenied


@transaction.atomic
def _create(client, payload: PlanIn) -> ShelfPlan:
    from siteops.catalog.models import Product

    shelves = Shelf.objects.in_bulk([x.shelf for x in payload.lines], field_name="code")
    products = Product.objects.in_bulk([x.product for x in payload.lines], field_name="code")
    positions = AdPosition.objects.in_bulk([x.position for x in payload.ads], field_name="code")
    errors = []
    for n, line in enumerate(payload.lines, 1):
        if line.shelf not in shelves:
            errors.append(_("Line %(n)d: no shelf %(code)s.") % {"n": n, "code": line.shelf})
        if line.product not in products:
            errors.append(_("Line %(n)d: no product %(code)s.") % {"n": n, "code": line.product})
    for n, ad in enumerate(payload.ads, 1):
        if ad.position not in positions:
            errors.append(_("Ad %(n)d: no ad position %(code)s.") % {"n": n, "code": ad.position})
    if errors:
        raise ValidationError(errors)
    plan = services.plan_create(
        actor=client, title=payload.title, period_start=payload.period_start,
        period_end=payload.period_end, note=payload.note,
    )  # fmt: skip
    for line in payload.lines:
        services.plan_item_add(actor=client, plan=plan, shelf=shelves[line.shelf],
                               product=products[line.product], order=line.order)  # fmt: skip
    for ad in payload.ads:
        services.ad_request_add(actor=client, plan=plan, position=positions[ad.position],
                                brief=ad.brief, link=ad.link, start=ad.start, end=ad.end)  # fmt: skip
    return services.plan_submit(actor=client, plan=plan)


@router.post(
    "/plans",
    response={201: PlanOut, 200: PlanOut, 400: Error, 401: Error, 403: Error, 409: Error,
              422: Error},
)  # fmt: skip
def submit_plan(
    request, payload: PlanIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Send a shelf-display plan; it is submitted to the product editor at once. 201 created;
    200 a replay of the same key (nothing new); 400 missing key, unknown shelf/product/ad
    position codes or invalid values (nothing is written); 403 the client's position may not
    submit plans; 409 the first call with this key is still running; 422 same key, another body
    (or a body that does not match the schema)."""
    _require(request, services.PERM_SUBMIT)
    ran = []

    def effect():
        plan = _create(request.auth, payload)
        ran.append(plan.pk)
        return 201, _out(plan)

    status, answer = run_once(
        client=request.auth,
        scope="merch.plans",
        key=idempotency_key,
        body=payload.model_dump(mode="json"),
        effect=effect,
    )
    if answer is None:
        return 409, {
            "code": "in_progress",
            "detail": _("The first request with this Idempotency-Key is still being handled."),
        }
    if not ran and status == 201:
        status = 200
    return status, answer


@router.get("/plans/{plan_id}", response={200: PlanOut, 401: Error, 403: Error, 404: Error})
def get_plan(request, plan_id: int):
    """One of the client's department's plans: its status and what is not live yet."""
    _require(request, "merch.view_shelfplan")
    plan = ShelfPlan.objects.filter(pk=plan_id, department=request.auth.department).first()
    if plan is None:
        return 404, {"code": "not_found", "detail": _("No such plan of your department.")}
    return 200, _out(plan)
