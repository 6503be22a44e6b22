"""Reads of work: what a person may see, their workbench, their team's board and load."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from siteops.org.choices import DepartmentKind
from siteops.org.models import Department
from siteops.org.selectors import Staffing, positions_of

from .choices import ACTIVE_STATUSES, CLOSED_STATUSES, EXTERNAL_SOURCES, WorkStatus
from .models import WorkItem
from .routing import covers_of, team_of

LIST_RELATED = ["position", "position__department", "requester_department", "waiting_on"]


def departments_of(user) -> list[Department]:
    """Departments in which the user holds or acts for a position today."""
    if user is None or not user.is_authenticated:
        return []
    seen, result = set(), []
    for a in positions_of(user):
        d = a.position.department
        if d.pk not in seen:
            seen.add(d.pk)
            result.append(d)
    return result


def is_own_staff(user) -> bool:
    return user.is_superuser or any(
        d.kind in (DepartmentKind.OWN, DepartmentKind.LEADERSHIP) for d in departments_of(user)
    )


def visible_items(user) -> QuerySet[WorkItem]:
    """Items the user may open: ``WorkItem.objects.visible_to(user)`` (see there)."""
    return WorkItem.objects.visible_to(user)


def can_view(user, item: WorkItem) -> bool:
    return visible_items(user).filter(pk=item.pk).exists()


def requests_of_department(user) -> QuerySet[WorkItem]:
    """Requests filed by the user's own department(s) (what the requester follows)."""
    depts = [d.pk for d in departments_of(user)]
    return (
        WorkItem.objects.visible_to(user)
        .filter(requester_department__in=depts, parent__isnull=True)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def waiting_on_me(user, staffing: Staffing | None = None) -> QuerySet[WorkItem]:
    """Items another department handed to a position this user covers (coordination)."""
    covers = covers_of(user, staffing)
    return (
        WorkItem.objects.filter(status=WorkStatus.WAITING, waiting_on__in=list(covers))
        .select_related(*LIST_RELATED)
        .order_by("due", "pk")
    )


def with_progress(qs: QuerySet[WorkItem]) -> list[WorkItem]:
    """The (bounded) rows of ``qs`` with ``children_total`` / ``children_done`` attached: one
    query for the rows, one for their children's counts (always, so counts do not depend on
    the data), counted only for the rows shown."""
    items = list(qs)
    totals: dict[int, tuple[int, int]] = {}
    for row in (
        WorkItem.objects.filter(parent__in=qs.values("pk"))
        .values("parent")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=WorkStatus.DONE)))
        .order_by()
    ):
        totals[row["parent"]] = (row["total"], row["done"])
    for item in items:
        item.children_total, item.children_done = totals.get(item.pk, (0, 0))
    return items


def top(qs: QuerySet[WorkItem], order: tuple[str, ...], limit: int) -> QuerySet[WorkItem]:
    """The first ``limit`` rows of ``qs`` in ``order`` as one query: the ids are picked in a
    subquery through the (covering) index and only those rows are joined — sorting tens of
    thousands of full joined rows to show twenty is what makes a big table slow."""
    ids = qs.order_by(*order).values("pk")[:limit]
    return WorkItem.objects.filter(pk__in=ids).select_related(*LIST_RELATED).order_by(*order)


