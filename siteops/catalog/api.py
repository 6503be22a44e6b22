"""The catalogue for other systems: read products, submit products (Purchasing), send sync
batches (Purchasing: price/status/category; Warehouse: stock) and read a batch's row results.

Writes take an ``Idempotency-Key``: a replay returns the first answer and changes nothing; the
same key with another body is refused with 422. Cost is only in answers for clients whose
position may see it (``catalog.view_cost``: editors, manager, Purchasing) — never Warehouse,
Logistics or Customer Service.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from pydantic import field_validator, model_validator

from siteops.api.schemas import Error
from siteops.core.idempotency import MissingIdempotencyKey, run_once
from siteops.core.inputs import MAX_NUMBER_CHARS, InputError, parse_decimal

from . import services
from .choices import ProductStatus, SyncChannel, SyncSource
from .models import SKU, Product, Submission, SyncBatch, SyncRow

PREFIX = "catalog"
router = Router(tags=["catalogue"])


def _require(request: HttpRequest, perm: str):
    if not request.auth.has_perm(perm):
        raise PermissionDenied


def _missing(what: str):
    return 404, {"code": "not_found", "detail": what}


# --- Read the catalogue ---------------------------------------------------------------------


class SKUOut(Schema):
    code: str
    barcode: str
    spec: dict
    price: Decimal
    market_price: Decimal | None
    cost: Decimal | None = Field(None, description="Only for clients that may see cost")
    weight: Decimal | None
    stock_on_hand: int
    stock_reserved: int
    available: int
    is_active: bool


class ProductOut(Schema):
    code: str
    title: str
    title_en: str
    subtitle: str
    status: str
    category: str
    brand: str | None
    attributes: dict
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    in_stock: bool
    skus: list[SKUOut]


class ProductPage(Schema):
    count_next: int = Field(description="How many products follow this page (at most limit)")
    items: list[ProductOut]


def _product_out(p: Product, with_cost: bool) -> dict:
    return {
        "code": p.code, "title": p.title, "title_en": p.title_en, "subtitle": p.subtitle,
        "status": p.status, "category": p.category.slug,
        "brand": p.brand.slug if p.brand else None, "attributes": p.attributes,
        "published_at": p.published_at, "updated_at": p.updated_at, "in_stock": p.in_stock,
        "skus": [
            {"code": s.code, "barcode": s.barcode, "spec": s.spec, "price": s.price,
             "market_price": s.market_price, "cost": s.cost if with_cost else None,
             "weight": s.weight, "stock_on_hand": s.stock_on_hand,
             "stock_reserved": s.stock_reserved, "available": s.available,
             "is_active": s.is_active}
            for s in p.skus.all()
        ],
    }  # fmt: skip


def _products_qs(with_cost: bool):
    skus = SKU.objects.order_by("code")
    if not with_cost:
        skus = skus.defer("cost")
    return Product.objects.select_related("category", "brand").prefetch_related(
        Prefetch("skus", queryset=skus)
    )


class ProductFilter(Schema):
    status: ProductStatus | None = None
    category: str | None = Field(None, description="Category slug (subcategories included)")
    updated_since: datetime.datetime | None = None
    after_id: int = Field(
        0, ge=0, le=2**63 - 1, description="Keyset paging: the last id of the previous page"
    )
    limit: int = Field(100, ge=1, le=500)

    @field_validator("updated_since")
    @classmethod
    def _in_range(cls, value):
        # Refused here, not by the database: an out-of-range timestamp would abort the
        # transaction (PostgreSQL) instead of answering 422.
        if value is not None and not (2000 <= value.year <= 2999):
            raise ValueError("updated_since must be between the years 2000 and 2999")
        return value


@router.get("/products", response={200: ProductPage, 401: Error, 403: Error, 422: Error})
def list_products(request, filters: Query[ProductFilter]):
    """Products with their SKUs (not deleted ones), oldest id first, paged by ``after_id``."""
    _require(request, "catalog.view_product")
    with_cost = request.auth.has_perm("catalog.view_cost")
    qs = (
        _products_qs(with_cost)
        .exclude(status=ProductStatus.DELETED)
        .filter(pk__gt=filters.after_id)
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        from .models import Category

        cat = Category.objects.filter(slug=filters.category).first()
        qs = qs.filter(category__path__startswith=cat.path) if cat else qs.none()
    if filters.updated_since:
        qs = qs.filter(updated_at__gte=filters.updated_since)
    page = list(qs.order_by("pk")[: filters.limit + 1])
    more = len(page) > filters.limit
    return 200, {
        "count_next": filters.limit if more else 0,
        "items": [_product_out(p, with_cost) for p in page[: filters.limit]],
    }


@router.get("/products/{code}", response={200: ProductOut, 401: Error, 403: Error, 404: Error})
def get_product(request, code: str):
    _require(request, "catalog.view_product")
    with_cost = request.auth.has_perm("catalog.view_cost")
    product = (
        _products_qs(with_cost).exclude(status=ProductStatus.DELETED).filter(code=code).first()
    )
    if product is None:
        return _missing(_("No such product."))
    return 200, _product_out(product, with_cost)


# --- Submissions (PED-01/02) ----------------------------------------------------------------


class SKUIn(Schema):
    code: str = Field(min_length=1, max_length=64)
    barcode: str = Field("", max_length=64)
    spec: dict[str, str] | str = Field(
        default_factory=dict, description='{"颜色": "红"} or "颜色=红; 尺码=M"'
    )
    price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    market_price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    cost: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    weight: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=3)


class SubmissionIn(Schema):
    reference: str = Field(min_length=1, max_length=64, description="Purchasing's product code")
    title: str = Field(min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    subtitle: str = Field("", max_length=300)
    category: str = Field("", max_length=100, description="Category slug")
    brand: str = Field("", max_length=100, description="Brand slug or name")
    description: str = Field("", max_length=50000, description="HTML; sanitised")
    attributes: dict = Field(default_factory=dict)
    skus: list[SKUIn] = Field(default_factory=list, max_length=200)


class RoundOut(Schema):
    number: int
    kind: str
    reasons: dict
    note: str
    created_at: datetime.datetime


class SubmissionOut(Schema):
    id: int
    reference: str
    title: str
    status: str
    status_label: str
    completed_by_editor: bool
    product_code: str | None
    rounds: list[RoundOut]


def _submission_out(s: Submission) -> dict:
    return {
        "id": s.pk, "reference": s.reference, "title": s.title, "status": s.status,
        "status_label": str(s.get_status_display()), "completed_by_editor": s.completed_by_editor,
        "product_code": s.product.code if s.product_id else None,
        "rounds": [
            {"number": r.number, "kind": r.kind, "reasons": r.reasons, "note": r.note,
             "created_at": r.at}
            for r in s.rounds.all()
        ],
    }  # fmt: skip


def _idempotent(request, scope, key, body, make):
    ran = []

    def effect():
        ran.append(True)
        return make()

    status, answer = run_once(client=request.auth, scope=scope, key=key, body=body, effect=effect)
    if not ran and status == 201:
        status = 200  # a replay: the first answer, nothing new
    return status, answer


@router.post(
    "/submissions",
    response={201: SubmissionOut, 200: SubmissionOut, 400: Error, 401: Error, 403: Error,
              409: Error, 422: Error},
)  # fmt: skip
def create_submission(
    request, payload: SubmissionIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Submit one product's information for the shop. 201 created (it becomes the product
    editor's work); 200 a replay of the same key; 400 missing key or invalid values; 403 the
    client may not submit; 409 the first call with this key is still running; 422 same key,
    another body."""
    _require(request, "catalog.add_submission")
    body = payload.model_dump(mode="json")

    def make():
        s = services.submission_create(client=request.auth, data=body)
        return 201, _submission_out(Submission.objects.prefetch_related("rounds").get(pk=s.pk))

    return _idempotent(request, "catalog.submissions", idempotency_key, body, make)


