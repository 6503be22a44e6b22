"""Writes of order operations: batching orders, the hand-off, and status from Logistics / CS.

Every order status change goes through ``siteops.orders.services.order_transition`` — except
batching, which moves thousands of orders at once: ``batch_create`` applies the same transition
table (``orders.choices.TRANSITIONS``) with set-based SQL, so a batch of 10,000 orders costs the
same handful of queries as a batch of ten, and writes one OrderEvent per order.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.events import EventSource
from siteops.orders.choices import TRANSITIONS, OrderParty, OrderStatus
from siteops.orders.models import Order
from siteops.orders.services import (
    order_change_address,
    order_note,
    orders_transition_bulk,
)
from siteops.org.acting import Acting, acting_for, audited

from .choices import BatchStatus, ServiceKind, ShipmentKind, UpdateOutcome
from .models import BatchOrder, DeliveryBatch, ServiceUpdate, ShipmentEvent

S = OrderStatus
POOL_STATUSES = (S.PAID, S.COD_CONFIRMED, S.DELIVERY_FAILED)
BATCH_PERM = "fulfilment.create_batch"

# The batching step must be one the order transition table allows for staff, from every pool
# status; checked at import so a change of the table cannot silently bypass it.
for _frm in POOL_STATUSES:
    assert OrderParty.STAFF in TRANSITIONS[(_frm, S.BATCHED)].sources, _frm


def fulfilment_setting(name: str, default):
    return getattr(settings, "SITEOPS", {}).get(name, default)


def acknowledge_hours() -> int:
    """Hours Logistics has to acknowledge a batch before it shows as overdue."""
    return int(fulfilment_setting("BATCH_ACKNOWLEDGE_HOURS", 4))


def ship_hours() -> int:
    """Hours after creation by which every order of a batch should be picked up."""
    return int(fulfilment_setting("BATCH_SHIP_HOURS", 24))


def _who(*, actor=None, client=None, position=None, perm: str) -> Acting:
    """Who records this: a clerk (acting as the position their permission comes from), Logistics'
    or Customer Service's system (authorised by its endpoint), or the system itself."""
    if client is not None:
        code = getattr(position, "code", position) or client.position.code
        return Acting(None, client, code, False, EventSource.CLIENT)
    if actor is not None:
        return acting_for(actor, perm)
    return Acting(
        None, None, getattr(position, "code", position or "") or "", False, EventSource.JOB
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# --- Batching (PRC-01) ---------------------------------------------------------------------


def pool_queryset():
    return Order.objects.filter(status__in=POOL_STATUSES)


def pool_filter(qs, rule: dict):
    """Apply a selection rule: province, city, warehouse, promised date range."""
    if rule.get("province"):
        qs = qs.filter(province=rule["province"])
    if rule.get("city"):
        qs = qs.filter(city=rule["city"])
    if rule.get("warehouse"):
        qs = qs.filter(warehouse=rule["warehouse"])
    if rule.get("promised_from"):
        qs = qs.filter(promised_date__gte=rule["promised_from"])
    if rule.get("promised_to"):
        qs = qs.filter(promised_date__lte=rule["promised_to"])
    return qs


def _clean_rule(rule: dict) -> dict:
    out = {}
    for key in ("province", "city", "warehouse"):
        if rule.get(key):
            out[key] = str(rule[key]).strip()[:32]
    for key in ("promised_from", "promised_to"):
        value = rule.get(key)
        if value:
            out[key] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return out


def batch_create(
    *, actor, order_ids: list[int] | None = None, rule: dict | None = None, note: str = "",
    warehouse: str = "",
) -> DeliveryBatch:  # fmt: skip
    """Batch the chosen orders (or every pool order matching ``rule``) for Logistics.

    An order already in another open batch is skipped (the conditional unique constraint on
    BatchOrder decides between concurrent batchings); orders that left the pool meanwhile are
    skipped too. No order left → DomainError and nothing is written.
    """
    # fulfilment.create_batch is the authority for this one step (PRC, and CE/MGR supervising);
    # the orders app's general orders.change_order_status is not required for it.
    who = acting_for(actor, BATCH_PERM)
    if order_ids is None and rule is None:
        raise DomainError(_("Choose orders or a rule."))
    rule = _clean_rule(rule or {})
    candidates = pool_filter(pool_queryset(), rule)
    if order_ids is not None:
        ids = sorted({int(i) for i in order_ids})
        if not ids:
            raise DomainError(_("Choose at least one order."))
        candidates = candidates.filter(pk__in=ids)
    if warehouse:
        candidates = candidates.filter(warehouse=warehouse)
    now = timezone.now()
    with transaction.atomic(), audited(who):
        batch = DeliveryBatch.objects.create(
            number=uuid.uuid4().hex[:20], warehouse=rule.get("warehouse", warehouse),
            rule=rule if order_ids is None else {**rule, "selected": len(ids)},
            note=note[:300], **who.record_fields(),
            acknowledge_by=now + datetime.timedelta(hours=acknowledge_hours()),
        )  # fmt: skip
        number = f"B{timezone.localdate(now):%Y%m%d}-{batch.pk:05d}"
        # 1. Claim the orders: one INSERT … SELECT; a row another open batch holds is skipped.
        select_sql, params = (
            candidates.order_by().values_list("pk", flat=True).query.sql_with_params()
        )
        bo = _table(BatchOrder)
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {bo} (batch_id, order_id, active, tracking_number) "  # noqa: S608
                f"SELECT %s, o.id, %s, '' FROM {_table(Order)} o WHERE o.id IN ({select_sql}) "
                "ON CONFLICT DO NOTHING",
                [batch.pk, True, *params],
            )
        mine = BatchOrder.objects.filter(batch=batch).values("order_id")
        # 2. Lock the claimed orders (PostgreSQL; SQLite's write transaction already is a lock)
        #    and drop the ones that left the pool between the SELECT and the lock.
        if connection.features.has_select_for_update:
            list(Order.objects.select_for_update().filter(pk__in=mine).values_list("pk"))
        BatchOrder.objects.filter(batch=batch).exclude(order__status__in=POOL_STATUSES).delete()
        count = BatchOrder.objects.filter(batch=batch).count()
        if not count:
            raise DomainError(_("None of these orders is waiting in the pool any more."))
        # 3. The orders move through the orders app's set-based transition (one event each).
        orders_transition_bulk(
            actor=actor, order_ids=mine, to=S.BATCHED, source=OrderParty.STAFF,
            note=_("Added to delivery batch %s") % number, position=who.position,
            acting=who.acting,
        )  # fmt: skip
        DeliveryBatch.objects.filter(pk=batch.pk).update(number=number, order_count=count)
        batch.number, batch.order_count = number, count
        _tell_logistics(batch, actor)
    return batch


