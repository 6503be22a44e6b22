"""Writes of the orders app: addresses, carts, placing an order, and THE order transition.

Every status change of an order goes through ``order_transition`` (guard → conditional UPDATE →
event row → stock side effect exactly once). The named wrappers below only fix the arguments.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.catalog.choices import ProductStatus
from siteops.catalog.models import SKU
from siteops.core import hooks
from siteops.core.audit import audit_context
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import EventSource

from . import payments, stock
from .choices import (
    CUSTOMER_RETURNABLE,
    DELIVERY_FEES,
    TRANSITIONS,
    DeliveryMethod,
    OrderParty,
    OrderStatus,
    PaymentMethod,
    StockState,
)
from .models import Address, Cart, CartLine, Order, OrderEvent, OrderLine

MAX_QUANTITY = 99


def return_days() -> int:
    """The return window: days after delivery during which the customer may ask for a return
    (``SITEOPS["RETURN_DAYS"]``, 7 like most Chinese shops' 七天无理由退货)."""
    return int(getattr(settings, "SITEOPS", {}).get("RETURN_DAYS", 7))


def reservation_minutes() -> int:
    return int(getattr(settings, "SITEOPS", {}).get("RESERVATION_MINUTES", 24 * 60))


# --- Addresses -----------------------------------------------------------------------------

ADDRESS_FIELDS = ["recipient", "phone", "province", "city", "district", "line", "postal_code"]


@transaction.atomic
def address_save(*, actor, data: dict, address: Address | None = None) -> Address:
    """Create or edit one of the actor's own addresses (the first one becomes the default)."""
    if address is not None and address.customer_id != actor.pk:
        raise NotAllowed(_("This address belongs to someone else."))
    address = address or Address(customer=actor)
    for field in ADDRESS_FIELDS:
        if field in data:
            setattr(address, field, (data[field] or "").strip())
    make_default = (
        bool(data.get("is_default"))
        or not Address.objects.filter(customer=actor).exclude(pk=address.pk).exists()
    )
    address.is_default = False
    address.full_clean()
    address.save()
    if make_default:
        address_make_default(actor=actor, address=address)
        address.is_default = True
    return address


@transaction.atomic
def address_make_default(*, actor, address: Address) -> None:
    if address.customer_id != actor.pk:
        raise NotAllowed(_("This address belongs to someone else."))
    Address.objects.filter(customer=actor, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    Address.objects.filter(pk=address.pk).update(is_default=True)


@transaction.atomic
def address_delete(*, actor, address: Address) -> None:
    if address.customer_id != actor.pk:
        raise NotAllowed(_("This address belongs to someone else."))
    was_default = address.is_default
    address.delete()
    if was_default:
        nxt = Address.objects.filter(customer=actor).order_by("-pk").first()
        if nxt:
            Address.objects.filter(pk=nxt.pk).update(is_default=True)


# --- Cart (logged-in customers; the session cart lives in storefront.cart) ------------------


def _clamp(quantity: int) -> int:
    return max(0, min(int(quantity), MAX_QUANTITY))


def sellable_sku(sku_id) -> SKU:
    """The SKU if the shop sells it now (active, product published), else a DomainError."""
    try:
        sku_id = int(sku_id)
    except (TypeError, ValueError):
        raise DomainError(_("Please choose a product option.")) from None
    sku = (
        SKU.objects.select_related("product")
        .filter(pk=sku_id, is_active=True, product__status=ProductStatus.PUBLISHED)
        .only("pk", "product__status", "product__title", "is_active")
        .first()
    )
    if sku is None:
        raise DomainError(_("This product is no longer for sale."))
    return sku


@transaction.atomic
def cart_line_set(*, customer, sku_id, quantity: int, add: bool = False) -> None:
    """Set (or, with add=True, increase) the quantity of a SKU in the customer's cart."""
    sku = sellable_sku(sku_id)
    cart, _created = Cart.objects.get_or_create(customer=customer)
    line = CartLine.objects.filter(cart=cart, sku=sku).first()
    new = _clamp((line.quantity if (line and add) else 0) + int(quantity))
    if new <= 0:
        CartLine.objects.filter(cart=cart, sku=sku).delete()
    elif line:
        CartLine.objects.filter(pk=line.pk).update(quantity=new)
    else:
        CartLine.objects.create(cart=cart, sku=sku, quantity=new)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


@transaction.atomic
def cart_merge(*, customer, items: dict[int, int]) -> None:
    """At login: add the anonymous session cart's lines to the customer's cart."""
    for sku_id, quantity in items.items():
        try:
            cart_line_set(customer=customer, sku_id=sku_id, quantity=quantity, add=True)
        except DomainError:
            continue  # a product delisted meanwhile simply drops out


def cart_clear(*, customer) -> None:
    CartLine.objects.filter(cart__customer=customer).delete()


# --- Placing an order ----------------------------------------------------------------------


@dataclass
class Utm:
    source: str = ""
    medium: str = ""
    campaign: str = ""
    ref: str = ""
    # the first touch within the attribution window (empty: the last touch is the only one)
    first_source: str = ""
    first_medium: str = ""
    first_campaign: str = ""

    def first_touch(self) -> Utm:
        """The first touch as a whole; the last one when no earlier touch was kept."""
        if self.first_source or self.first_medium or self.first_campaign:
            return Utm(self.first_source, self.first_medium, self.first_campaign)
        return self


def _order_number(pk: int, day: datetime.date) -> str:
    return f"{day:%Y%m%d}-{pk:06d}"


def order_place(
    *,
    customer,
    items: dict[int, int],
    address: Address,
    delivery_method: str,
    payment_method: str,
    note: str = "",
    utm: Utm | None = None,
    checkout_token: str = "",
    points: int = 0,
) -> Order:
    """Turn a cart into an order: reserve stock, snapshot prices and address, write the event.

    Prices and stock are read from the database here; nothing about them comes from the client.
    ``points``: how many of the customer's points pay part of the goods; their value is computed
    and booked by the points app (hook ``orders.points_spend``) in this transaction.
    Raises ``stock.SoldOut`` (nothing written) when any SKU has fewer available than asked for.
    """
    provider = payments.get(payment_method)
    if provider is None:
        raise DomainError(_("Please choose a payment method."))
    if delivery_method not in DeliveryMethod.values:
        raise DomainError(_("Please choose a delivery method."))
    if address is None or address.customer_id != customer.pk:
        raise DomainError(_("Please choose one of your delivery addresses."))
    quantities = {int(k): _clamp(v) for k, v in items.items() if _clamp(v) > 0}
    if not quantities:
        raise DomainError(_("Your cart is empty."))
    utm = utm or Utm()
    first = utm.first_touch()
    now = timezone.now()

    with transaction.atomic(), audit_context(actor=customer, source=EventSource.CUSTOMER):
        skus = {
            s.pk: s
            for s in SKU.objects.select_related("product")
            .defer("cost")
            .filter(pk__in=quantities, is_active=True, product__status=ProductStatus.PUBLISHED)
        }
        missing = [pk for pk in quantities if pk not in skus]
        if missing:
            raise DomainError(_("Some products in your cart are no longer for sale."))
        stock.reserve(quantities, {pk: s.product.title for pk, s in skus.items()})

        subtotal = sum((skus[pk].price * q for pk, q in quantities.items()), Decimal("0.00"))
        fee = DELIVERY_FEES[DeliveryMethod(delivery_method)]
        order = Order(
            number=uuid.uuid4().hex[:20],
            customer=customer,
            status=provider.initial_status,
            payment_method=payment_method,
            delivery_method=delivery_method,
            stock_state=StockState.RESERVED,
            recipient=address.recipient,
            phone=address.phone,
            province=address.province,
            city=address.city,
            district=address.district,
            address_line=address.line,
            postal_code=address.postal_code,
            subtotal=subtotal,
            delivery_fee=fee,
            total=subtotal + fee,
            customer_note=(note or "")[:200],
            checkout_token=checkout_token or "",
            utm_source=utm.source[:100],
            utm_medium=utm.medium[:100],
            utm_campaign=utm.campaign[:100],
            referral=utm.ref[:100],
            first_utm_source=first.source[:100],
            first_utm_medium=first.medium[:100],
            first_utm_campaign=first.campaign[:100],
            reserved_until=(
                now + datetime.timedelta(minutes=reservation_minutes())
                if provider.reservation_expires
                else None
            ),
            promised_date=timezone.localdate(now)
            + datetime.timedelta(days=2 if delivery_method == DeliveryMethod.EXPRESS else 5),
        )
        order.full_clean(exclude=["number"])
        order.save()
        order.number = _order_number(order.pk, timezone.localdate(now))
        if points:
            paid = hooks.ask("orders.points_spend", order, points)
            if paid is None:
                raise DomainError(_("Points cannot pay for orders."), code="no_points")
            order.total -= paid
        Order.objects.filter(pk=order.pk).update(number=order.number, total=order.total)
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    sku=skus[pk],
                    sku_code=skus[pk].code,
                    title=skus[pk].product.title,
                    spec=skus[pk].spec_label[:200],
                    unit_price=skus[pk].price,
                    quantity=q,
                    line_total=skus[pk].price * q,
                )
                for pk, q in sorted(quantities.items())
            ]
        )
        OrderEvent.objects.create(
            order=order,
            actor=customer,
            source=EventSource.CUSTOMER,
            from_status="",
            to_status=order.status,
            note=_("Order placed"),
        )
        by_product: dict[int, int] = defaultdict(int)
        for pk, q in quantities.items():
            by_product[skus[pk].product_id] += q
        stock.count_sales(by_product)
        stock.refresh_products(quantities)
    return order


