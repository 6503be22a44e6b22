"""Reads of work: what a person may see, their workbench, their team's board and load."""

from __future__ import annotations

import datetime
import functools
import operator
from collections import Counter

from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.db.models import Case, Count, DateField, DateTimeField, F, Q, QuerySet, When
from django.utils import timezone

from siteops.core import versions
from siteops.core.kept import Kept
from siteops.org.choices import DepartmentKind
from siteops.org.models import BilingualNameMixin, Department, User
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


def visible_items(user, staffing: Staffing | None = None) -> QuerySet[WorkItem]:
    """Items the user may open: ``WorkItem.objects.visible_to(user)`` (see there)."""
    return WorkItem.objects.visible_to(user, staffing)


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


class ItemRow:
    """An item as the work screens' lists show it (``work_tags``: ``work_table``, ``work_cards``):
    its own columns read with ``values_list`` and its positions taken from today's staffing
    snapshot — a list of 180 full items with four related rows each cost ≈ 350 Python calls a
    row to build (issue #20)."""

    __slots__ = ("pk", "title", "status", "priority", "due", "position_id", "waiting_on_id",
                 "position", "waiting_on", "children_total", "children_done")  # fmt: skip
    FIELDS = ("pk", "title", "status", "priority", "due", "position_id", "waiting_on_id")

    def __init__(self, values, positions):
        (self.pk, self.title, self.status, self.priority, self.due, self.position_id,
         self.waiting_on_id) = values  # fmt: skip
        self.children_total = self.children_done = 0
        if positions is None:  # a list that shows no position (the review queue's cards)
            self.position = self.waiting_on = None
            return
        self.position = positions[self.position_id]
        self.waiting_on = positions[self.waiting_on_id] if self.waiting_on_id else None

    @property
    def status_badge(self) -> str:
        return WorkStatus(self.status).badge


class _Person:
    """A requester as ``User.__str__`` names them (display name, full name or username)."""

    __slots__ = ("display_name", "first_name", "last_name", "username")
    get_full_name = AbstractUser.get_full_name
    __str__ = User.__str__

    def __init__(self, display_name, first_name, last_name, username):
        self.display_name, self.first_name = display_name, first_name
        self.last_name, self.username = last_name, username


class _Department(BilingualNameMixin):
    """A requesting department as ``Department.__str__`` names it (in the reader's language)."""

    __slots__ = ("name_zh", "name_en")
    __str__ = Department.__str__

    def __init__(self, name_zh, name_en):
        self.name_zh, self.name_en = name_zh, name_en


class ReviewRow(ItemRow):
    """A card of the review queue (``work_tags.review_cards``): the row and who asked."""

    __slots__ = ("source", "created_at", "description", "requester", "requester_department")
    FIELDS = (*ItemRow.FIELDS, "source", "created_at", "description",
              "requester_id", "requester__display_name", "requester__first_name",
              "requester__last_name", "requester__username", "requester_department_id",
              "requester_department__name_zh", "requester_department__name_en")  # fmt: skip

    def __init__(self, values, positions):
        super().__init__(values[:7], positions)
        self.source, self.created_at, self.description = values[7:10]
        self.requester = _Person(*values[11:15]) if values[10] else None
        self.requester_department = _Department(*values[16:18]) if values[15] else None


def review_rows(qs: QuerySet[WorkItem]) -> list[ReviewRow]:
    """``qs``'s (bounded) rows as the review queue's cards (no positions: not shown there)."""
    return [ReviewRow(v, None) for v in qs.values_list(*ReviewRow.FIELDS)]


def rows(qs: QuerySet[WorkItem], staffing: Staffing | None = None, *, progress=False) -> list:
    """``qs``'s (bounded) rows as ``ItemRow``; with ``progress``, their sub-items' counts (one
    more query, always, as in ``with_progress``)."""
    positions = (staffing or Staffing.current()).positions
    result = [ItemRow(v, positions) for v in qs.values_list(*ItemRow.FIELDS)]
    if progress:
        add_progress(result)
    return result


def add_progress(result: list) -> None:
    """``children_total`` / ``children_done`` on each ``ItemRow`` of ``result``: one query,
    always (also for no rows), so a page's query count does not depend on the data. The
    children's statuses are counted here: a sub-item list is short, and a ``GROUP BY`` with a
    filtered ``COUNT`` costs twice as much to build as the rows cost to read (issue #20)."""
    by_pk = {r.pk: r for r in result}
    for parent, status in WorkItem.objects.filter(parent__in=list(by_pk) or [0]).values_list(
        "parent", "status"
    ):
        row = by_pk[parent]
        row.children_total += 1
        row.children_done += status == WorkStatus.DONE


