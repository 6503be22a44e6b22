"""Reads of order operations, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import Q

from .choices import SyncSource
from .models import DeliveryBatch, SyncBatch


def sync_batches_visible_to(user):
    """Status files: all for the process editor; Logistics / CS see their own source's files."""
    qs = SyncBatch.objects.select_related("actor", "client")
    if user.has_perm("fulfilment.view_syncbatch"):
        return qs
    allowed = Q(pk__in=[])
    if user.has_perm("fulfilment.add_shipmentevent"):
        allowed |= Q(kind=SyncSource.LOGISTICS)
    if user.has_perm("fulfilment.add_serviceupdate"):
        allowed |= Q(kind=SyncSource.CUSTOMER_SERVICE)
    return qs.filter(allowed)


def batches_visible_to(user):
    """Delivery batches a user may open. Order operations (who batch) see every batch; Logistics
    sees the batches handed to it that still need it — offered or acknowledged, not closed —
    so an old batch's customers' addresses are not readable by guessing its number."""
    from .choices import OPEN_BATCH_STATUSES
    from .services import BATCH_PERM

    if not user.has_perm("fulfilment.view_deliverybatch"):
        return DeliveryBatch.objects.none()
    if user.has_perm(BATCH_PERM):
        return DeliveryBatch.objects.all()
    return DeliveryBatch.objects.filter(status__in=OPEN_BATCH_STATUSES)


POOL_COLUMNS = ("pk", "number", "status", "payment_method", "recipient", "province", "city",
                "warehouse", "promised_date", "total", "created_at")  # fmt: skip


def pool_page(rule: dict, *, page: int, per_page: int = 100):
    """One page of the order pool (rows with the attributes POOL_COLUMNS), oldest first, and
    whether there is a next one.

    One query per pool status, each walking the orders' (status, created_at) index in order, merged
    here: no sort over the whole pool and no COUNT, so the page costs the same at 1M orders.
    """
    from siteops.orders.models import Order

    from .services import POOL_STATUSES, pool_filter

    upto = page * per_page + 1
    rows = []
    for status in POOL_STATUSES:
        qs = pool_filter(Order.objects.filter(status=status), rule)
        # Plain rows (named tuples of POOL_COLUMNS), not Order instances: up to 3 × 101 rows
        # a page, and building a model instance cost ≈ 60 Python calls a row (issue #20).
        rows.extend(qs.order_by("created_at", "pk").values_list(*POOL_COLUMNS, named=True)[:upto])
    rows.sort(key=lambda o: (o.created_at, o.pk))
    start = (page - 1) * per_page
    chunk = rows[start : start + per_page + 1]
    return chunk[:per_page], len(chunk) > per_page