def checkout_cart(
    *,
    customer,
    address: Address,
    delivery_method: str,
    payment_method: str,
    note: str = "",
    utm: Utm | None = None,
    checkout_token: str = "",
    points: int = 0,
) -> tuple[Order, bool]:
    """Place the order of the customer's cart and empty the cart *in the same transaction*.

    Returns ``(order, created)``. One checkout submission makes at most one order however often
    it arrives (double click, browser retry after a worker died after the commit):

    - the customer's cart row is locked first (PostgreSQL: SELECT … FOR UPDATE; SQLite: the
      IMMEDIATE write transaction), so concurrent checkouts of one cart run one after another;
    - a submission whose ``checkout_token`` already made an order returns that order
      (``created`` False) and writes nothing;
    - the cart is read under the lock and emptied before the commit, so a second submission
      without the token finds it empty (DomainError code ``cart_empty``) instead of ordering again.
    """
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if checkout_token:
            placed = Order.objects.filter(customer=customer, checkout_token=checkout_token).first()
            if placed is not None:
                return placed, False
        items = (
            dict(CartLine.objects.filter(cart=cart).values_list("sku_id", "quantity"))
            if cart
            else {}
        )
        if not items:
            raise DomainError(_("Your cart is empty."), code="cart_empty")
        order = order_place(
            customer=customer, items=items, address=address, delivery_method=delivery_method,
            payment_method=payment_method, note=note, utm=utm, checkout_token=checkout_token,
            points=points,
        )  # fmt: skip
        CartLine.objects.filter(cart=cart).delete()
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return order, True