@transaction.atomic
def batch_acknowledge(*, batch: DeliveryBatch, by: str, actor=None) -> DeliveryBatch:
    """Logistics confirms it took the batch. Acknowledging again changes nothing."""
    if actor is not None:
        acting_for(actor, "fulfilment.acknowledge_deliverybatch")
    if DeliveryBatch.objects.filter(pk=batch.pk, status=BatchStatus.OPEN).update(
        status=BatchStatus.ACKNOWLEDGED, acknowledged_at=timezone.now(), acknowledged_by=by[:100]
    ):
        from siteops.work.services import item_close_for_subject

        item_close_for_subject(actor=actor, subject=batch, message=_("Acknowledged by %s") % by)
    batch.refresh_from_db()
    return batch


def _leave_batch(order_id: int, *, tracking: str = "") -> None:
    """The order leaves its open batch (delivered, failed, taken out); a batch left empty closes."""
    entry = BatchOrder.objects.filter(order_id=order_id, active=True).first()
    if entry is None:
        return
    fields = {"active": False, "left_at": timezone.now()}
    if tracking:
        fields["tracking_number"] = tracking
    BatchOrder.objects.filter(pk=entry.pk).update(**fields)
    if not BatchOrder.objects.filter(batch_id=entry.batch_id, active=True).exists():
        DeliveryBatch.objects.filter(pk=entry.batch_id).exclude(status=BatchStatus.CLOSED).update(
            status=BatchStatus.CLOSED, closed_at=timezone.now()
        )


