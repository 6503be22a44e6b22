"""The points ledger's writes: posting entries, earned lots consumed first-in first-out, paying
for an order with points (and getting them back when it is cancelled), expiry with a warning
before it, and the nightly check of every member's balance.

Lots: every positive entry that names no lot (earned points, a positive adjustment) is a *lot*.
Whatever is taken from points — spending, expiry, a reversal, a negative adjustment — is booked
as entries that each name the lot they take from, oldest lot first, so a lot's points left are
its points plus its entries' (one GROUP BY) and an expiry takes exactly what is left of it.

Every write here runs inside the caller's transaction (the order's, the job's) with the
members' rows locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transaction
serialises writers), so two checkouts never spend the same points.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.events import Acting
from siteops.org.acting import audited, customer_acting, system_acting

from .choices import EntryKind, EntrySource, MemberStatus, ProjectStatus
from .models import BalanceCheck, ExpiryWarning, LedgerEntry, Member, Project

CENT = Decimal("0.01")
MAX_SPEND = 100_000_000  # points in one checkout (bounds what a form can ask for)


def post(entries: list[LedgerEntry], *, within_budget: bool = False) -> list[LedgerEntry]:
    """Insert ``entries`` and move each member's kept balance by the same points (one UPDATE
    per distinct change), then each project's issued points by its ``earn`` entries, in the
    caller's transaction.

    ``within_budget``: the issued points may not pass the project's budget. The project's
    UPDATE carries the condition, so two postings at the same moment cannot both pass it (the
    second waits for the first's row lock and re-checks); over it, ``IllegalTransition``
    (code ``over_budget``) and the caller's transaction rolls back. Members are updated before
    the project, on every path, so postings never lock the two in opposite orders."""
    if not entries:
        return []
    created = LedgerEntry.objects.bulk_create(entries)
    by_member: dict[int, int] = defaultdict(int)
    issued: dict[int, int] = defaultdict(int)
    for e in entries:
        by_member[e.member_id] += e.points
        if e.kind == EntryKind.EARN and e.project_id:
            issued[e.project_id] += e.points
    by_change: dict[int, list[int]] = defaultdict(list)
    for member_id, n in by_member.items():
        by_change[n].append(member_id)
    for n, ids in by_change.items():
        for i in range(0, len(ids), 900):
            Member.objects.filter(pk__in=ids[i : i + 900]).update(balance=F("balance") + n)
    for project_id, n in sorted(issued.items()):
        rows = Project.objects.filter(pk=project_id)
        if within_budget:
            rows = rows.filter(issued_points__lte=F("budget_points") - n)
        if not rows.update(issued_points=F("issued_points") + n):
            raise IllegalTransition(
                _("The points project has no budget left for this claim."), code="over_budget"
            )
    return created


def _points_of(parent: str, **where):
    """The points of the entries whose ``parent`` (``lot``, ``member``, ``project``) is the
    outer row, 0 where there are none: one grouped subquery, never a join that would multiply
    the outer rows."""
    entries = (
        LedgerEntry.objects.filter(**{parent: OuterRef("pk")}, **where)
        .order_by()
        .values(parent)
        .annotate(s=Sum("points"))
        .values("s")
    )
    return Coalesce(Subquery(entries, output_field=IntegerField()), 0)


def _left():
    """Points left in a lot: its own plus everything booked against it."""
    return F("points") + _points_of("lot")


def open_lots(member_ids, today: datetime.date):
    """Lots with points left that can be spent today, first in first out."""
    return (
        LedgerEntry.objects.filter(
            member_id__in=member_ids, lot__isnull=True, points__gt=0, available_on__lte=today
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .annotate(left=_left())
        .filter(left__gt=0)
        .order_by("available_on", "pk")
    )


def _redeemable(customer_id):
    return Member.objects.filter(
        customer_id=customer_id, status=MemberStatus.ACTIVE,
        project__status=ProjectStatus.ACTIVE, project__redeem_allowed=True,
    ).select_related("project").order_by("project__code", "pk")  # fmt: skip


@dataclass
class Piece:
    lot: LedgerEntry
    member: Member
    points: int

    @property
    def value(self) -> Decimal:
        return Decimal(self.points) * self.member.project.point_value


@dataclass
class Offer:
    """What a customer can pay with points now: how many, and what they are worth."""

    points: int
    value: Decimal
    pieces: list[Piece]


def _plan(members: list[Member], today: datetime.date, want: int | None) -> Offer:
    """Take ``want`` points (None: all) from the members' open lots, oldest first; never more
    than a member's available balance (a reversal may have left it below their lots)."""
    if not members:
        return Offer(0, Decimal("0.00"), [])
    by_pk = {m.pk: m for m in members}
    available = dict(
        LedgerEntry.objects.filter(member_id__in=by_pk, available_on__lte=today)
        .values("member_id").annotate(s=Sum("points")).values_list("member_id", "s").order_by()
    )  # fmt: skip
    room = {pk: max(0, available.get(pk, 0)) for pk in by_pk}
    pieces, taken = [], 0
    for lot in open_lots(list(by_pk), today):
        if want is not None and taken >= want:
            break
        n = min(lot.left, room[lot.member_id], *(() if want is None else (want - taken,)))
        if n <= 0:
            continue
        room[lot.member_id] -= n
        taken += n
        pieces.append(Piece(lot, by_pk[lot.member_id], n))
    value = sum((p.value for p in pieces), Decimal("0")).quantize(CENT, rounding=ROUND_DOWN)
    return Offer(taken, value, pieces)


def offer_for(customer, today: datetime.date | None = None) -> Offer:
    """All the points the customer could pay with today (for the checkout page; no lock)."""
    if not getattr(customer, "pk", None):
        return Offer(0, Decimal("0.00"), [])
    return _plan(list(_redeemable(customer.pk)), today or timezone.localdate(), None)


def quote(customer, points: int, goods: Decimal, today=None) -> Decimal:
    """What ``points`` are worth against ``goods`` (raises DomainError when the customer has not
    that many or they would pay more than the goods)."""
    offer = _plan(list(_redeemable(customer.pk)), today or timezone.localdate(), points)
    _check(offer, points, goods)
    return offer.value


def _check(offer: Offer, points: int, goods: Decimal) -> None:
    if offer.points < points:
        raise DomainError(
            _("You have %(n)d points available to pay with; %(asked)d were asked for.")
            % {"n": offer.points, "asked": points},
            code="not_enough_points",
        )
    if offer.value > goods:
        raise DomainError(
            _("Points can pay at most for the goods (¥%(goods)s); these are worth ¥%(value)s.")
            % {"goods": goods, "value": offer.value},
            code="points_over_goods",
        )


def spend_for_order(order, points) -> Decimal:
    """Pay part of ``order``'s goods with ``points`` of its customer (the hook
    ``orders.points_spend``, called inside the order's transaction): one redeem entry per lot
    taken from; returns their value in CNY, computed here from the projects' point values."""
    if isinstance(points, bool) or not isinstance(points, int) or not 0 < points <= MAX_SPEND:
        raise DomainError(_("Enter a whole number of points."), code="invalid")
    today = timezone.localdate()
    with transaction.atomic():
        # The lock every spender of this customer's points waits for.
        members = list(_redeemable(order.customer_id).select_for_update(of=("self",)))
        if not members:
            raise DomainError(_("None of your points can pay for orders."), code="no_points")
        offer = _plan(members, today, points)
        _check(offer, points, order.subtotal)
        who = customer_acting(order.customer)
        with audited(who):
            post([
                LedgerEntry(
                    project=p.member.project, member=p.member, kind=EntryKind.REDEEM,
                    points=-p.points, entry_source=EntrySource.ORDER, order_id=order.pk,
                    lot=p.lot, available_on=today,
                    reason=_("Paid for order %(n)s (¥%(v)s)")
                    % {"n": order.number, "v": p.value.quantize(CENT, rounding=ROUND_DOWN)},
                    **who.event_fields(),
                )
                for p in offer.pieces
            ])  # fmt: skip
    return offer.value


def refund_for_order(order_id: int, why: str = "") -> int:
    """Give back the points an order was paid with (the hook ``orders.status_changed`` when it is
    cancelled or returned): one refund entry per redeem entry, once — a refund names what it
    reverses (one-to-one), so a replay finds nothing left. The points go back to the lots they
    came from, with those lots' expiry. Returns the points given back."""
    today = timezone.localdate()
    with transaction.atomic():
        spent = LedgerEntry.objects.filter(
            order_id=order_id, kind=EntryKind.REDEEM, reversed_by__isnull=True
        )
        member_ids = set(spent.values_list("member_id", flat=True))
        if not member_ids:
            return 0
        list(Member.objects.select_for_update().filter(pk__in=member_ids).values_list("pk"))
        todo = list(spent.select_related("order", "lot"))
        who = system_acting()
        with audited(who):
            post([
                LedgerEntry(
                    project_id=e.project_id, member_id=e.member_id, kind=EntryKind.REFUND,
                    points=-e.points, entry_source=EntrySource.ORDER, order_id=order_id,
                    lot_id=e.lot_id, reverses=e, available_on=today,
                    reason=(_("Order %(n)s %(why)s: the points it was paid with are back")
                            % {"n": e.order.number, "why": why})[:300],
                    **who.event_fields(),
                )
                for e in todo
            ])  # fmt: skip
    return sum(-e.points for e in todo)


def points_paid(order_id: int) -> tuple[int, Decimal]:
    """(points, CNY) an order was paid with, net of what was given back."""
    rows = LedgerEntry.objects.filter(
        order_id=order_id, kind__in=[EntryKind.REDEEM, EntryKind.REFUND]
    ).select_related("project")
    points, value = 0, Decimal("0")
    for e in rows:
        points -= e.points
        value -= Decimal(e.points) * e.project.point_value
    return points, value.quantize(CENT, rounding=ROUND_DOWN)


# --- taking points from lots (reversals, adjustments) --------------------------------------


def take_fifo(
    member: Member, points: int, today: datetime.date, exclude: int | None = None
) -> list[tuple[LedgerEntry, int]]:
    """Split ``points`` (> 0) over the member's lots, oldest first; what no lot holds any more is
    taken from the newest lot (the balance goes below zero and is flagged for review)."""
    parts, left = [], points
    for lot in open_lots([member.pk], today).exclude(pk=exclude):
        n = min(lot.left, left)
        parts.append((lot, n))
        left -= n
        if not left:
            return parts
    newest = (
        LedgerEntry.objects.filter(member=member, lot__isnull=True, points__gt=0)
        .order_by("-available_on", "-pk")
        .first()
    )
    if newest is None:
        raise DomainError(_("The member has no earned points to take from."), code="no_points")
    parts.append((newest, left))
    return parts


# --- expiry --------------------------------------------------------------------------------


def expire_lots(*, today: datetime.date | None = None, limit: int = 5000) -> int:
    """Post an expiry of exactly what is left of every lot whose date has come (once: a second run
    finds nothing left). Points given back to an expired lot later expire on the next run."""
    today = today or timezone.localdate()
    due = list(
        LedgerEntry.objects.filter(lot__isnull=True, points__gt=0, expires_on__lte=today)
        .annotate(left=_left())
        .filter(left__gt=0)
        .values_list("pk", "member_id")[:limit]
    )
    posted = 0
    who = system_acting()
    for member_id in sorted({m for _pk, m in due}):
        ids = [pk for pk, m in due if m == member_id]
        with transaction.atomic(), audited(who):
            list(Member.objects.select_for_update().filter(pk=member_id).values_list("pk"))
            lots = list(
                LedgerEntry.objects.filter(pk__in=ids).annotate(left=_left()).filter(left__gt=0)
            )
            post([
                LedgerEntry(
                    project_id=lot.project_id, member_id=member_id, kind=EntryKind.EXPIRE,
                    points=-lot.left, entry_source=lot.entry_source, lot=lot,
                    available_on=lot.expires_on,
                    reason=_("%(n)d points earned on %(d)s expired on %(e)s")
                    % {"n": lot.left, "d": lot.available_on, "e": lot.expires_on},
                    **who.event_fields(),
                )
                for lot in lots
            ])  # fmt: skip
            posted += len(lots)
    return posted


def warn_expiring(*, today: datetime.date | None = None, limit: int = 5000) -> int:
    """Tell each member, once per lot, that points will expire within their project's warning
    days (an email; the account page lists every upcoming expiry anyway)."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=366)
    lots = list(
        LedgerEntry.objects.filter(
            lot__isnull=True, points__gt=0, expires_on__gt=today, expires_on__lte=horizon,
            expiry_warning__isnull=True,
        )
        .annotate(left=_left())
        .filter(left__gt=0)
        .select_related("project", "member")[:limit]
    )  # fmt: skip
    due = [lot for lot in lots if lot.expires_on <= today + datetime.timedelta(
        days=lot.project.warn_days)]  # fmt: skip
    if not due:
        return 0
    with transaction.atomic():
        ExpiryWarning.objects.bulk_create(
            [ExpiryWarning(lot=lot, points=lot.left) for lot in due], ignore_conflicts=True
        )
    emails = dict(
        get_user_model()
        .objects.filter(pk__in={lot.member.customer_id for lot in due})
        .exclude(email="")
        .values_list("pk", "email")
    )
    mails = [
        (
            _("Your points in %s will expire soon") % lot.project.name,
            _("%(n)d of your points in %(p)s expire on %(d)s. Spend them at checkout before then.")
            % {"n": lot.left, "p": lot.project.name, "d": lot.expires_on},
            None,
            [emails[lot.member.customer_id]],
        )
        for lot in due
        if lot.member.customer_id in emails
    ]
    if mails:
        from django.core.mail import send_mass_mail

        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(due)


def upcoming_expiries(entries, today: datetime.date) -> list[dict]:
    """Every future expiry of the given entries' lots: date, points left, project."""
    return [
        {"date": lot.expires_on, "points": lot.left, "project": lot.project}
        for lot in entries.filter(lot__isnull=True, points__gt=0, expires_on__gt=today)
        .annotate(left=_left())
        .filter(left__gt=0)
        .select_related("project")
        .order_by("expires_on", "pk")
    ]


# --- the nightly check ---------------------------------------------------------------------


def balances_check(*, who: Acting | None = None) -> BalanceCheck:
    """Recompute every member's balance, and every project's issued points, from the entries and
    compare them with the kept ones; any difference, and any balance below zero, becomes a work
    item for the process editor (and the manager sees the run). Returns the run's record."""
    from siteops.work.choices import WorkSource
    from siteops.work.services import item_create

    rows = list(
        Member.objects.annotate(actual=_points_of("member"))
        .filter(~Q(actual=F("balance")) | Q(actual__lt=0))
        .select_related("project", "customer")
        .values_list("pk", "project__code", "customer__username", "balance", "actual")
    )
    differ = [r for r in rows if r[3] != r[4]]
    negative = [r for r in rows if r[4] < 0]
    # Each project's issued points (what its budget is checked against) against its entries.
    projects = list(
        Project.objects.annotate(actual=_points_of("project", kind=EntryKind.EARN))
        .exclude(actual=F("issued_points"))
        .values_list("code", "issued_points", "actual")
    )
    lines = [
        _("%(p)s %(c)s: kept %(k)d, entries add up to %(a)d") % {"p": p, "c": c, "k": k, "a": a}
        for _pk, p, c, k, a in rows
    ] + [
        _("%(p)s: issued points kept %(k)d, earned entries add up to %(a)d")
        % {"p": p, "k": k, "a": a}
        for p, k, a in projects
    ]
    check = BalanceCheck.objects.create(
        members=Member.objects.count(),
        differences=len(differ) + len(projects),
        negatives=len(negative),
        detail="\n".join(lines)[:20000],
    )
    if differ or projects:
        item_create(
            actor=None, position="PRC", source=WorkSource.SYSTEM, subject=check,
            title=_("Points balances differ from their entries: %d members") % len(differ)
            if differ
            else _("Points issued differ from their entries: %d projects") % len(projects),
            description=check.detail,
        )  # fmt: skip
    return check


# --- manual adjustments ----------------------------------------------------------------------

ADJUST_PERM = "loyalty.adjust_points"
MAX_ADJUST = 10_000_000


def adjustment_request(*, actor=None, client=None, member: Member, points, reason: str):
    """A permitted position (from its login, or its system through the API: ``client``) asks to
    add or take points, with a reason; nothing is booked until a second person approves it
    (steps: see ``apps.py``)."""
    from siteops.approvals.services import approval_submit
    from siteops.core.inputs import InputError, clean_text, parse_int
    from siteops.org.acting import acting_for

    from .models import Adjustment

    who = acting_for(actor, ADJUST_PERM, client=client)
    try:
        n = parse_int(points, lo=-MAX_ADJUST, hi=MAX_ADJUST)
        reason = clean_text(reason, max_length=300)
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from exc
    if not n:
        raise DomainError(_("An adjustment adds or takes at least one point."), code="invalid")
    if not reason:
        raise DomainError(_("Give the reason for the adjustment."), code="invalid")
    if member.project.status != ProjectStatus.ACTIVE:
        raise IllegalTransition(_("Points are adjusted only in an active project."),
                                code="inactive")  # fmt: skip
    with transaction.atomic(), audited(who):
        adj = Adjustment.objects.create(member=member, points=n, reason=reason,
                                        requested_by=who.user)  # fmt: skip
        approval_submit(actor=actor, obj=adj, message=reason, who=who)
    return adj


def on_adjustment_approved(approval, who: Acting) -> None:
    """Book an approved adjustment: added points are a lot of their own (available today, valid
    as long as the project's points are); taken points come from the oldest lots first."""
    from .choices import AdjustmentStatus
    from .models import Adjustment

    adj = Adjustment.objects.select_related("member__project").get(pk=approval.object_id)
    if not Adjustment.objects.filter(pk=adj.pk, status=AdjustmentStatus.PENDING).update(
        status=AdjustmentStatus.BOOKED
    ):
        return  # decided already: booked once
    member = Member.objects.select_for_update().select_related("project").get(pk=adj.member_id)
    today = timezone.localdate()
    project = member.project
    reason = (_("Adjustment: %s") % adj.reason)[:300]
    common = {"project": project, "member": member, "kind": EntryKind.ADJUST,
              "entry_source": EntrySource.ADJUSTMENT, "available_on": today, "reason": reason}  # fmt: skip
    with audited(who):
        if adj.points > 0:
            valid = project.valid_days
            post([LedgerEntry(
                points=adj.points, expires_on=today + datetime.timedelta(days=valid)
                if valid else None, **common, **who.event_fields(),
            )])  # fmt: skip
        else:
            post([LedgerEntry(points=-n, lot=lot, **common, **who.event_fields())
                  for lot, n in take_fifo(member, -adj.points, today)])  # fmt: skip


def on_adjustment_rejected(approval, who: Acting) -> None:
    from .choices import AdjustmentStatus
    from .models import Adjustment

    Adjustment.objects.filter(pk=approval.object_id, status=AdjustmentStatus.PENDING).update(
        status=AdjustmentStatus.REJECTED
    )


def on_adjustment_cancelled(approval, who: Acting) -> None:
    from .choices import AdjustmentStatus
    from .models import Adjustment

    Adjustment.objects.filter(pk=approval.object_id, status=AdjustmentStatus.PENDING).update(
        status=AdjustmentStatus.WITHDRAWN
    )