# --- The transition ------------------------------------------------------------------------


def _stock_lines(order_id: int) -> tuple[dict[int, int], dict[int, int]]:
    by_sku: dict[int, int] = defaultdict(int)
    by_product: dict[int, int] = defaultdict(int)
    for sku_id, product_id, q in OrderLine.objects.filter(order_id=order_id).values_list(
        "sku_id", "sku__product_id", "quantity"
    ):
        by_sku[sku_id] += q
        by_product[product_id] += q
    return by_sku, by_product


def _apply_stock(order_id: int, change: tuple[str, str]) -> bool:
    """Move the order's stock_state and the SKU counters, exactly once (False: already done)."""
    required, after = change
    if not Order.objects.filter(pk=order_id, stock_state=required).update(stock_state=after):
        return False
    by_sku, by_product = _stock_lines(order_id)
    if after == StockState.RELEASED:
        stock.release(by_sku)
        stock.count_sales(by_product, -1)
    elif after == StockState.SHIPPED:
        stock.ship(by_sku)
    elif after == StockState.RESTOCKED:
        stock.restock(by_sku)
        stock.count_sales(by_product, -1)
    stock.refresh_products(by_sku)
    return True


def order_transition(
    *,
    actor,
    order: Order,
    to: str,
    source: str,
    note: str = "",
    extra: dict | None = None,
    position=None,
    acting: bool = False,
    client=None,
) -> Order:
    """Move an order to ``to`` if the transition table allows it from its *current* status.

    - ``source``: who drives it (customer, staff, logistics, customer_service, system); the table
      says which sources may drive each step. A staff actor needs the step's permission; a
      customer may only move their own order. API callers (Logistics, Customer Service) are
      authorised by their endpoint and pass their position and ``client`` (the API client, or
      None when a clerk typed it in from a file).
    - ``extra``: other Order fields to set in the same conditional UPDATE (e.g. a tracking number
      field of a later app).
    Raises IllegalTransition (nothing changed) when the step is not allowed or another
    transition won the race.
    """
    if source not in OrderParty.values:
        raise DomainError(_("Unknown source of an order update."))
    with transaction.atomic():
        current = Order.objects.filter(pk=order.pk).values(
            "status", "payment_method", "customer_id"
        )
        current = current.first()
        if current is None:
            raise DomainError(_("This order does not exist."))
        frm = current["status"]
        rule = TRANSITIONS.get((frm, to))
        if rule is None or source not in rule.sources:
            raise IllegalTransition(
                _("An order that is “%(from)s” cannot become “%(to)s”.")
                % {"from": OrderStatus(frm).label, "to": _label(to)}
            )
        # Un-batching returns the order to the pool it came from.
        is_cod = current["payment_method"] == PaymentMethod.COD
        if (frm, to) == (OrderStatus.BATCHED, OrderStatus.PAID) and is_cod:
            raise IllegalTransition(_("A cash-on-delivery order goes back to “confirmed”."))
        if (frm, to) == (OrderStatus.BATCHED, OrderStatus.COD_CONFIRMED) and not is_cod:
            raise IllegalTransition(_("A prepaid order goes back to “paid”."))
        if source == OrderParty.CUSTOMER:
            if actor is None or actor.pk != current["customer_id"]:
                raise NotAllowed(_("Only the customer who placed the order can do this."))
        elif source == OrderParty.STAFF:
            if actor is None or not actor.has_perm(rule.perm):
                raise NotAllowed(_("Your positions do not allow this change of an order."))
            if position is None:
                from siteops.org.selectors import acting_as

                assignment = acting_as(actor, rule.perm)
                if assignment is not None:
                    position, acting = assignment.position, assignment.kind == "acting"

        now = timezone.now()
        fields = {"status": to, "status_changed_at": now, **(extra or {})}
        if to != OrderStatus.PENDING_PAYMENT:
            fields["reserved_until"] = None
        who = _who(actor, source, position, acting, client)
        with audit_context(actor=actor, position=position, acting=acting, source=who["source"]):
            if not Order.objects.filter(pk=order.pk, status=frm).update(**fields):
                raise IllegalTransition(_("The order was changed by someone else; please reload."))
            OrderEvent.objects.create(
                order_id=order.pk,
                **who,
                from_status=frm,
                to_status=to,
                note=(note or "")[:500],
            )
            if rule.stock:
                _apply_stock(order.pk, rule.stock)
            hooks.ask("orders.status_changed", order.pk, frm, to)
    order.refresh_from_db()
    return order