@transaction.atomic
def batch_remove_order(*, actor, batch: DeliveryBatch, order: Order) -> Order:
    """Take an order out of an open batch: it goes back to the pool it came from."""
    who = acting_for(actor, BATCH_PERM)
    entry = BatchOrder.objects.filter(batch=batch, order=order, active=True).first()
    if entry is None or not batch.is_open:
        raise IllegalTransition(_("This order is not in this open batch."))
    from siteops.orders.choices import PaymentMethod
    from siteops.orders.services import order_transition

    back = S.COD_CONFIRMED if order.payment_method == PaymentMethod.COD else S.PAID
    order = order_transition(
        actor=actor, order=order, to=back, source=OrderParty.STAFF,
        note=_("Taken out of delivery batch %s") % batch.number,
        position=who.position, acting=who.acting,
    )  # fmt: skip
    _leave_batch(order.pk)
    DeliveryBatch.objects.filter(pk=batch.pk).update(order_count=batch.order_count - 1)
    return order


# --- Status from Logistics (PRC-02) --------------------------------------------------------

# event → (the status the order must be in, the status it moves to; None = no status change)
SHIPMENT_STEPS = {
    ShipmentKind.PICKED_UP: (S.BATCHED, S.SHIPPED),
    ShipmentKind.IN_TRANSIT: (S.SHIPPED, None),
    ShipmentKind.DELIVERED: (S.SHIPPED, S.DELIVERED),
    ShipmentKind.DELIVERY_FAILED: (S.SHIPPED, S.DELIVERY_FAILED),
}


def shipment_preview(order: Order, kind: str) -> tuple[str, str, str]:
    """(outcome, new status, reason) the event would have now — without writing anything."""
    need, to = SHIPMENT_STEPS[ShipmentKind(kind)]
    if order.status == need:
        return UpdateOutcome.APPLIED, to or order.status, ""
    if need == S.SHIPPED and order.status == S.BATCHED:
        return (
            UpdateOutcome.HELD, order.status,
            _("The order has not been picked up yet; the event waits for the pick-up."),
        )  # fmt: skip
    return (
        UpdateOutcome.REFUSED, order.status,
        _("An order that is “%(status)s” cannot take the event “%(event)s”.")
        % {"status": OrderStatus(order.status).label, "event": ShipmentKind(kind).label},
    )  # fmt: skip


def _apply_shipment(event: ShipmentEvent) -> None:
    from siteops.orders.services import order_transition

    order = Order.objects.get(pk=event.order_id)
    _need, to = SHIPMENT_STEPS[ShipmentKind(event.kind)]
    note = ShipmentKind(event.kind).label
    if event.tracking_number:
        note = f"{note} · {_('tracking number')} {event.tracking_number}"
    if event.note:
        note = f"{note} · {event.note}"
    if to is None:
        # No status change (in transit): the step still shows on the order's timeline.
        order_note(actor=event.actor, order=order, source=OrderParty.LOGISTICS, note=note,
                   position=event.position_code, acting=event.acting,
                   client=event.client)  # fmt: skip
    else:
        order_transition(
            actor=event.actor, order=order, to=to, source=OrderParty.LOGISTICS, note=note,
            position=event.position_code, acting=event.acting, client=event.client,
        )  # fmt: skip
    if event.tracking_number:
        BatchOrder.objects.filter(order_id=order.pk, active=True).update(
            tracking_number=event.tracking_number
        )
    if to in (S.DELIVERED, S.DELIVERY_FAILED):
        _leave_batch(order.pk, tracking=event.tracking_number)


