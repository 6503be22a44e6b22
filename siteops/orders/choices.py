"""Order statuses, payment and delivery methods, event sources — and THE order transition table.

The order lifecycle (shared with #6's batches, Logistics and Customer Service syncs):

    bank transfer:  pending_payment ──paid──▶ paid ─┐
    cash on delivery (starts here): cod_confirmed ──┤
                                                    ▼
                          batched ──▶ shipped ──▶ delivered ──▶ completed
                       (un-batch back to            │  ▲
                        paid / cod_confirmed)       ▼  │ rejected
                                 delivery_failed   return_requested ──▶ returned ──▶ refunded
                                 (re-batched or cancelled)

Cash-on-delivery orders are *created* in ``cod_confirmed``: nothing has to be confirmed before
they can be batched (the customer pays the courier), so a ``pending → cod_confirmed`` step would
only be an empty event. Bank-transfer orders wait in ``pending_payment`` until staff confirm the
money arrived (or the reservation expires and the order is cancelled by the system).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    COD_CONFIRMED = "cod_confirmed", _("Confirmed (cash on delivery)")
    PAID = "paid", _("Paid")
    BATCHED = "batched", _("In a delivery batch")
    SHIPPED = "shipped", _("Shipped")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    RETURN_REQUESTED = "return_requested", _("Return requested")
    RETURNED = "returned", _("Returned")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return BADGES[self.value]


BADGES = {
    "pending_payment": "warning",
    "cod_confirmed": "info",
    "paid": "info",
    "batched": "info",
    "shipped": "info",
    "delivery_failed": "danger",
    "delivered": "success",
    "completed": "success",
    "return_requested": "warning",
    "returned": "warning",
    "refunded": "warning",
    "cancelled": "danger",
}


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class DeliveryMethod(models.TextChoices):
    STANDARD = "standard", _("Standard delivery")
    EXPRESS = "express", _("Express delivery")


DELIVERY_FEES = {
    DeliveryMethod.STANDARD: Decimal("0.00"),
    DeliveryMethod.EXPRESS: Decimal("12.00"),
}


class OrderParty(models.TextChoices):
    """Who may drive a step of an order (the transition table says which party may do which)."""

    CUSTOMER = "customer", _("Customer")
    STAFF = "staff", _("Staff")
    LOGISTICS = "logistics", _("Logistics")
    CUSTOMER_SERVICE = "customer_service", _("Customer Service")
    SYSTEM = "system", _("System")


class StockState(models.TextChoices):
    """Where the order's goods stand in the SKU counters (the exactly-once guard for stock)."""

    RESERVED = "reserved", _("Reserved")  # stock_reserved += q at placement
    RELEASED = "released", _("Released")  # reservation given back (cancelled before shipment)
    SHIPPED = "shipped", _("Shipped")  # on_hand −= q and reserved −= q at shipment
    RESTOCKED = "restocked", _("Back in stock")  # on_hand += q (return / failed delivery cancelled)


S = OrderStatus
E = OrderParty
_STAFFISH = frozenset({E.STAFF, E.CUSTOMER_SERVICE})


@dataclass(frozen=True)
class Transition:
    """One allowed (from, to) pair: who may drive it and what it does to stock."""

    sources: frozenset[str]
    # Permission a staff actor needs (source "staff"); API clients are checked by their endpoint.
    perm: str = "orders.change_order_status"
    # Stock side effect: (stock_state required, stock_state after) — applied exactly once.
    stock: tuple[str, str] | None = None


_RELEASE = (StockState.RESERVED, StockState.RELEASED)
_SHIP = (StockState.RESERVED, StockState.SHIPPED)
_RESTOCK = (StockState.SHIPPED, StockState.RESTOCKED)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.PENDING_PAYMENT, S.PAID): Transition(
        frozenset({E.STAFF, E.SYSTEM}), perm="orders.confirm_payment"
    ),
    (S.PENDING_PAYMENT, S.CANCELLED): Transition(
        frozenset({E.CUSTOMER, E.STAFF, E.CUSTOMER_SERVICE, E.SYSTEM}), stock=_RELEASE
    ),
    (S.COD_CONFIRMED, S.BATCHED): Transition(frozenset({E.STAFF, E.SYSTEM})),
    (S.COD_CONFIRMED, S.CANCELLED): Transition(
        frozenset({E.CUSTOMER, E.STAFF, E.CUSTOMER_SERVICE, E.SYSTEM}), stock=_RELEASE
    ),
    (S.PAID, S.BATCHED): Transition(frozenset({E.STAFF, E.SYSTEM})),
    (S.PAID, S.CANCELLED): Transition(_STAFFISH, stock=_RELEASE),
    (S.PAID, S.REFUNDED): Transition(_STAFFISH, stock=_RELEASE),
    (S.BATCHED, S.SHIPPED): Transition(frozenset({E.STAFF, E.LOGISTICS}), stock=_SHIP),
    # Un-batching returns the order to the pool it came from (guarded by payment method).
    (S.BATCHED, S.PAID): Transition(frozenset({E.STAFF, E.SYSTEM})),
    (S.BATCHED, S.COD_CONFIRMED): Transition(frozenset({E.STAFF, E.SYSTEM})),
    (S.SHIPPED, S.DELIVERED): Transition(frozenset({E.STAFF, E.LOGISTICS})),
    (S.SHIPPED, S.DELIVERY_FAILED): Transition(frozenset({E.STAFF, E.LOGISTICS})),
    # A failed delivery is re-batched (the goods already left stock once: no second deduction)…
    (S.DELIVERY_FAILED, S.BATCHED): Transition(frozenset({E.STAFF, E.SYSTEM})),
    # …or cancelled, when the goods come back to the warehouse.
    (S.DELIVERY_FAILED, S.CANCELLED): Transition(_STAFFISH | {E.LOGISTICS}, stock=_RESTOCK),
    (S.DELIVERED, S.COMPLETED): Transition(frozenset({E.STAFF, E.SYSTEM, E.CUSTOMER})),
    (S.DELIVERED, S.RETURN_REQUESTED): Transition(_STAFFISH | {E.CUSTOMER}),
    # A completed order can still be returned inside the return window (services.return_deadline).
    (S.COMPLETED, S.RETURN_REQUESTED): Transition(_STAFFISH | {E.CUSTOMER}),
    (S.RETURN_REQUESTED, S.RETURNED): Transition(_STAFFISH | {E.LOGISTICS}, stock=_RESTOCK),
    (S.RETURN_REQUESTED, S.DELIVERED): Transition(_STAFFISH),  # return rejected
    (S.RETURNED, S.REFUNDED): Transition(_STAFFISH),
}

# Statuses from which nothing leaves.
TERMINAL = frozenset(s for s in S.values if not any(f == s for f, _ in TRANSITIONS))
# Orders waiting for the pool of #6 (paid or COD-confirmed, not yet batched).
POOL_STATUSES = (S.PAID, S.COD_CONFIRMED)
# Statuses from which a customer may ask for a return (within the return window).
CUSTOMER_RETURNABLE = (S.DELIVERED, S.COMPLETED)
# Statuses a customer sees as "can still be cancelled by me".
CUSTOMER_CANCELLABLE = (S.PENDING_PAYMENT, S.COD_CONFIRMED)


def allowed_targets(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
