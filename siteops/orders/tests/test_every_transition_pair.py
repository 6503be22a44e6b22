"""Every (from, to) pair of order statuses: allowed ones write exactly one event and apply their
stock effect; forbidden ones are refused and change nothing."""

import itertools

import pytest

from siteops.core.errors import IllegalTransition
from siteops.orders import services
from siteops.orders.choices import TRANSITIONS, OrderParty, OrderStatus, PaymentMethod, StockState
from siteops.orders.models import Order, OrderEvent
from siteops.org.models import User

from . import factories as f

pytestmark = pytest.mark.django_db

S = OrderStatus
# Where the goods stand in each status when reached the normal way.
STOCK_AT = {
    S.PENDING_PAYMENT: StockState.RESERVED, S.COD_CONFIRMED: StockState.RESERVED,
    S.PAID: StockState.RESERVED, S.BATCHED: StockState.RESERVED,
    S.SHIPPED: StockState.SHIPPED, S.DELIVERY_FAILED: StockState.SHIPPED,
    S.DELIVERED: StockState.SHIPPED, S.COMPLETED: StockState.SHIPPED,
    S.RETURN_REQUESTED: StockState.SHIPPED, S.RETURNED: StockState.RESTOCKED,
    S.REFUNDED: StockState.RESTOCKED, S.CANCELLED: StockState.RELEASED,
}  # fmt: skip
# (on_hand, reserved) change of the SKU for each stock effect, for a line of 2.
DELTA = {
    StockState.RELEASED: (0, -2),
    StockState.SHIPPED: (-2, -2),
    StockState.RESTOCKED: (2, 0),
}
PAIRS = list(itertools.product(S.values, S.values))


def _order_in(status, payment):
    s = f.sku(stock=10)
    order = f.order(items={s.pk: 2}, payment=payment)
    Order.objects.filter(pk=order.pk).update(status=status, stock_state=STOCK_AT[status])
    order.refresh_from_db()
    return order, s


def _counters(s):
    s.refresh_from_db()
    return s.stock_on_hand, s.stock_reserved


# The party the table allows → the event's source (core.events.EventSource): Logistics' and
# Customer Service's steps without a person come from their systems.
EVENT_SOURCE = {
    OrderParty.SYSTEM: "job", OrderParty.STAFF: "staff", OrderParty.CUSTOMER: "customer",
    OrderParty.LOGISTICS: "client", OrderParty.CUSTOMER_SERVICE: "client",
}  # fmt: skip


def _how(rule, order):
    """A source the table allows, and an actor for it."""
    if OrderParty.SYSTEM in rule.sources:
        return OrderParty.SYSTEM, None
    if OrderParty.STAFF in rule.sources:
        return OrderParty.STAFF, User.objects.get_or_create(
            username="root", defaults={"is_superuser": True, "is_staff": True}
        )[0]
    if OrderParty.CUSTOMER in rule.sources:
        return OrderParty.CUSTOMER, order.customer
    return sorted(rule.sources)[0], None


@pytest.mark.parametrize(("frm", "to"), PAIRS)
def test_pair(frm, to):
    rule = TRANSITIONS.get((frm, to))
    payment = PaymentMethod.COD if to == S.COD_CONFIRMED else PaymentMethod.BANK_TRANSFER
    order, s = _order_in(frm, payment)
    events = OrderEvent.objects.filter(order=order).count()
    before = _counters(s)
    if rule is None:
        for source in OrderParty.values:
            with pytest.raises(IllegalTransition):
                services.order_transition(actor=None, order=order, to=to, source=source)
        order.refresh_from_db()
        assert order.status == frm and order.stock_state == STOCK_AT[frm]
        assert OrderEvent.objects.filter(order=order).count() == events
        assert _counters(s) == before
        return
    source, actor = _how(rule, order)
    services.order_transition(actor=actor, order=order, to=to, source=source, note="t")
    order.refresh_from_db()
    assert order.status == to
    new_events = OrderEvent.objects.filter(order=order).order_by("pk")[events:]
    assert [(e.from_status, e.to_status, e.source) for e in new_events] == [
        (frm, to, EVENT_SOURCE[source])
    ]
    expected = before
    if rule.stock and STOCK_AT[frm] == rule.stock[0]:
        d = DELTA[rule.stock[1]]
        expected = (before[0] + d[0], before[1] + d[1])
        assert order.stock_state == rule.stock[1]
    assert _counters(s) == expected
    # The same step again is refused and changes nothing more.
    with pytest.raises(IllegalTransition):
        services.order_transition(actor=actor, order=order, to=to, source=source)
    assert OrderEvent.objects.filter(order=order).count() == events + 1
    assert _counters(s) == expected


@pytest.mark.parametrize(("frm", "to"), sorted(TRANSITIONS))
def test_sources_outside_the_table_are_refused(frm, to):
    order, s = _order_in(frm, PaymentMethod.COD if to == S.COD_CONFIRMED else "bank_transfer")
    for source in set(OrderParty.values) - set(TRANSITIONS[(frm, to)].sources):
        with pytest.raises(IllegalTransition):
            services.order_transition(actor=None, order=order, to=to, source=source)
    order.refresh_from_db()
    assert order.status == frm


def test_unbatching_returns_to_the_right_pool():
    cod, _s = _order_in(S.BATCHED, PaymentMethod.COD)
    with pytest.raises(IllegalTransition):
        services.order_transition(actor=None, order=cod, to=S.PAID, source="system")
    services.order_transition(actor=None, order=cod, to=S.COD_CONFIRMED, source="system")
    bank, _s = _order_in(S.BATCHED, PaymentMethod.BANK_TRANSFER)
    with pytest.raises(IllegalTransition):
        services.order_transition(actor=None, order=bank, to=S.COD_CONFIRMED, source="system")
    services.order_transition(actor=None, order=bank, to=S.PAID, source="system")