def shipment_event_record(
    *, order_number: str, kind: str, occurred_at: datetime.datetime, tracking_number: str = "",
    note: str = "", client=None, actor=None, position=None, sync_row=None,
) -> ShipmentEvent | None:  # fmt: skip
    """Record one event from Logistics and apply it if the order is where the event says.

    - Already recorded (same order, event and time): nothing new; returns None.
    - Out of order (delivered / in transit / failed before the pick-up): **held**; it is applied
      automatically, in time order, as soon as the pick-up arrives.
    - Otherwise impossible for the order's status: recorded as **refused**, nothing changes.
    """
    if kind not in ShipmentKind.values:
        raise DomainError(_("Unknown shipment event “%s”.") % kind)
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    who = _who(actor=actor, client=client, position=position, perm="fulfilment.add_shipmentevent")
    with transaction.atomic():
        order = Order.objects.filter(number=order_number).first()
        if order is None:
            raise DomainError(_("There is no order %s.") % order_number, code="unknown_order")
        if ShipmentEvent.objects.filter(
            order=order, kind=kind, occurred_at=occurred_at,
            outcome__in=[UpdateOutcome.APPLIED, UpdateOutcome.HELD],
        ).exists():  # fmt: skip
            return None
        outcome, _new, reason = shipment_preview(order, kind)
        event = ShipmentEvent.objects.create(
            order=order, kind=kind, occurred_at=occurred_at, note=note[:300],
            tracking_number=tracking_number[:64], outcome=outcome, reason=reason[:300],
            sync_row=sync_row, **who.event_fields(),
        )  # fmt: skip
        if outcome == UpdateOutcome.APPLIED:
            _apply_shipment(event)
            ShipmentEvent.objects.filter(pk=event.pk).update(applied_at=timezone.now())
            event.applied_at = timezone.now()
            _release_held(order.pk)
    return event


def _release_held(order_id: int) -> None:
    """Apply held events of this order, oldest first, while they fit the order's status."""
    for held in ShipmentEvent.objects.filter(
        order_id=order_id, outcome=UpdateOutcome.HELD
    ).order_by("occurred_at", "pk"):
        order = Order.objects.get(pk=order_id)
        outcome, _new, reason = shipment_preview(order, held.kind)
        if outcome == UpdateOutcome.HELD:
            break
        if outcome == UpdateOutcome.APPLIED:
            _apply_shipment(held)  # recorded as done by whoever reported the held event
        ShipmentEvent.objects.filter(pk=held.pk).update(
            outcome=outcome, reason=reason[:300],
            applied_at=timezone.now() if outcome == UpdateOutcome.APPLIED else None,
        )  # fmt: skip


# --- Status from Customer Service (PRC-03) -------------------------------------------------

SERVICE_STEPS = {
    ServiceKind.CANCEL: S.CANCELLED,
    ServiceKind.RETURN_REQUEST: S.RETURN_REQUESTED,
    ServiceKind.RETURN_APPROVE: S.RETURNED,
    ServiceKind.RETURN_REJECT: S.DELIVERED,
    ServiceKind.REFUND: S.REFUNDED,
}
ADDRESS_FIELDS = ("recipient", "phone", "province", "city", "district", "address_line",
                  "postal_code")  # fmt: skip
ADDRESS_REQUIRED = ("recipient", "phone", "province", "city", "address_line")
# Before the goods are handed to Logistics the address may still change.
ADDRESS_CHANGEABLE = (S.PENDING_PAYMENT, S.COD_CONFIRMED, S.PAID)


def clean_address(data: dict) -> dict:
    fields = {f: str(data.get(f) or "").strip() for f in ADDRESS_FIELDS}
    missing = [f for f in ADDRESS_REQUIRED if not fields[f]]
    if missing:
        raise DomainError(
            _("The new address lacks: %s") % ", ".join(str(Order._meta.get_field(f).verbose_name)
                                                      for f in missing)
        )  # fmt: skip
    for f, value in fields.items():
        limit = Order._meta.get_field(f).max_length
        if len(value) > limit:
            raise DomainError(_("%(field)s is too long (at most %(n)d characters).") % {
                "field": Order._meta.get_field(f).verbose_name, "n": limit})  # fmt: skip
    return fields


def service_preview(order: Order, kind: str) -> tuple[str, str, str]:
    if kind == ServiceKind.ADDRESS_CHANGE:
        if order.status in ADDRESS_CHANGEABLE:
            return UpdateOutcome.APPLIED, order.status, ""
        return (
            UpdateOutcome.REFUSED, order.status,
            _("The address of an order that is “%s” can no longer change.")
            % OrderStatus(order.status).label,
        )  # fmt: skip
    to = SERVICE_STEPS[ServiceKind(kind)]
    rule = TRANSITIONS.get((order.status, to))
    if rule is None or OrderParty.CUSTOMER_SERVICE not in rule.sources:
        reason = _("An order that is “%(from)s” cannot become “%(to)s”.") % {
            "from": OrderStatus(order.status).label,
            "to": OrderStatus(to).label,
        }
        if order.status == S.BATCHED and to == S.CANCELLED:
            reason += " " + _(
                "It is in a delivery batch: the process editor must take it out first."
            )
        return UpdateOutcome.REFUSED, order.status, reason
    return UpdateOutcome.APPLIED, to, ""


