"""Reads of the deadlines mechanism, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from siteops.org.selectors import Staffing

from .models import Deadline, DigestSent


def covered_positions(user, staffing: Staffing | None = None) -> set[int]:
    """Ids of the positions whose work ``user`` does now (holder, acting, fallback, chain)."""
    staffing = staffing or Staffing.current()
    return {pid for pid in staffing.positions if user in staffing.resolve(pid).users}


def deadlines_visible_to(user) -> QuerySet[Deadline]:
    qs = Deadline.objects.select_related("kind", "position", "obligation")
    if user.has_perm("deadlines.view_deadline"):
        return qs
    return qs.filter(position_id__in=covered_positions(user))


def deadlines_of(user) -> QuerySet[Deadline]:
    """The open due dates of the positions the user does the work of."""
    return (
        Deadline.objects.open()
        .filter(position_id__in=covered_positions(user))
        .select_related("kind", "position")
    )


def digests_of(user, limit: int = 14) -> list[DigestSent]:
    return list(
        DigestSent.objects.filter(user=user)
        .prefetch_related("entries__deadline__position")
        .order_by("-day")[:limit]
    )