def pick(qs: QuerySet[WorkItem], order: tuple[str, ...], limit: int) -> QuerySet:
    """The ids of the first ``limit`` rows of ``qs`` in ``order`` (a subquery that picks them
    through the index). ``picked`` makes one condition of several picks, so several short
    lists come in one query (``top``, ``workbench``, ``team_board``)."""
    return qs.order_by(*order).values("pk")[:limit]


def picked(*picks: QuerySet) -> Q:
    """``pk`` is one of the ids any of ``picks`` (from ``pick``) selects. PostgreSQL gets one
    ``IN`` over their ``UNION ALL``, which it may join through the primary key (an ``OR`` of
    ``IN``s it can only check row by row over the whole table); SQLite, which allows no
    ``LIMIT`` inside a compound query, gets the ``OR``, which it answers by rowid lookups."""
    first, *rest = picks
    if rest and connection.features.supports_slicing_ordering_in_compound:
        return Q(pk__in=first.union(*rest, all=True))
    return functools.reduce(operator.or_, (Q(pk__in=p) for p in picks))


def top(qs: QuerySet[WorkItem], order: tuple[str, ...], limit: int) -> QuerySet[WorkItem]:
    """The first ``limit`` rows of ``qs`` in ``order`` as one query: the ids are picked in a
    subquery through the (covering) index and only those rows are joined — sorting tens of
    thousands of full joined rows to show twenty is what makes a big table slow."""
    return (
        WorkItem.objects.filter(picked(pick(qs, order, limit)))
        .select_related(*LIST_RELATED)
        .order_by(*order)
    )


def workbench_scope(mine_ids: list[int], staffing: Staffing, today: datetime.date):
    """What the workbench's sections pick from, for a person who covers ``mine_ids``: their
    items being worked on (not those still under review), the last day of this week, the leads
    among the positions and the positions of their teams (besides their own)."""
    mine = WorkItem.objects.filter(
        position__in=mine_ids,
        status__in=[
            s for s in ACTIVE_STATUSES if s not in (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW)
        ],
    )
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    lead_ids = [pid for pid in mine_ids if staffing.positions[pid].is_lead]
    team_ids = team_of(lead_ids, staffing) - set(mine_ids) if lead_ids else set()
    return mine, week_end, lead_ids, team_ids


