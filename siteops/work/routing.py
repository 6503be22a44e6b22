"""Who does an item's work: the people resolve() gives for its position, and whether they act."""

from __future__ import annotations

from dataclasses import dataclass

from siteops.org.choices import AssignmentKind, CoverVia
from siteops.org.models import Position
from siteops.org.selectors import Staffing, acting_as


@dataclass(frozen=True)
class Cover:
    """How a person covers a position: directly (holder) or acting for it (and through which post)."""

    position_id: int
    acting: bool
    covering_position: Position | None  # the post through which they cover (fallback/superior)

    @property
    def via_code(self) -> str:
        return self.covering_position.code if self.covering_position else ""


def covers_of(user, staffing: Staffing | None = None) -> dict[int, Cover]:
    """Every position whose work this user does now: {position_id: Cover}.

    Only positions that can reach one of the user's own posts (itself, a fallback, a superior)
    are resolved, so no resolution falls through to the administrators' query.
    """
    if user is None or not user.is_authenticated:
        return {}
    staffing = staffing or Staffing.current()
    # Worked out once per person and snapshot (it reads nothing else): a work page asks it
    # several times (visibility, the workbench, the forms' choices), ≈ 4k Python calls each.
    user_id = user.pk
    return dict(staffing.derived(("work.covers_of", user_id), lambda: _covers(user_id, staffing)))


def _covers(user_id: int, staffing: Staffing) -> dict[int, Cover]:
    own = staffing.held_by(user_id)
    if not own:
        return {}
    result = {}
    for pid, pos in staffing.positions.items():
        reach = {pid} | {fb.fallback_id for fb in staffing.fallbacks.get(pid, [])}
        boss, seen = pos.reports_to_id, {pid}
        while boss and boss not in seen:
            reach.add(boss)
            seen.add(boss)
            boss = staffing.positions[boss].reports_to_id
        if not reach & own:
            continue
        res = staffing.resolve(pid)
        if res.via == CoverVia.ADMIN:
            continue
        if any(u.pk == user_id for u in res.users):
            result[pid] = Cover(pid, res.via != CoverVia.HOLDER, res.covering_position)
    return result


def team_of(position_ids, staffing: Staffing) -> set[int]:
    """The positions themselves and everyone reporting to them, directly or through a lead."""
    children = staffing.derived("work.children", lambda: _children(staffing))
    seen, todo = set(), list(position_ids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, []))
    return seen


def reach_of(user, staffing: Staffing) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """What ``WorkItem.objects.visible_to`` needs of a person's place today: (the positions whose
    items they see by the reporting line — those they hold, act for or cover and everyone below
    them —, the departments of the positions they hold or act for). Once per person and
    snapshot: it cost ≈ 9k Python calls and a query on every work page (issue #20)."""
    user_id = user.pk

    def compute():
        held = staffing.held_by(user_id)
        own = held | set(covers_of(user, staffing))
        line = tuple(sorted(team_of(own, staffing))) if own else ()
        depts = tuple(sorted({staffing.positions[pid].department_id for pid in held}))
        return line, depts

    return staffing.derived(("work.reach_of", user_id), compute)


def _children(staffing: Staffing) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for p in staffing.positions.values():
        children.setdefault(p.reports_to_id, []).append(p.pk)
    return children


def chain_ids(position: Position, staffing: Staffing) -> list[int]:
    """The position and its superiors, nearest first."""
    result, pid = [], position.pk
    while pid and pid not in result:
        result.append(pid)
        pid = staffing.positions[pid].reports_to_id
    return result


def actor_standing(actor, position: Position, staffing: Staffing | None = None):
    """(position code, acting) under which ``actor`` works on ``position``'s item.

    The actor's own cover of the item's position (or of a superior of it) wins; otherwise their
    main assignment. Returns ("", False) for system actions.
    """
    if actor is None:
        return "", False
    staffing = staffing or Staffing.current()
    covers = covers_of(actor, staffing)
    for pid in chain_ids(position, staffing):
        if pid in covers:
            c = covers[pid]
            return staffing.positions[pid].code, c.acting
    a = acting_as(actor)
    if a is None:
        return "", False
    return a.position.code, a.kind == AssignmentKind.ACTING
