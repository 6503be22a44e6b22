"""Reads of order operations, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import Q

from .choices import SyncSource
from .models import DeliveryBatch, SyncBatch


def sync_batches_visible_to(user):
    """Status files: all for the process editor; Logistics / CS see their own source's files."""
    qs = SyncBatch.objects.select_related("uploaded_by")
    if user.has_perm("fulfilment.view_syncbatch"):
        return qs
    allowed = Q(pk__in=[])
    if user.has_perm("fulfilment.add_shipmentevent"):
        allowed |= Q(source=SyncSource.LOGISTICS)
    if user.has_perm("fulfilment.add_serviceupdate"):
        allowed |= Q(source=SyncSource.CUSTOMER_SERVICE)
    return qs.filter(allowed)


def batches_visible_to(user):
    if user.has_perm("fulfilment.view_deliverybatch"):
        return DeliveryBatch.objects.all()
    return DeliveryBatch.objects.none()


POOL_COLUMNS = ("pk", "number", "status", "payment_method", "recipient", "province", "city",
                "warehouse", "promised_date", "total", "created_at")  # fmt: skip


def pool_page(rule: dict, *, page: int, per_page: int = 100):
    """One page of the order pool and whether there is a next one (no COUNT over the pool)."""
    from .services import pool_filter, pool_queryset

    qs = (
        pool_filter(pool_queryset(), rule)
        .only(*[c for c in POOL_COLUMNS if c != "pk"])
        .order_by("promised_date", "pk")
    )
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page
