"""Reads of approvals, restricted to the user: what waits for me, what I submitted, one approval."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
    """Pending approvals whose current step this user may decide now (oldest first)."""
    if user is None or not user.is_authenticated:
        return []
    staffing = staffing or Staffing.current()
    result = []
    pending = _base().filter(status=ApprovalStatus.PENDING).exclude(actor=user)
    for approval in pending.order_by("at", "pk")[:PENDING_SCAN]:
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