def _own_submission(request, pk):
    return (
        Submission.objects.select_related("product")
        .prefetch_related("rounds")
        .filter(pk=pk, client=request.auth)
        .first()
    )


@router.get(
    "/submissions/{submission_id}",
    response={200: SubmissionOut, 401: Error, 403: Error, 404: Error},
)
def get_submission(request, submission_id: int):
    """One of this client's submissions with every round (returns carry reasons per field)."""
    _require(request, "catalog.view_submission")
    s = _own_submission(request, submission_id)
    if s is None:
        return _missing(_("No such submission of this client."))
    return 200, _submission_out(s)


@router.post(
    "/submissions/{submission_id}/resubmit",
    response={200: SubmissionOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)  # fmt: skip
def resubmit(
    request, submission_id: int, payload: SubmissionIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """Send a returned submission again with the fixes. 409 if it is not returned."""
    _require(request, "catalog.change_submission")
    s = _own_submission(request, submission_id)
    if s is None:
        return _missing(_("No such submission of this client."))
    body = payload.model_dump(mode="json")

    def make():
        services.submission_resubmit(client=request.auth, submission=s, data=body)
        return 200, _submission_out(_own_submission(request, s.pk))

    return _idempotent(request, f"catalog.resubmit.{s.pk}", idempotency_key, body, make)


# --- Sync batches (PED-03) --------------------------------------------------------------------


_NUMERIC_OPS = ("price", "stock_set", "stock_adjust")


class SyncRowIn(Schema):
    op: Literal["price", "delist", "delete", "category", "stock_set", "stock_adjust"]
    code: str = Field(
        min_length=1, max_length=64, description="SKU code (price, stock) or product code"
    )
    value: str = Field(
        "",
        max_length=200,
        description="Price, stock level/delta (a plain number, at most 40 characters, no "
        "exponent) or category slug",
    )
    effective_at: datetime.datetime | None = Field(
        None,
        description="Prices only: apply from then",
    )

    @model_validator(mode="after")
    def _bounded_number(self):
        # Bounded before anything converts it: "1e300000" or a 200-digit value is a 422 here,
        # in microseconds; an ordinary non-number ("abc") stays a row error with its reason.
        if self.op in _NUMERIC_OPS and self.value:
            text = self.value.strip()
            if (
                len(text) > MAX_NUMBER_CHARS
                or any(c in text for c in "eE")
                and any(c.isdigit() for c in text)
            ):
                try:
                    parse_decimal(text, places=6, max_digits=26)
                except InputError as exc:
                    raise ValueError(str(exc.message)) from None
        if self.effective_at is not None and not 1900 <= self.effective_at.year <= 2999:
            raise ValueError(
                _("The year %(year)d is out of range.") % {"year": self.effective_at.year}
            )
        return self


class SyncBatchIn(Schema):
    source: SyncSource = Field(
        description="purchasing (price/status/category) or warehouse (stock)"
    )
    note: str = Field("", max_length=300)
    rows: list[SyncRowIn] = Field(min_length=1, max_length=100_000)


class SyncRowOut(Schema):
    line: int
    op: str
    code: str
    old_value: str
    new_value: str
    effective_at: datetime.datetime | None
    status: str
    error: str
    warning: str


class SyncBatchOut(Schema):
    id: int
    source: str
    status: str
    status_label: str
    rows_total: int
    rows_applied: int
    rows_review: int
    rows_scheduled: int
    rows_error: int
    created_at: datetime.datetime
    rows: list[SyncRowOut] = Field(description="Up to `limit` rows from `after_line`")


def _batch_out(batch: SyncBatch, *, after_line: int = 0, limit: int = 1000) -> dict:
    rows = SyncRow.objects.filter(batch=batch, line__gt=after_line).order_by("line")[:limit]
    return {
        "id": batch.pk, "source": batch.kind, "status": batch.status,
        "status_label": str(batch.get_status_display()), "rows_total": batch.rows_total,
        "rows_applied": batch.rows_applied, "rows_review": batch.rows_review,
        "rows_scheduled": batch.rows_scheduled, "rows_error": batch.rows_error,
        "created_at": batch.created_at,
        "rows": [
            {"line": r.line, "op": r.op, "code": r.key, "old_value": r.old_value,
             "new_value": r.new_value, "effective_at": r.effective_at, "status": r.status,
             "error": r.error, "warning": r.warning}
            for r in rows
        ],
    }  # fmt: skip


@router.post(
    "/sync-batches",
    response={201: SyncBatchOut, 200: SyncBatchOut, 400: Error, 401: Error, 403: Error,
              409: Error, 422: Error},
)  # fmt: skip
def create_sync_batch(
    request, payload: SyncBatchIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Send changes as one batch; it is applied row by row at once (rows the rules hold back wait
    for the product editor; rows with errors say why). 201 created; 200 a replay (the batch the
    first call made, nothing applied again); 400 missing key or invalid rows (a number beyond
    its bounds, an impossible date); 403 this client may not send this source (Warehouse only
    stock; Purchasing only price/status/category); 422 same key, another body
    (``idempotency_mismatch``). The key and the body's fingerprint are kept on the batch."""
    perm = (
        "catalog.send_stock_sync"
        if payload.source == SyncSource.WAREHOUSE
        else "catalog.send_purchasing_sync"
    )
    _require(request, perm)
    if not idempotency_key or len(idempotency_key) > 200:
        raise MissingIdempotencyKey()
    batch = services.sync_batch_create(
        client=request.auth, kind=payload.source, channel=SyncChannel.API, note=payload.note,
        rows=[r.model_dump() for r in payload.rows], idempotency_key=idempotency_key,
        body=payload.model_dump(mode="json"),
    )  # fmt: skip
    return (200 if batch.replayed else 201), _batch_out(batch, limit=100)


@router.get(
    "/sync-batches/{batch_id}",
    response={200: SyncBatchOut, 401: Error, 403: Error, 404: Error, 422: Error},
)
def get_sync_batch(
    request,
    batch_id: int = Path(..., ge=1, le=2**63 - 1),
    after_line: int = Query(0, ge=0, le=2_147_483_647),
    limit: int = Query(1000, ge=1, le=5000),
):
    """A batch this client sent: its status, counts and row results (paged by line)."""
    _require(request, "catalog.view_syncbatch")
    batch = SyncBatch.objects.filter(pk=batch_id, client=request.auth).first()
    if batch is None:
        return _missing(_("No such batch of this client."))
    return 200, _batch_out(batch, after_line=after_line, limit=limit)
