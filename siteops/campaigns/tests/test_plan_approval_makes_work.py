"""ACT-01/02, PLN: a plan approved by the planning lead (and the manager above the threshold)
approves the campaign's budget and hands each position its task once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from siteops.approvals.services import approval_approve, approval_reject
from siteops.campaigns import services
from siteops.campaigns.choices import Stage
from siteops.campaigns.models import PlanTask
from siteops.content.models import DesignRequest
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
    art_task = tasks.get(position_code="ART")
    art = art_task.work_item
    assert art.position.code == "ART"
    assert art.title == "为“春季大促”设计专题页"  # in the site language
    # The art editor's task is a content design request (brief, proofs), the work about it.
    request = art_task.design_request
    assert request is not None and request.status == "open"
    assert request.requested_position_code == "PLN" and request.deadline == c.start
    assert "春季大促策划案" in request.purpose and "论坛软文" in request.purpose
    assert art.subject == request
    assert WorkItem.objects.filter(position__code="ART").count() == 1  # not one more from content
    # The other positions get plain work items about the campaign.
    assert all(t.design_request is None for t in tasks.exclude(position_code="ART"))
    assert tasks.get(position_code="CPY").work_item.subject == c
    before = WorkItem.objects.count(), DesignRequest.objects.count()
    from siteops.org.acting import system_acting

    assert services.plan_tasks_create(plan=c.plan, who=system_acting()) == []  # replay
    assert (WorkItem.objects.count(), DesignRequest.objects.count()) == before


def test_the_approved_final_design_finishes_the_art_editors_task(
    activity_planner, planning_lead, settings, tmp_path, client
):
    """The art editor answers the campaign's request with proof rounds in the content app; the
    planner's approval of the final finishes the task the campaign page shows."""
    from conftest import make_staff
    from siteops.content import design
    from siteops.content.tests.test_design import png

    art_editor = make_staff("art1", "ART")
    settings.MEDIA_ROOT = tmp_path
    c = approved(activity_planner, planning_lead)
    task = PlanTask.objects.get(plan__campaign=c, position_code="ART")
    req = task.design_request
    concept = design.proof_submit(actor=art_editor, req=req, kind="concept", image=png())
    design.round_decide(actor=activity_planner, rnd=concept, approve=True)
    final = design.proof_submit(actor=art_editor, req=req, kind="final", image=png("f.png"))
    design.round_decide(actor=activity_planner, rnd=final, approve=True)
    task.work_item.refresh_from_db()
    assert task.work_item.status == "done"
    client.force_login(activity_planner)
    page = client.get(reverse("admin:campaigns_campaign_page", args=[c.pk])).content.decode()
    assert f"/content/design/{req.pk}/" in page and "设计需求" in page
    # the planning lead, in whose name the plan's approval opened the request, follows it too
    client.force_login(planning_lead)
    assert client.get(f"/backoffice/content/design/{req.pk}/").status_code == 200


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
