"""Points handed out for the asking (领取, MNT-02): a customer claims a pool's points once; at most
``cap`` claims per pool, exactly, however many customers press the button at the same moment.

The pool is named by whoever offers it (the topic page's points claim block in
``siteops.campaigns.blocks``: ``page:<page id>:<block key>``); this module knows nothing of pages,
so content and loyalty stay apart (same layer, see docs/architecture.md).

One claim, in one transaction: the customer is a shop customer, the project is open for earning,
the customer has not claimed from this pool, the project's budget holds, a place is taken with a
conditional UPDATE (``claimed < cap``; PostgreSQL re-checks the condition on the locked row,
SQLite's IMMEDIATE transaction serialises writers), the customer becomes a member if
they were not, one ``earn`` entry is posted through ``ledger.post`` — which raises the project's
issued points with a conditional UPDATE too (``issued + points <= budget``), so the budget is as
exact as the cap — and the claim row is kept (unique per pool and customer: a double submit or a
replay rolls back whole).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.org.acting import audited, customer_acting

from . import ledger
from .choices import EntryKind, EntrySource, MemberStatus, ProjectStatus
from .models import Claim, ClaimPool, LedgerEntry, Member, Project

MAX_POINTS = 100_000  # points of one claim
MAX_CAP = 1_000_000  # claims of one pool


def project_open_for_earning(project: Project | None, today: datetime.date | None = None) -> bool:
    """Active, and today within its dates (a project whose end has passed awards nothing)."""
    if project is None or project.status != ProjectStatus.ACTIVE:
        return False
    today = today or timezone.localdate()
    if project.starts_on and today < project.starts_on:
        return False
    return not (project.ends_on and today > project.ends_on)


def _is_shop_customer(user) -> bool:
    from siteops.org.services import is_customer

    return bool(getattr(user, "is_authenticated", False) and user.is_active and is_customer(user))


def member_for_claim(project: Project, customer, today: datetime.date) -> Member:
    """The customer's membership of ``project``, made now when they have none (a claim is how
    a shop customer joins a project themself; the process editor's imports are the other way).
    Refused when the membership is suspended or ended."""
    member = Member.objects.filter(project=project, customer=customer).first()
    if member is None:
        try:
            with transaction.atomic():
                member = Member.objects.create(project=project, customer=customer, joined_on=today)
        except IntegrityError:  # joined meanwhile through another claim
            member = Member.objects.get(project=project, customer=customer)
    if member.status != MemberStatus.ACTIVE:
        raise NotAllowed(
            _("Your membership of this points project is suspended or ended."),
            code="member_inactive",
        )
    return member


def points_claim(
    *, customer, project_code: str, ref: str, label: str, points: int, cap: int, link: str = ""
) -> Claim:
    """``customer`` claims ``points`` of ``project_code`` from the pool ``ref`` (at most ``cap``
    claims in all, one per customer). Raises DomainError with a code: ``not_customer``,
    ``ended``, ``claimed``, ``all_claimed``, ``over_budget``, ``member_inactive``, ``invalid``."""
    if not _is_shop_customer(customer):
        raise NotAllowed(_("Only shop customers can claim points."), code="not_customer")
    for value, hi in ((points, MAX_POINTS), (cap, MAX_CAP)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= hi:
            raise DomainError(_("This points claim is not set up correctly."), code="invalid")
    ref, label, link = str(ref)[:120], str(label)[:200], str(link)[:300]
    today = timezone.localdate()
    who = customer_acting(customer)
    with transaction.atomic(), audited(who):
        project = Project.objects.filter(code=project_code).first()
        if not project_open_for_earning(project, today):
            raise IllegalTransition(_("This points claim has ended."), code="ended")
        pool = ClaimPool.objects.filter(project=project, ref=ref).first()
        if pool is None:
            try:
                with transaction.atomic():
                    pool = ClaimPool.objects.create(project=project, ref=ref, label=label,
                                                    link=link, points=points, cap=cap)  # fmt: skip
            except IntegrityError:  # the first claims of a pool, at the same moment
                pool = ClaimPool.objects.get(project=project, ref=ref)
        if Claim.objects.filter(pool=pool, customer=customer).exists():
            raise IllegalTransition(_("You have already claimed these points."), code="claimed")
        if pool.claimed >= cap:  # all taken already (the UPDATE below is what decides)
            raise IllegalTransition(_("All of these points have been claimed."),
                                    code="all_claimed")  # fmt: skip
        # The project's budget, as read (a clear refusal before a place is taken); the
        # posting below re-checks it on the project's locked row, so it is exact too.
        if project.issued_points + points > project.budget_points:
            raise IllegalTransition(
                _("The points project has no budget left for this claim."), code="over_budget"
            )
        # The place: a conditional UPDATE, so the cap holds under concurrency. The pool also
        # takes the block's current settings (the editor may have changed them).
        if not ClaimPool.objects.filter(pk=pool.pk, claimed__lt=cap).update(
            claimed=F("claimed") + 1, cap=cap, points=points, label=label, link=link
        ):
            raise IllegalTransition(_("All of these points have been claimed."),
                                    code="all_claimed")  # fmt: skip
        # The pool's row is locked from here to the commit: its claims pass one at a time.
        member = member_for_claim(project, customer, today)
        valid = project.valid_days
        (entry,) = ledger.post([
            LedgerEntry(
                project=project, member=member, kind=EntryKind.EARN, points=points,
                entry_source=EntrySource.CLAIM, available_on=today,
                expires_on=today + datetime.timedelta(days=valid) if valid else None,
                reason=(_("Claimed: %(where)s") % {"where": label})[:300],
                **who.event_fields(),
            )
        ], within_budget=True)  # fmt: skip
        claim = Claim(pool=pool, customer=customer, member=member, entry=entry)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            # The same customer's other request won meanwhile: everything above rolls back.
            raise IllegalTransition(
                _("You have already claimed these points."), code="claimed"
            ) from None
    return claim


def claim_state(customer, *, project_code: str, ref: str, cap: int) -> str:
    """What the claim button shows ``customer``: ``claimed`` (they have), ``not_customer``,
    ``ended`` (the project no longer awards points), ``all_claimed``, or ``open``."""
    if _is_shop_customer(customer):
        if Claim.objects.filter(pool__project__code=project_code, pool__ref=ref,
                                customer=customer).exists():  # fmt: skip
            return "claimed"
    else:
        return "not_customer"
    project = Project.objects.filter(code=project_code).first()
    if not project_open_for_earning(project):
        return "ended"
    claimed = (
        ClaimPool.objects.filter(project=project, ref=ref).values_list("claimed", flat=True).first()
    )
    if claimed is not None and claimed >= cap:
        return "all_claimed"
    return "open"