def orders_transition_bulk(
    *,
    actor,
    order_ids,
    to: str,
    source: str,
    note: str = "",
    position=None,
    acting: bool = False,
    client=None,
) -> int:
    """``order_transition`` for many orders at once, in set-based SQL (delivery batching).

    ``order_ids`` is a queryset of order ids (a subquery, never materialised). Only orders whose
    current status the table allows to move to ``to`` for ``source`` move; each gets one event
    from its own status, then one conditional UPDATE. Steps with a stock effect are refused here
    (they go one by one through ``order_transition``). Returns how many orders moved; the caller
    runs inside its own transaction and holds the rows (PostgreSQL: SELECT … FOR UPDATE).
    """
    froms = [f for (f, t), rule in TRANSITIONS.items() if t == to and source in rule.sources]
    if not froms or any(TRANSITIONS[(f, to)].stock for f in froms):
        raise IllegalTransition(_("Orders cannot become “%(to)s” together.") % {"to": _label(to)})
    now = timezone.now()
    subquery, params = (
        Order.objects.filter(pk__in=order_ids, status__in=froms)
        .order_by()
        .values_list("pk", flat=True)
        .query.sql_with_params()
    )
    table, events = (connection.ops.quote_name(m._meta.db_table) for m in (Order, OrderEvent))
    who = _who(actor, source, position, acting, client)
    with audit_context(actor=actor, position=position, acting=acting, source=who["source"]):
        # One INSERT … SELECT whatever the number of orders: each event from its own status.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {events} (order_id, at, actor_id, client_id, position_code, acting, "  # noqa: S608
                f"source, from_status, to_status, note) "
                f"SELECT o.id, %s, %s, %s, %s, %s, %s, o.status, %s, %s "
                f"FROM {table} o WHERE o.id IN ({subquery})",
                [now, getattr(who["actor"], "pk", None), getattr(client, "pk", None),
                 who["position_code"], who["acting"], who["source"], to,
                 (note or "")[:500], *params],
            )  # fmt: skip
            inserted = cursor.rowcount
        fields = {"status": to, "status_changed_at": now}
        if to != OrderStatus.PENDING_PAYMENT:
            fields["reserved_until"] = None
        moved = Order.objects.filter(pk__in=order_ids, status__in=froms).update(**fields)
    if moved != inserted:  # the caller's lock makes this impossible; refuse, don't half-write
        raise IllegalTransition(_("Orders changed while they were being moved; please try again."))
    return moved


