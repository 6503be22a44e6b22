"""Test data for the points area: delivered orders (through the order services) and a project
that is set up, approved and active."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from siteops.orders import services as order_services
from siteops.orders.choices import OrderParty, OrderStatus
from siteops.orders.models import OrderEvent
from siteops.orders.tests import factories as f

from .. import services
from ..models import Project


def delivered_order(user, *, price="100.00", qty=1, days_ago=3, express=False):
    """An order delivered ``days_ago`` days ago (cash on delivery: batched, shipped, delivered)."""
    order = f.order(user, items={f.sku(price=price, stock=50).pk: qty},
                    delivery="express" if express else "standard")  # fmt: skip
    for to, src in ((OrderStatus.BATCHED, OrderParty.SYSTEM),
                    (OrderStatus.SHIPPED, OrderParty.LOGISTICS),
                    (OrderStatus.DELIVERED, OrderParty.LOGISTICS)):  # fmt: skip
        order_services.order_transition(actor=None, order=order, to=to, source=src)
    at = timezone.now() - datetime.timedelta(days=days_ago)
    OrderEvent.objects.filter(order=order).update(at=at)  # test data: back-date the delivery
    order.refresh_from_db()
    return order


def undo(order, to=OrderStatus.CANCELLED):
    """The customer returns the order (return requested → returned)."""
    order_services.order_transition(actor=None, order=order, to=OrderStatus.RETURN_REQUESTED,
                                    source=OrderParty.CUSTOMER_SERVICE)  # fmt: skip
    order_services.order_transition(actor=None, order=order, to=OrderStatus.RETURNED,
                                    source=OrderParty.CUSTOMER_SERVICE)  # fmt: skip
    order.refresh_from_db()
    return order


def active_project(prc, approver, *, code="P1", budget=10_000, rule=None, pending_days=7,
                   starts_days_ago=60) -> Project:  # fmt: skip
    """A project set up by ``prc``, approved by ``approver`` (LEAD) and activated."""
    from siteops.approvals.services import approval_approve

    today = timezone.localdate()
    project = Project.objects.create(code=code, name=f"项目{code}")
    services.project_setup(actor=prc, project=project, data={
        "name": f"项目{code}", "sponsor": "网站销售部",
        "starts_on": today - datetime.timedelta(days=starts_days_ago),
        "ends_on": today + datetime.timedelta(days=300), "budget_points": budget,
        "point_value": "0.01", "pending_days": pending_days,
    })  # fmt: skip
    services.rule_add(actor=prc, project=project, data=rule or {
        "effective_from": today - datetime.timedelta(days=starts_days_ago),
        "points_per_yuan": "1",
    })  # fmt: skip
    approval = services.project_submit(actor=prc, project=project)
    approval_approve(actor=approver, approval=approval)
    project.refresh_from_db()
    services.project_activate(actor=prc, project=project)
    return project


def members(prc, project, *users):
    added, bad = services.members_import(
        actor=prc, project=project, records=[(i, {"customer": u.username}) for i, u in
                                             enumerate(users, 1)],
    )  # fmt: skip
    assert not bad, [r.errors for r in bad]
    return list(project.members.order_by("pk"))


D = Decimal


def redeemable(project, *, valid_days=None, warn_days=30):
    """Let the (active) project's points pay for orders (test data: the setup is approved)."""
    from ..models import Project as P

    P.objects.filter(pk=project.pk).update(
        redeem_allowed=True, valid_days=valid_days, warn_days=warn_days
    )
    project.refresh_from_db()
    return project


def lot(member, points, *, available_on=None, expires_on=None, reason="测试积分"):
    """An earned lot of ``points`` for ``member``, posted through the ledger."""
    from siteops.org.acting import system_acting

    from .. import ledger
    from ..choices import EntryKind, EntrySource
    from ..models import LedgerEntry

    who = system_acting()
    (entry,) = ledger.post([
        LedgerEntry(
            project=member.project, member=member, kind=EntryKind.EARN, points=points,
            entry_source=EntrySource.BATCH, available_on=available_on or timezone.localdate(),
            expires_on=expires_on, reason=reason, **who.event_fields(),
        )
    ])  # fmt: skip
    return entry