def service_update_record(
    *, order_number: str, kind: str, reference: str, data: dict | None = None, note: str = "",
    client=None, actor=None, position=None, sync_row=None,
) -> ServiceUpdate | None:  # fmt: skip
    """Record one Customer Service update and apply it; the same ticket again does nothing new."""
    from siteops.orders.services import order_transition

    if kind not in ServiceKind.values:
        raise DomainError(_("Unknown Customer Service update “%s”.") % kind)
    reference = (reference or "").strip()[:64]
    if not reference:
        raise DomainError(_("The Customer Service ticket number is required."))
    data = dict(data or {})
    if kind == ServiceKind.ADDRESS_CHANGE:
        data = clean_address(data)
    who = _who(actor=actor, client=client, position=position, perm="fulfilment.add_serviceupdate")
    with transaction.atomic():
        order = Order.objects.filter(number=order_number).first()
        if order is None:
            raise DomainError(_("There is no order %s.") % order_number, code="unknown_order")
        if ServiceUpdate.objects.filter(
            order=order, kind=kind, reference=reference, outcome=UpdateOutcome.APPLIED
        ).exists():
            return None
        outcome, to, reason = service_preview(order, kind)
        update = ServiceUpdate.objects.create(
            order=order, kind=kind, reference=reference, data=data, note=note[:300],
            outcome=outcome, reason=reason[:300], sync_row=sync_row, **who.event_fields(),
        )  # fmt: skip
        if outcome != UpdateOutcome.APPLIED:
            return update
        text = f"{ServiceKind(kind).label} · {_('ticket')} {reference}"
        if note:
            text += f" · {note}"
        if kind == ServiceKind.ADDRESS_CHANGE:
            order_change_address(
                actor=actor, order=order, data=data, allowed=list(ADDRESS_CHANGEABLE),
                source=OrderParty.CUSTOMER_SERVICE, note=text, position=who.position,
                acting=who.acting, client=client,
            )  # fmt: skip
        else:
            order_transition(
                actor=actor, order=order, to=to, source=OrderParty.CUSTOMER_SERVICE,
                note=text, position=who.position, acting=who.acting, client=client,
            )  # fmt: skip
    return update


def open_batches():
    return DeliveryBatch.objects.exclude(status=BatchStatus.CLOSED)


def overdue_batches(now=None):
    """Open batches Logistics has not acknowledged in time, or not picked up within the ship window."""
    now = now or timezone.now()
    late_ship = now - datetime.timedelta(hours=ship_hours())
    return (
        open_batches()
        .filter(
            Q(status=BatchStatus.OPEN, acknowledge_by__lt=now)
            | Q(created_at__lt=late_ship, entries__active=True, entries__order__status=S.BATCHED)
        )
        .distinct()
    )


def _tell_logistics(batch: DeliveryBatch, actor) -> None:
    """Logistics has a deadline to confirm a new batch, so it is their work from the start: a
    work item at the dispatch position (LOG-DSP) due on the confirmation day — its people are
    told (back office and email) and it closes when the batch is acknowledged (issue 12 #22)."""
    from siteops.org.models import Department
    from siteops.work.services import item_create

    by = timezone.localtime(batch.acknowledge_by)
    item_create(
        actor=actor, position="LOG-DSP", source="module", subject=batch,
        title=(_("New delivery batch %(number)s: %(n)s orders — confirm by %(by)s")
               % {"number": batch.number, "n": batch.order_count, "by": f"{by:%m-%d %H:%M}"}),
        description=_("Confirm that Logistics has taken the batch (button on the batch page, "
                      "or the API) before %(by)s.") % {"by": f"{by:%Y-%m-%d %H:%M}"},
        requester=actor, requester_department=Department.objects.filter(code="WEB").first(),
        due=by.date(),
    )  # fmt: skip
