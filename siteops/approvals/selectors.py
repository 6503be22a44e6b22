"""Reads of approvals, restricted to the user: what waits for me, what I submitted, one approval."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from siteops.org.choices import CoverVia
from siteops.org.selectors import Staffing

from .choices import ApprovalStatus
from .models import Approval
from .services import approvers, current_step

# Pending approvals are few (a department's open submissions); the bound keeps a workbench load
# constant even if they pile up.
PENDING_SCAN = 500


def _base() -> QuerySet[Approval]:
    return Approval.objects.select_related("actor", "content_type", "revision").prefetch_related(
        "steps__position", "events"
    )


def waiting_for(user, *, limit: int = 20, staffing: Staffing | None = None) -> list[Approval]:
    """Pending approvals whose current step this user may decide now (oldest first).

    A narrow query first picks the pending approvals whose current step sits where this person
    could be asked at all (``approver_scope``); only those are loaded whole and checked step by
    step (``approvers``). On most workbenches that list is empty, and the wide query with its
    three joins and two prefetches — ≈ 1.5 ms to build on every workbench (issue #20) — is
    never built."""
    if user is None or not user.is_authenticated:
        return []
    staffing = staffing or Staffing.current()
    pending = Approval.objects.filter(status=ApprovalStatus.PENDING).exclude(actor=user)
    scope = approver_scope(user.pk, staffing)
    if scope is not None:
        pending = pending.filter(
            steps__order=F("current_step"), steps__position__in=sorted(scope) or [0]
        )
    ids = list(pending.order_by("at", "pk").values_list("pk", flat=True)[:PENDING_SCAN])
    if not ids:
        return []
    result = []
    for approval in _base().filter(pk__in=ids).order_by("at", "pk"):
        step = current_step(approval)
        if step is None:
            continue
        users, _res = approvers(approval, step, staffing)
        if any(u.pk == user.pk for u in users):
            approval.step_now = step
            result.append(approval)
            if len(result) >= limit:
                break
    return result


def approver_scope(user_id: int, staffing: Staffing) -> frozenset[int] | None:
    """The positions whose steps this person could be asked to decide (``approvers`` walks a
    step's position and then its superiors, and stops at the first with someone left): every
    position at or below one whose resolution names them. ``None`` for an active administrator,
    whom the top of every chain reaches. Kept with the staffing snapshot, per person."""
    return staffing.derived(
        ("approvals.approver_scope", user_id), lambda: _scope(user_id, staffing)
    )


def _scope(user_id: int, staffing: Staffing) -> frozenset[int] | None:
    if any(u.pk == user_id for u in staffing.admins):
        return None
    named = set()
    for pid in staffing.positions:
        res = staffing.resolve(pid)
        if res.via != CoverVia.ADMIN and any(u.pk == user_id for u in res.users):
            named.add(pid)
    scope = set()
    for pid in staffing.positions:
        boss, seen = pid, set()
        while boss and boss not in seen:
            if boss in named:
                scope.add(pid)
                break
            seen.add(boss)
            boss = staffing.positions[boss].reports_to_id
    return frozenset(scope)


def visible_approvals(user) -> QuerySet[Approval]:
    """Approvals the user may open: their own submissions, those they decided, those waiting for
    them, and all of them with ``approvals.view_approval`` (the manager, leadership)."""
    qs = _base()
    if user.has_perm("approvals.view_approval"):
        return qs
    mine = Q(actor=user) | Q(events__actor=user)
    waiting = [a.pk for a in waiting_for(user, limit=PENDING_SCAN)]
    return qs.filter(mine | Q(pk__in=waiting)).distinct()


def submitted_by(user) -> QuerySet[Approval]:
    return _base().filter(actor=user)