def order_note(
    *, actor, order: Order, source: str, note: str, position=None, acting: bool = False,
    client=None,
) -> OrderEvent:  # fmt: skip
    """A step on the order's timeline that changes no status (e.g. "in transit")."""
    who = _who(actor, source, position, acting, client)
    with audit_context(actor=actor, position=position, acting=acting, source=who["source"]):
        return OrderEvent.objects.create(
            order_id=order.pk, **who,
            from_status=order.status, to_status=order.status, note=(note or "")[:500],
        )  # fmt: skip


def _who(actor, party: str, position, acting: bool, client) -> dict:
    """The event fields (``siteops.core.events.Event``) of a step driven by ``party``.

    The party says who may drive a step (the transition table); the event says who did it:
    Logistics' or Customer Service's system (``client``), a clerk typing their file in (staff),
    the shop's own jobs (job) or the customer.
    """
    if party == OrderParty.CUSTOMER:
        source = EventSource.CUSTOMER
    elif party == OrderParty.SYSTEM:
        source = EventSource.JOB
    elif client is not None or (actor is None and party != OrderParty.STAFF):
        source = EventSource.CLIENT
    else:
        source = EventSource.STAFF
    return {
        "actor": actor if getattr(actor, "pk", None) else None,
        "client": client,
        "position_code": getattr(position, "code", position or "") or "",
        "acting": acting,
        "source": source,
    }


