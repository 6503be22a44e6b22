"""Two checkouts at the same moment spending the same points: one order is placed, the other is
refused and books nothing. Real threads on real connections (SQLite here, PostgreSQL with
DATABASE_URL) — the members' rows are locked in the order's transaction."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.utils import timezone

from siteops.core.errors import DomainError
from siteops.orders import services as order_services
from siteops.orders.models import Order
from siteops.orders.tests import factories as f

from ..choices import EntryKind, ProjectStatus
from ..models import LedgerEntry, Member, Project
from ..selectors import balance_of
from .helpers import lot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_two_concurrent_checkouts_spending_the_same_points_one_succeeds():
    project = Project.objects.create(code="RACE", name="并发", status=ProjectStatus.ACTIVE,
                                     redeem_allowed=True)  # fmt: skip
    buyer = f.customer("racer")
    member = Member.objects.create(project=project, customer=buyer, joined_on=timezone.localdate())
    lot(member, 600)
    addr = f.address(buyer)
    skus = [f.sku(price="50.00", stock=5), f.sku(price="60.00", stock=5)]
    results = [None, None]
    start = threading.Barrier(2)

    def go(i):
        try:
            start.wait()
            order = order_services.order_place(
                customer=buyer, items={skus[i].pk: 1}, address=addr,
                delivery_method="standard", payment_method="cod", points=500,
            )  # fmt: skip
            results[i] = ("ok", order.pk)
        except DomainError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001 - reported below
            results[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    assert [r[1] for r in results if r[0] == "refused"] == ["not_enough_points"]
    assert Order.objects.filter(customer=buyer).count() == 1
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEEM).count() == 1
    b = balance_of(member.entries.all())
    assert (b.available, b.spent) == (100, 500)
    member.refresh_from_db()
    assert member.balance == 100
