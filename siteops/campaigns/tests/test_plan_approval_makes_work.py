"""ACT-01/02, PLN: a plan approved by the planning lead (and the manager above the threshold)
approves the campaign's budget and hands each position its task once."""

from decimal import Decimal

import pytest

from siteops.approvals.services import approval_approve, approval_reject
from siteops.campaigns import services
from siteops.campaigns.choices import Stage
from siteops.campaigns.models import PlanTask
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.work.models import WorkItem

from .factories import approved, campaign

pytestmark = pytest.mark.django_db


def test_approval_creates_each_positions_task_once(activity_planner, planning_lead):
    c = approved(activity_planner, planning_lead, budget=Decimal("8000"))
    assert c.stage == Stage.APPROVED
    assert c.approved_budget == Decimal("8000")
    tasks = PlanTask.objects.filter(plan__campaign=c)
    assert sorted(t.position_code for t in tasks) == ["ART", "CPY", "MNT", "PED"]
    art = tasks.get(position_code="ART").work_item
    assert art.position.code == "ART"
    assert art.title == "为“春季大促”设计专题页"  # in the site language
    before = WorkItem.objects.count()
    from siteops.org.acting import system_acting

    assert services.plan_tasks_create(plan=c.plan, who=system_acting()) == []  # replay
    assert WorkItem.objects.count() == before


def test_big_budget_waits_for_the_manager(activity_planner, planning_lead, manager):
    c = campaign(activity_planner)
    plan, _ = services.plan_save(
        actor=activity_planner, campaign=c, title="大促", body="", budget=Decimal("50000")
    )
    approval = services.plan_submit(actor=activity_planner, plan=plan)
    approval_approve(actor=planning_lead, approval=approval)
    c.refresh_from_db()
    assert c.stage == Stage.PROPOSED and not PlanTask.objects.exists()
    approval_approve(actor=manager, approval=approval)
    c.refresh_from_db()
    assert c.stage == Stage.APPROVED and PlanTask.objects.filter(plan=plan).count() == 4


def test_rejection_returns_the_campaign_to_idea(activity_planner, planning_lead):
    c = campaign(activity_planner)
    plan, _ = services.plan_save(
        actor=activity_planner, campaign=c, title="大促", body="", budget=Decimal("100")
    )
    approval = services.plan_submit(actor=activity_planner, plan=plan)
    approval_reject(actor=planning_lead, approval=approval, comment="预算不清楚")
    c.refresh_from_db()
    assert c.stage == Stage.IDEA
    services.plan_save(
        actor=activity_planner, campaign=c, title="大促 v2", body="明细", budget=Decimal("100")
    )  # the plan can be reworked


def test_only_the_planner_writes_plans(promotion, activity_planner):
    c = campaign(activity_planner)
    with pytest.raises(NotAllowed):
        services.plan_save(actor=promotion, campaign=c, title="x", body="", budget=Decimal("1"))


def test_stage_table(activity_planner, planning_lead):
    c = approved(activity_planner, planning_lead)
    with pytest.raises(IllegalTransition):
        services.campaign_move(actor=activity_planner, campaign=c, action="launch")
    services.campaign_move(actor=activity_planner, campaign=c, action="prepare")
    services.campaign_move(actor=activity_planner, campaign=c, action="launch")
    services.campaign_move(actor=activity_planner, campaign=c, action="close")
    from siteops.core.errors import DomainError

    with pytest.raises(DomainError):  # no review written yet
        services.campaign_move(actor=activity_planner, campaign=c, action="review")
    c.review = "订单达成 80%，预算结余 500 元"
    services.campaign_save(actor=activity_planner, campaign=c)
    services.campaign_move(actor=activity_planner, campaign=c, action="review")
    c.refresh_from_db()
    assert c.stage == Stage.REVIEWED
    assert list(c.events.values_list("action", flat=True))[-4:] == [
        "launch", "close", "changed", "review"
    ]  # fmt: skip


def test_job_closes_ended_campaigns_once(activity_planner, planning_lead):
    import datetime

    c = approved(activity_planner, planning_lead)
    services.campaign_move(actor=activity_planner, campaign=c, action="prepare")
    services.campaign_move(actor=activity_planner, campaign=c, action="launch")
    later = c.end + datetime.timedelta(days=1)
    assert services.campaigns_close_ended(later) == 1
    assert services.campaigns_close_ended(later) == 0
    c.refresh_from_db()
    assert c.stage == Stage.CLOSED
