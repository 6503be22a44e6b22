"""The team board reads its six columns in one query (issue #20): the same items in the same
order as one query per column, as it was — due dates missing or equal, items done long ago,
more items than a column shows."""

import datetime

import pytest
from django.utils import timezone

from siteops.org.models import Position
from siteops.org.selectors import Staffing
from siteops.work import selectors
from siteops.work.choices import CLOSED_STATUSES
from siteops.work.models import WorkItem

pytestmark = pytest.mark.django_db


def _per_column(positions, staffing, per_column, done_days=14):
    """The board as it was read before: one ``top`` query per column."""
    base = WorkItem.objects.filter(position__in=[p.pk for p in positions])
    since = timezone.now() - datetime.timedelta(days=done_days)
    columns = []
    for status in selectors.BOARD_COLUMNS:
        qs = base.filter(status=status)
        if status in CLOSED_STATUSES:
            items = selectors.top(
                qs.filter(closed_at__gte=since), ("-closed_at", "-pk"), per_column
            )
        else:
            items = selectors.top(qs, ("due", "-pk"), per_column)
        columns.append([r.pk for r in selectors.rows(items, staffing)])
    return columns


def test_same_columns_as_one_query_each(staff):
    positions = list(Position.objects.filter(code__in=["CE", "CPY", "PED", "ART"]))
    today = timezone.localdate()
    now = timezone.now()
    elsewhere = Position.objects.get(code="WH-STK")
    rows = []
    for i in range(150):
        status = selectors.BOARD_COLUMNS[i % len(selectors.BOARD_COLUMNS)]
        due = None if i % 4 == 0 else today + datetime.timedelta(days=i % 9 - 4)
        closed = now - datetime.timedelta(days=i % 20, hours=i % 3) if status == "done" else None
        rows.append(WorkItem(title=f"item {i}", position=positions[i % len(positions)],
                             status=status, source="manager", due=due, closed_at=closed,
                             waiting_on=elsewhere if status == "waiting" else None))  # fmt: skip
    WorkItem.objects.bulk_create(rows)
    WorkItem.objects.create(title="cancelled", position=positions[0], status="cancelled",
                            source="manager", closed_at=now)  # fmt: skip
    staffing = Staffing.current()
    for per_column in (3, 30):
        board = selectors.team_board(staff["manager"], per_column=per_column, staffing=staffing,
                                     positions=positions)  # fmt: skip
        assert [c["status"] for c in board] == selectors.BOARD_COLUMNS
        got = [[r.pk for r in c["items"]] for c in board]
        assert got == _per_column(positions, staffing, per_column)
        assert all(got)
