"""Earned points become available after the return window and expire lot by lot: spending takes
from the oldest lot first, an expiry takes exactly what is left of its lot, once, and the member
is warned before (once per lot). Time travels with time-machine."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from siteops.orders.tests import factories as f

from .. import ledger
from ..choices import EntryKind
from ..models import ExpiryWarning, LedgerEntry
from ..selectors import balance_of
from .helpers import active_project, lot, members, redeemable

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone()),
        tick=False,
    )


def test_fifo_expiry_with_a_warning_before(
    process_editor, leader, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    project = redeemable(active_project(process_editor, leader), valid_days=30, warn_days=10)
    buyer = f.customer("exp")
    (member,) = members(process_editor, project, buyer)
    old = lot(member, 300, available_on=today, expires_on=today + 30 * DAY)
    new = lot(member, 200, available_on=today + 5 * DAY, expires_on=today + 35 * DAY)
    assert balance_of(member.entries.all(), today).pending == 200
    # spend 350 on day 6: all of the old lot's 300 first in, then 50 of the new one
    with _at(today + 6 * DAY):
        assert balance_of(member.entries.all()).available == 500
        ledger.spend_for_order(f.order(buyer, items={f.sku(price="10.00").pk: 1}), 350)
        assert ledger.warn_expiring() == 0  # nothing within 10 days yet
    taken = dict(LedgerEntry.objects.filter(kind=EntryKind.REDEEM).values_list("lot", "points"))
    assert taken == {old.pk: -300, new.pk: -50}
    # day 26: the new lot (150 left, expires day 35) is within its 10 days; the old one has
    # nothing left, so no one is warned about it
    with _at(today + 26 * DAY), django_capture_on_commit_callbacks(execute=True):
        assert ledger.warn_expiring() == 1
        assert ledger.warn_expiring() == 0  # once per lot
    warning = ExpiryWarning.objects.get()
    assert (warning.lot_id, warning.points) == (new.pk, 150)
    assert "150" in mail.outbox[-1].body
    # day 30: the old lot expires, nothing left → no entry
    with _at(today + 30 * DAY):
        assert ledger.expire_lots() == 0
    # day 35: the new lot's 150 expire, exactly, once
    with _at(today + 35 * DAY):
        assert ledger.expire_lots() == 1
        assert ledger.expire_lots() == 0
        b = balance_of(member.entries.all())
    exp = LedgerEntry.objects.get(kind=EntryKind.EXPIRE)
    assert (exp.lot_id, exp.points) == (new.pk, -150)
    assert (b.available, b.pending, b.spent, b.expired) == (0, 0, 350, 150)
    member.refresh_from_db()
    assert member.balance == 0


def test_points_given_back_to_an_expired_lot_expire_on_the_next_run(process_editor, leader):
    today = timezone.localdate()
    project = redeemable(active_project(process_editor, leader))
    buyer = f.customer("exp2")
    (member,) = members(process_editor, project, buyer)
    lot(member, 100, available_on=today, expires_on=today + 3 * DAY)
    order = f.order(buyer, items={f.sku(price="10.00").pk: 1})
    ledger.spend_for_order(order, 100)
    with _at(today + 4 * DAY):
        assert ledger.expire_lots() == 0
        ledger.refund_for_order(order.pk)
        assert balance_of(member.entries.all()).available == 100
        assert ledger.offer_for(buyer).points == 0  # the lot is past its date: not spendable
        assert ledger.expire_lots() == 1
        assert balance_of(member.entries.all()).available == 0
