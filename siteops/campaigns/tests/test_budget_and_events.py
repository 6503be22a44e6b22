"""Budget commitments beyond the approved budget wait for the manager; an offline event takes no more people than
its capacity; two campaigns on the same shelf on overlapping dates are flagged."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from siteops.campaigns import selectors, services
from siteops.campaigns.models import OfflineEvent, OverBudgetRequest
from siteops.core.errors import DomainError, IllegalTransition

from .factories import approved, campaign

pytestmark = pytest.mark.django_db


def test_commit_beyond_the_approved_budget_waits_for_the_manager(
    activity_planner, planning_lead, manager
):
    from siteops.approvals.services import approval_approve, approval_reject

    c = approved(activity_planner, planning_lead, budget=Decimal("5000"))
    line = services.budget_line_add(
        actor=activity_planner, campaign=c, category="media", description="论坛置顶",
        planned=Decimal("3000"),
    )  # fmt: skip
    services.budget_commit(actor=activity_planner, line=line, amount=Decimal("4000"))
    over = services.budget_commit(actor=activity_planner, line=line, amount=Decimal("1000.01"))
    assert isinstance(over, OverBudgetRequest) and over.status == "pending"
    line.refresh_from_db()
    assert line.committed == Decimal("4000")  # nothing committed while it waits
    with pytest.raises(DomainError) as twice:
        services.budget_commit(actor=activity_planner, line=line, amount=Decimal("2000"))
    assert twice.value.code == "already_pending"
    approval = _approval(over)
    with pytest.raises(DomainError):  # the planning lead is not the manager
        approval_approve(actor=planning_lead, approval=approval)
    approval_reject(actor=manager, approval=approval, comment="先用完现有预算")
    over.refresh_from_db()
    line.refresh_from_db()
    assert over.status == "rejected" and line.committed == Decimal("4000")
    services.budget_commit(actor=activity_planner, line=line, amount=Decimal("1000"))
    more = services.budget_commit(actor=activity_planner, line=line, amount=Decimal("500"))
    approval_approve(actor=manager, approval=_approval(more))
    line.refresh_from_db()
    c.refresh_from_db()
    assert line.committed == Decimal("5500") == c.approved_budget
    assert OverBudgetRequest.objects.get(pk=more.pk).status == "approved"
    approval_approve_again = _approval(more)
    assert approval_approve_again.status == "approved"


def test_commit_within_the_budget_then_spend(activity_planner, planning_lead):
    c = approved(activity_planner, planning_lead, budget=Decimal("5000"))
    line = services.budget_line_add(
        actor=activity_planner, campaign=c, category="media", description="论坛置顶",
        planned=Decimal("3000"),
    )  # fmt: skip
    services.budget_commit(actor=activity_planner, line=line, amount=Decimal("4000"))
    services.budget_commit(actor=activity_planner, line=line, amount=Decimal("1000"))
    services.budget_spend(actor=activity_planner, line=line, amount=Decimal("2800"))
    line.refresh_from_db()
    assert (line.committed, line.actual, line.variance) == (
        Decimal("5000"), Decimal("2800"), Decimal("200")
    )  # fmt: skip
    totals = selectors.budget_totals(c)
    assert totals["left"] == Decimal("0")


def _approval(request):
    from django.contrib.contenttypes.models import ContentType

    from siteops.approvals.models import Approval

    return Approval.objects.get(
        content_type=ContentType.objects.get_for_model(OverBudgetRequest), object_id=request.pk
    )


def test_no_commitment_before_approval(activity_planner):
    c = campaign(activity_planner)
    line = services.budget_line_add(
        actor=activity_planner,
        campaign=c,
        category="prizes",
        description="奖品",
        planned=Decimal("1"),
    )
    with pytest.raises(IllegalTransition):
        services.budget_commit(actor=activity_planner, line=line, amount=Decimal("1"))


def test_registration_beyond_capacity_is_refused(activity_planner):
    c = campaign(activity_planner, kind="offline_event")
    now = timezone.now()
    ev = OfflineEvent.objects.create(
        campaign=c, title="读者见面会", venue="上海书城", starts_at=now, ends_at=now, capacity=2
    )
    services.registration_add(actor=activity_planner, event=ev, name="张三", phone="13800000001")
    with pytest.raises(DomainError):
        services.registration_add(
            actor=activity_planner, event=ev, name="张三", phone="13800000001"
        )
    services.registration_add(actor=activity_planner, event=ev, name="李四", phone="13800000002")
    with pytest.raises(DomainError) as e:
        services.registration_add(
            actor=activity_planner, event=ev, name="王五", phone="13800000003"
        )
    assert e.value.code == "full"
    ev.refresh_from_db()
    assert ev.registered == 2 == ev.registrations.count()


def test_same_shelf_overlapping_dates_collide(activity_planner):
    from siteops.merch.models import Shelf

    shelf = Shelf.objects.create(
        code="home-hot", name="首页热卖", kind=Shelf._meta.get_field("kind").choices[0][0]
    )
    a = campaign(activity_planner, code="a-sale", shelf=shelf, days=(0, 10))
    b = campaign(activity_planner, code="b-sale", shelf=shelf, days=(5, 20))
    cc = campaign(activity_planner, code="c-sale", shelf=shelf, days=(11, 20))
    for x in (a, b, cc):
        x.stage = "proposed"
        x.save(update_fields=["stage"])
    assert list(selectors.collisions(a)) == [b]
    assert set(selectors.collisions(b)) == {a, cc}
    day = a.start + datetime.timedelta(days=6)
    grid = selectors.month(activity_planner, day.year, day.month)
    cells = {d["date"]: d for w in grid["weeks"] for d in w}
    assert cells[day]["clash"] is True
