"""The stock model of an order, in the catalogue's SKU counters.

    available = stock_on_hand − stock_reserved

- Placing an order reserves:    reserved += q  (conditional: only if available ≥ q)
- Cancelled before shipment:    reserved −= q  (the reservation is released)
- Shipped:                      on_hand −= q, reserved −= q  (the goods leave the warehouse)
- Returned / failed delivery
  cancelled (goods come back):  on_hand += q

Paid and COD-confirmed orders keep their reservation until shipment. Each step is applied
exactly once per order: the order's ``stock_state`` moves with a conditional UPDATE (see
``services._apply_stock``), and only the caller that moved it touches the SKU counters.

SKUs are always updated in primary-key order so that two checkouts over the same SKUs lock
rows in the same order on PostgreSQL (no deadlock); on SQLite the IMMEDIATE transaction
serialises writers.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _

from siteops.catalog.models import SKU, Product
from siteops.core.errors import DomainError


class SoldOut(DomainError):
    status_code = 409

    def __init__(self, message, *, sku_id: int | None = None):
        super().__init__(message, code="sold_out")
        self.sku_id = sku_id


def reserve(quantities: dict[int, int], titles: dict[int, str] | None = None) -> None:
    """Reserve every SKU or raise SoldOut (the caller's transaction rolls back the others)."""
    for sku_id in sorted(quantities):
        q = quantities[sku_id]
        updated = SKU.objects.filter(
            pk=sku_id, is_active=True, stock_on_hand__gte=F("stock_reserved") + q
        ).update(stock_reserved=F("stock_reserved") + q)
        if updated != 1:
            title = (titles or {}).get(sku_id, "")
            raise SoldOut(
                _("Sorry, %(title)s is sold out (or fewer are left than you asked for).")
                % {"title": title or _("this item")},
                sku_id=sku_id,
            )


def release(quantities: dict[int, int]) -> None:
    for sku_id in sorted(quantities):
        SKU.objects.filter(pk=sku_id).update(
            stock_reserved=F("stock_reserved") - quantities[sku_id]
        )


def ship(quantities: dict[int, int]) -> None:
    for sku_id in sorted(quantities):
        q = quantities[sku_id]
        SKU.objects.filter(pk=sku_id).update(
            stock_reserved=F("stock_reserved") - q, stock_on_hand=F("stock_on_hand") - q
        )


def restock(quantities: dict[int, int]) -> None:
    for sku_id in sorted(quantities):
        SKU.objects.filter(pk=sku_id).update(stock_on_hand=F("stock_on_hand") + quantities[sku_id])


def refresh_products(sku_ids) -> None:
    """Keep the catalogue's denormalised ``Product.in_stock`` true to the SKU counters."""
    product_ids = sorted(
        set(SKU.objects.filter(pk__in=list(sku_ids)).values_list("product_id", flat=True))
    )
    if not product_ids:
        return
    has_stock = SKU.objects.filter(
        product=OuterRef("pk"), is_active=True, stock_on_hand__gt=F("stock_reserved")
    )
    for pk in product_ids:
        Product.objects.filter(pk=pk).update(in_stock=Exists(has_stock))


def count_sales(quantities_by_product: dict[int, int], sign: int = 1) -> None:
    for pk in sorted(quantities_by_product):
        Product.objects.filter(pk=pk).update(
            sales_count=F("sales_count") + sign * quantities_by_product[pk]
        )
