"""A member's balance (the checkout's and the account page's) is one SQL statement whatever the
number of entries, and equals both the ORM's aggregate and a sum computed here from the
entries themselves: available / pending / spent / expired / earned / reversed."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.orders.tests import factories as f

from ..models import LedgerEntry
from ..selectors import balance_of, member_balance, members_balance
from .helpers import active_project, members

pytestmark = pytest.mark.django_db

SIGN = {"earn": 1, "refund": 1, "redeem": -1, "expire": -1, "reverse": -1, "adjust": 1}


def _entries(project, member, n, rng):
    today = timezone.localdate()
    rows = []
    for _i in range(n):
        kind = rng.choice(list(SIGN))
        points = rng.randint(1, 500) * SIGN[kind]
        if kind == "adjust" and rng.random() < 0.5:
            points = -points
        rows.append(LedgerEntry(
            project=project, member=member, kind=kind, points=points, entry_source="batch",
            available_on=today + datetime.timedelta(days=rng.randint(-30, 30)), reason="随机",
        ))  # fmt: skip
    # what is taken from points names the lot it is taken from (a positive entry of its own)
    (lot,) = LedgerEntry.objects.bulk_create([LedgerEntry(
        project=project, member=member, kind="earn", points=1000, entry_source="batch",
        available_on=today, reason="批次")])  # fmt: skip
    LedgerEntry.objects.bulk_create([e for e in rows if e.points > 0])
    negative = [e for e in rows if e.points < 0]
    for e in negative:
        e.lot = lot
    LedgerEntry.objects.bulk_create(negative)


def _by_hand(member, today):
    got = {"available": 0, "pending": 0, "spent": 0, "expired": 0, "earned": 0, "reversed": 0}
    for e in LedgerEntry.objects.filter(member=member):
        got["available" if e.available_on <= today else "pending"] += e.points
        got["spent"] -= e.points if e.kind in ("redeem", "refund") else 0
        got["expired"] -= e.points if e.kind == "expire" else 0
        got["earned"] += e.points if e.kind == "earn" else 0
        got["reversed"] -= e.points if e.kind == "reverse" else 0
    return got


def test_balance_equals_the_entries_in_one_query_at_two_sizes(process_editor, leader):
    project = active_project(process_editor, leader)
    small, big = members(process_editor, project, f.customer("bal_s"), f.customer("bal_b"))
    rng = random.Random(15)
    _entries(project, small, 8, rng)
    _entries(project, big, 300, rng)
    today = timezone.localdate()
    counts = []
    for member in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            b = member_balance(member, today)
        counts.append(len(ctx.captured_queries))
        want = _by_hand(member, today)
        assert vars(b) == want
        assert vars(balance_of(member.entries.all(), today)) == want
    assert counts == [1, 1]
    both = members_balance([small.pk, big.pk], today)
    assert both.available == member_balance(small, today).available + member_balance(
        big, today).available  # fmt: skip
    assert vars(members_balance([], today)) == vars(balance_of(LedgerEntry.objects.none(), today))
