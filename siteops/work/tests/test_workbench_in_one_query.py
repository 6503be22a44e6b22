"""The workbench reads "my items", "overdue", "due this week" and "my team's items" in one query
(issue #20): the same items in the same order as one query per section, as it was — due dates
missing, equal, past, this week and later; items under review (not "mine", but the team's);
more items than a section shows; a lead whose vacant post (ART) they cover."""

import datetime

import pytest
from django.utils import timezone

from siteops.org.models import Position
from siteops.org.selectors import Staffing
from siteops.work import selectors
from siteops.work.choices import ACTIVE_STATUSES, WorkStatus
from siteops.work.models import WorkItem
from siteops.work.routing import covers_of

pytestmark = pytest.mark.django_db


def _per_section(user, today, limit):
    """The sections as they were read before: one ``top`` query each."""
    staffing = Staffing.current()
    mine_ids = list(covers_of(user, staffing))
    mine, week_end, _leads, team_ids = selectors.workbench_scope(mine_ids, staffing, today)
    ids = lambda qs, order, n: [r.pk for r in selectors.rows(selectors.top(qs, order, n))]  # noqa: E731
    return {
        "mine": ids(mine, ("due", "-pk"), limit),
        "overdue": ids(mine.filter(due__lt=today), ("due", "pk"), limit // 2),
        "due_this_week": ids(
            mine.filter(due__gte=today, due__lte=week_end), ("due", "pk"), limit // 2
        ),
        "team": ids(
            WorkItem.objects.filter(status__in=ACTIVE_STATUSES, position__in=list(team_ids)),
            ("due", "-pk"),
            limit // 2,
        ),
    }


@pytest.mark.parametrize("who", ["chief_editor", "manager", "copy_editor"])
def test_same_sections_as_one_query_each(staff, who):
    codes = ["CE", "CPY", "PED", "ART", "MGR", "PLN"]
    positions = list(Position.objects.filter(code__in=codes))
    today = timezone.localdate()
    statuses = [*ACTIVE_STATUSES, WorkStatus.DONE]
    elsewhere = Position.objects.get(code="WH-STK")
    items = []
    for i in range(240):
        due = None if i % 5 == 0 else today + datetime.timedelta(days=i % 17 - 8)
        status = statuses[i % len(statuses)]
        items.append(WorkItem(title=f"item {i}", position=positions[i % len(positions)],
                              status=status, source="manager", due=due,
                              waiting_on=elsewhere if status == WorkStatus.WAITING else None))  # fmt: skip
    WorkItem.objects.bulk_create(items)
    user = staff[who]
    for limit in (4, 20, 60):
        got = selectors.workbench(user, limit=limit, today=today)
        want = _per_section(user, today, limit)
        for name, pks in want.items():
            assert [r.pk for r in got[name]] == pks, (who, limit, name)
        assert got["mine"] and got["overdue"] and got["due_this_week"]
        if who == "copy_editor":
            assert got["team"] == []  # not a lead
        else:
            assert got["team"]
        # "My items" carry their sub-items' progress; the other sections are rows of their own.
        assert all(hasattr(r, "children_total") for r in got["mine"])
        assert not {id(r) for r in got["mine"]} & {id(r) for r in got["overdue"]}
