"""Reads of the points area, restricted to who asks: a customer sees only their own points."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import EntryKind
from .models import Batch, LedgerEntry, Member, Project


def projects_visible_to(user):
    if user.has_perm("loyalty.view_project"):
        return Project.objects.all()
    return Project.objects.none()


def batches_visible_to(user):
    if user.has_perm("loyalty.view_batch"):
        return Batch.objects.select_related("project", "generated_by")
    return Batch.objects.none()


@dataclass
class Balance:
    available: int = 0
    pending: int = 0
    spent: int = 0
    expired: int = 0
    earned: int = 0
    reversed: int = 0

    @property
    def total(self) -> int:
        return self.available + self.pending


def _sum(cond):
    return Coalesce(Sum(Case(When(cond, then="points"), output_field=IntegerField())), 0)


def balance_of(entries, today: datetime.date | None = None) -> Balance:
    """One aggregate query: available = entries available by today, pending = those later
    (earned points in the return window, and their reversals), spent/expired as positive."""
    today = today or timezone.localdate()
    agg = entries.aggregate(
        available=_sum(Q(available_on__lte=today)),
        pending=_sum(Q(available_on__gt=today)),
        spent=_sum(Q(kind__in=[EntryKind.REDEEM, EntryKind.REFUND])),
        expired=_sum(Q(kind=EntryKind.EXPIRE)),
        earned=_sum(Q(kind=EntryKind.EARN)),
        reversed=_sum(Q(kind=EntryKind.REVERSE)),
    )
    return Balance(
        available=agg["available"], pending=agg["pending"], spent=-agg["spent"],
        expired=-agg["expired"], earned=agg["earned"], reversed=-agg["reversed"],
    )  # fmt: skip


_BALANCE_SQL = (
    "SELECT kind, SUM(CASE WHEN available_on <= %s THEN points ELSE 0 END), SUM(points) "
    "FROM loyalty_ledgerentry WHERE member_id IN ({}) GROUP BY kind"
)


def members_balance(member_ids, today: datetime.date | None = None) -> Balance:
    """``balance_of`` the entries of these members in one fixed SQL statement (no ORM query
    to compile: the checkout and the account page ask it on every request): per kind, the
    points available by today and all of them — at most six rows, read from the covering
    index (member, kind, available_on, points) in its order."""
    ids = [int(pk) for pk in member_ids]
    if not ids:
        return Balance()
    day = connection.ops.adapt_datefield_value(today or timezone.localdate())
    with connection.cursor() as cur:
        cur.execute(_BALANCE_SQL.format(", ".join(["%s"] * len(ids))), [day, *ids])
        rows = {kind: (int(now), int(total)) for kind, now, total in cur.fetchall()}
    available = sum(now for now, _total in rows.values())

    def total(*kinds):
        return sum(rows.get(k, (0, 0))[1] for k in kinds)

    return Balance(
        available=available, pending=total(*rows) - available,
        spent=-total(EntryKind.REDEEM, EntryKind.REFUND), expired=-total(EntryKind.EXPIRE),
        earned=total(EntryKind.EARN), reversed=-total(EntryKind.REVERSE),
    )  # fmt: skip


def member_balance(member, today: datetime.date | None = None) -> Balance:
    """One member's balance: one query, whatever the number of entries."""
    return members_balance([member.pk], today)


def customer_points(user, today=None) -> tuple[Balance, list[Member]]:
    """The customer's own balance over all their memberships, and the memberships (two
    queries)."""
    memberships = list(
        Member.objects.filter(customer=user).select_related("project").order_by("project__name")
    )
    return members_balance([m.pk for m in memberships], today), memberships


def customer_expiries(user, today=None) -> list[dict]:
    """Every upcoming expiry of the customer's own points: date, points left, project."""
    from .ledger import upcoming_expiries

    return upcoming_expiries(
        LedgerEntry.objects.filter(member__customer=user), today or timezone.localdate()
    )


def customer_history(user, *, limit: int = 200):
    """Every change of the customer's points, newest first, with what explains it."""
    return (
        LedgerEntry.objects.filter(member__customer=user)
        .select_related("project", "order", "rule", "lot")
        .order_by("-at", "-pk")[:limit]
    )


def project_by_code(code: str) -> Project | None:
    return Project.objects.filter(code=code).first()


def claim_pools_of(project: Project):
    """The project's points claims (topic pages' claim blocks): points, cap, claims made."""
    from .models import ClaimPool

    return ClaimPool.objects.filter(project=project).order_by("-created_at", "-pk")


def claims_visible_to(user):
    from .models import Claim

    if user.has_perm("loyalty.view_claim"):
        return Claim.objects.select_related("pool__project", "customer", "entry")
    return Claim.objects.none()