def workbench(user, *, limit: int = 20, today: datetime.date | None = None) -> dict:
    """The sections of the workbench (我的工作台), each a bounded list."""
    today = today or timezone.localdate()
    staffing = Staffing.current()
    covers = covers_of(user, staffing)
    mine_ids = list(covers)
    active = WorkItem.objects.filter(status__in=ACTIVE_STATUSES)
    mine = WorkItem.objects.filter(
        position__in=mine_ids,
        status__in=[
            s for s in ACTIVE_STATUSES if s not in (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW)
        ],
    )
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    lead_ids = [pid for pid in mine_ids if staffing.positions[pid].is_lead]
    team_ids = team_of(lead_ids, staffing) - set(mine_ids) if lead_ids else set()
    sections = {
        "mine": with_progress(top(mine, ("due", "-pk"), limit)),
        "overdue": list(top(mine.filter(due__lt=today), ("due", "pk"), limit // 2)),
        "due_this_week": list(
            top(mine.filter(due__gte=today, due__lte=week_end), ("due", "pk"), limit // 2)
        ),
        "review": [],
        "team": [],
        "waiting_on_me": list(waiting_on_me(user, staffing)[:limit]),
        "covers": covers,
        "positions": staffing.positions,
        "today": today,
    }
    if user.has_perm("work.review_external"):
        sections["review"] = list(review_queue()[:limit])
    if lead_ids and user.has_perm("work.view_team"):
        # Queried even when everyone below is vacant (covered by the lead, so already under
        # "mine"): the page's query count then depends on nothing but the user's role.
        sections["team"] = list(
            top(active.filter(position__in=list(team_ids) or [0]), ("due", "-pk"), limit // 2)
        )
    return sections


def review_queue() -> QuerySet[WorkItem]:
    return (
        WorkItem.objects.filter(
            source__in=EXTERNAL_SOURCES, status__in=[WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW]
        )
        .select_related(*LIST_RELATED, "requester")
        .order_by("created_at", "pk")
    )


def team_positions(user, staffing: Staffing | None = None) -> list:
    """The positions of the teams this user leads (the user's own included), in chart order."""
    staffing = staffing or Staffing.current()
    covers = covers_of(user, staffing)
    if user.is_superuser:
        ids = set(staffing.positions)
    else:
        ids = team_of([pid for pid in covers if staffing.positions[pid].is_lead], staffing)
    own = {p.pk for p in staffing.positions.values() if p.department.kind != DepartmentKind.OTHER}
    return sorted((staffing.positions[i] for i in ids & own), key=lambda p: (p.order, p.code))


def team_load(user, *, today=None, staffing: Staffing | None = None) -> list[dict]:
    """Per team position: open items by status, overdue, waiting on other departments."""
    today = today or timezone.localdate()
    staffing = staffing or Staffing.current()
    positions = team_positions(user, staffing)
    ids = [p.pk for p in positions]
    counts = Counter()
    rows = (
        WorkItem.objects.filter(position__in=ids, status__in=ACTIVE_STATUSES)
        .values("position", "status")
        .annotate(n=Count("pk"))
    )
    for r in rows:
        counts[(r["position"], r["status"])] = r["n"]
    overdue = dict(
        WorkItem.objects.filter(position__in=ids, status__in=ACTIVE_STATUSES, due__lt=today)
        .values_list("position")
        .annotate(n=Count("pk"))
        .values_list("position", "n")
    )
    result = []
    for p in positions:
        res = staffing.resolve(p)
        by_status = {s: counts[(p.pk, s)] for s in ACTIVE_STATUSES}
        result.append(
            {
                "position": p,
                "resolution": res,
                "open": sum(by_status.values()),
                "by_status": by_status,
                "overdue": overdue.get(p.pk, 0),
                "waiting": by_status[WorkStatus.WAITING],
            }
        )
    return result


BOARD_COLUMNS = [
    WorkStatus.OPEN,
    WorkStatus.IN_PROGRESS,
    WorkStatus.WAITING,
    WorkStatus.ESCALATED,
    WorkStatus.RETURNED,
    WorkStatus.DONE,
]


def team_board(
    user, *, per_column: int = 30, done_days: int = 14, staffing: Staffing | None = None
) -> list[dict]:
    """A kanban of the team's items by status (recently done ones in the last column)."""
    positions = team_positions(user, staffing)
    ids = [p.pk for p in positions]
    base = WorkItem.objects.filter(position__in=ids)
    since = timezone.now() - datetime.timedelta(days=done_days)
    columns = []
    for status in BOARD_COLUMNS:
        qs = base.filter(status=status)
        if status in CLOSED_STATUSES:
            items = list(top(qs.filter(closed_at__gte=since), ("-closed_at", "-pk"), per_column))
        else:
            items = list(top(qs, ("due", "-pk"), per_column))
        columns.append({"status": status, "items": items})
    return columns


# Who may export an item's timeline (``siteops.core.admin_views.visible_objects``).
TIMELINE_VISIBLE = {"workitem": visible_items}