def workbench(user, *, limit: int = 20, today: datetime.date | None = None) -> dict:
    """The sections of the workbench (我的工作台), each a bounded list."""
    today = today or timezone.localdate()
    staffing = Staffing.current()
    covers = covers_of(user, staffing)
    mine_ids = list(covers)
    active = WorkItem.objects.filter(status__in=ACTIVE_STATUSES)
    mine, week_end, lead_ids, team_ids = workbench_scope(mine_ids, staffing, today)
    # Queried even when everyone below is vacant (covered by the lead, so already under "mine"):
    # the page's query count then depends on nothing but the user's role.
    show_team = bool(lead_ids) and user.has_perm("work.view_team")
    # My items, the overdue ones, those due this week and my team's in one query (each list
    # picked by its own subquery; a query of its own cost ≈ 0.5 ms to build, issue #20). Rows
    # come in the order of "mine" and "team" (the same, and the database's own for an empty due
    # date), so each of those is its first rows; overdue and this week's have a due date and
    # are sorted here.
    wanted = [
        pick(mine, ("due", "-pk"), limit),
        pick(mine.filter(due__lt=today), ("due", "pk"), limit // 2),
        pick(mine.filter(due__gte=today, due__lte=week_end), ("due", "pk"), limit // 2),
    ]
    if show_team:
        team = active.filter(position__in=list(team_ids) or [0])
        wanted.append(pick(team, ("due", "-pk"), limit // 2))
    found = list(
        WorkItem.objects.filter(picked(*wanted)).order_by("due", "-pk").values_list(*ItemRow.FIELDS)
    )
    own = set(mine_ids)
    positions = staffing.positions

    def section(values, size, *, by_due=False):
        values = sorted(values, key=lambda v: (v[4], v[0])) if by_due else values
        return [ItemRow(v, positions) for v in values[:size]]

    mine_values = [v for v in found if v[5] in own]  # ItemRow.FIELDS: 4 due, 5 position_id
    sections = {
        "mine": section(mine_values, limit),
        "overdue": section(
            [v for v in mine_values if v[4] is not None and v[4] < today], limit // 2, by_due=True
        ),
        "due_this_week": section(
            [v for v in mine_values if v[4] is not None and today <= v[4] <= week_end],
            limit // 2,
            by_due=True,
        ),
        "review": [],
        "team": [],
        "waiting_on_me": rows(waiting_on_me(user, staffing)[:limit], staffing),
        "covers": covers,
        "positions": positions,
        "staffing": staffing,
        "today": today,
    }
    add_progress(sections["mine"])
    if user.has_perm("work.review_external"):
        sections["review"] = rows(review_queue()[:limit], staffing)
    if show_team:
        sections["team"] = section([v for v in found if v[5] in team_ids], limit // 2)
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


_LOAD_COUNTS = Kept("team load counts", limit=256)


def load_version() -> int | None:
    """The work load version (migration 0009: raised by triggers when an item is created or
    deleted or changes status, position or due date), or None where there is none (then
    nothing is kept)."""
    return versions.read("work_load_version")


def _load_counts(ids: list[int], today) -> list[tuple]:
    """(position, status, open items, late ones) of these positions' open items, kept per
    (load version, day, positions): the aggregate read every open item of the team (6,000 in
    the bench: ≈ 2.5 ms of a 13 ms page, issue #20). The version is read first, so a value is
    never kept under a version newer than the data it was counted from."""

    def count():
        return list(
            WorkItem.objects.filter(position__in=ids, status__in=ACTIVE_STATUSES)
            .values("position", "status")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(due__lt=today)))
            .order_by()
            .values_list("position", "status", "n", "late")
        )

    version = load_version()
    if version is None:
        return count()
    return _LOAD_COUNTS.get((version, today, tuple(ids)), count)


def team_load(
    user, *, today=None, staffing: Staffing | None = None, positions: list | None = None
) -> list[dict]:
    """Per team position: open items by status, overdue, waiting on other departments
    (``positions``: ``team_positions(user, staffing)`` when the caller has them already)."""
    today = today or timezone.localdate()
    staffing = staffing or Staffing.current()
    positions = team_positions(user, staffing) if positions is None else positions
    ids = [p.pk for p in positions]
    counts, overdue = Counter(), Counter()
    # One pass over the team's open items: by position and status, and how many are late.
    for position, status, n, late in _load_counts(ids, today):
        counts[(position, status)] = n
        overdue[position] += late
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
    user,
    *,
    per_column: int = 30,
    done_days: int = 14,
    staffing: Staffing | None = None,
    positions: list | None = None,
) -> list[dict]:
    """A kanban of the team's items by status (recently done ones in the last column).

    One query for the six columns: each column's first ``per_column`` ids are picked by its own
    subquery through the index (as ``top`` does), and the rows come back in each column's order
    — the open columns by due date, the done one by when it closed, newest first (the ``CASE``
    keys below are NULL where they do not apply, so they tie there). Six queries of their own
    cost ≈ 2k Python calls each to build (issue #20)."""
    staffing = staffing or Staffing.current()
    positions = team_positions(user, staffing) if positions is None else positions
    ids = [p.pk for p in positions]
    base = WorkItem.objects.filter(position__in=ids)
    since = timezone.now() - datetime.timedelta(days=done_days)
    picks = []
    for status in BOARD_COLUMNS:
        qs = base.filter(status=status)
        if status in CLOSED_STATUSES:
            qs, order = qs.filter(closed_at__gte=since), ("-closed_at", "-pk")
        else:
            order = ("due", "-pk")
        picks.append(pick(qs, order, per_column))
    closed = Q(status__in=[s for s in BOARD_COLUMNS if s in CLOSED_STATUSES])
    ordered = WorkItem.objects.filter(picked(*picks)).order_by(
        Case(When(closed, then=None), default=F("due"), output_field=DateField()).asc(),
        Case(When(closed, then=F("closed_at")), output_field=DateTimeField()).desc(),
        "-pk",
    )
    columns = {status: [] for status in BOARD_COLUMNS}
    for row in rows(ordered, staffing):
        columns[row.status].append(row)
    return [{"status": status, "items": columns[status]} for status in BOARD_COLUMNS]


# Who may export an item's timeline (``siteops.core.admin_views.visible_objects``).
TIMELINE_VISIBLE = {"workitem": visible_items}