@transaction.atomic
def order_change_address(
    *, actor, order: Order, data: dict, allowed: list[str], source: str, note: str = "",
    position=None, acting: bool = False, client=None,
) -> Order:  # fmt: skip
    """Change the delivery address while the order's status is one of ``allowed``."""
    old = order.full_address
    event_source = _who(actor, source, position, acting, client)["source"]
    with audit_context(actor=actor, position=position, acting=acting, source=event_source):
        if not Order.objects.filter(pk=order.pk, status__in=allowed).update(**data):
            raise IllegalTransition(_("The order was changed by someone else; please reload."))
        order.refresh_from_db()
    order_note(actor=actor, order=order, source=source, position=position, acting=acting,
               client=client, note=f"{note} · {old} → {order.full_address}")  # fmt: skip
    return order


def _label(status: str) -> str:
    try:
        return OrderStatus(status).label
    except ValueError:
        return status


# --- Named wrappers ------------------------------------------------------------------------


def order_cancel_by_customer(*, customer, order: Order) -> Order:
    return order_transition(
        actor=customer, order=order, to=OrderStatus.CANCELLED, source=OrderParty.CUSTOMER,
        note=_("Cancelled by the customer"),
    )  # fmt: skip


def order_confirm_payment(*, actor, order: Order, note: str = "", source=OrderParty.STAFF):
    """Staff confirm that the bank transfer for this order arrived (or a provider's webhook)."""
    if order.payment_method == PaymentMethod.COD:
        raise IllegalTransition(_("A cash-on-delivery order is paid to the courier."))
    return order_transition(
        actor=actor, order=order, to=OrderStatus.PAID, source=source,
        note=note or _("Bank transfer received"),
    )  # fmt: skip


def order_cancel(*, actor, order: Order, note: str = "", source=OrderParty.STAFF) -> Order:
    return order_transition(
        actor=actor, order=order, to=OrderStatus.CANCELLED, source=source, note=note
    )


def return_deadline(order: Order) -> datetime.datetime | None:
    """Until when the customer may ask to return ``order``: ``return_days()`` after its (last)
    delivery; None when it has not been delivered or is not in a returnable status."""
    if order.status not in CUSTOMER_RETURNABLE:
        return None
    delivered = (
        OrderEvent.objects.filter(order_id=order.pk, to_status=OrderStatus.DELIVERED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    if delivered is None:
        return None
    return delivered + datetime.timedelta(days=return_days())


def order_request_return(*, customer, order: Order, note: str = "") -> Order:
    """The customer asks to return a delivered or completed order, inside the return window."""
    deadline = return_deadline(order)
    if deadline is None or timezone.now() > deadline:
        raise IllegalTransition(
            _("The return window of %(days)d days after delivery has passed.")
            % {"days": return_days()}
            if deadline is not None
            else _("This order cannot be returned.")
        )
    return order_transition(
        actor=customer, order=order, to=OrderStatus.RETURN_REQUESTED,
        source=OrderParty.CUSTOMER, note=note,
    )  # fmt: skip


def reservations_expire(*, now: datetime.datetime | None = None) -> int:
    """Cancel unpaid orders whose reservation ran out; the stock comes back exactly once."""
    now = now or timezone.now()
    due = list(
        Order.objects.filter(
            status=OrderStatus.PENDING_PAYMENT, reserved_until__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    done = 0
    for pk in due:
        try:
            order_transition(
                actor=None, order=Order(pk=pk), to=OrderStatus.CANCELLED,
                source=OrderParty.SYSTEM, note=_("Not paid in time; the reservation expired"),
            )  # fmt: skip
            done += 1
        except IllegalTransition:
            continue  # paid or cancelled meanwhile: nothing to do
    return done


def clamp_quantity(quantity: int) -> int:
    """A cart quantity within 0 … MAX_QUANTITY (the same bound for session and stored carts)."""
    return _clamp(quantity)
