"""Purchasing submits a plan: work for the product editor and, per ad needing an image, for the
art editor (vacant in the test org, so resolve() hands it to the product editor, PED-09)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.merch import services
from siteops.merch.choices import PlanStatus
from siteops.merch.models import PlanEvent
from siteops.work.models import WorkItem

from .factories import ad_position, hours, product, shelf

pytestmark = pytest.mark.django_db


def make_plan(actor, *, ads=1):
    plan = services.plan_create(actor=actor, title="十二月货架", period_start=hours(24),
                                period_end=hours(24 * 8))  # fmt: skip
    services.plan_item_add(actor=actor, plan=plan, shelf=shelf(), product=product(), order=1)
    for i in range(ads):
        services.ad_request_add(actor=actor, plan=plan, position=ad_position(),
                                brief=f"年终大促 {i}", link="https://example.com/sale")  # fmt: skip
    return plan


def work_about(obj):
    ct = ContentType.objects.get_for_model(obj)
    return WorkItem.objects.filter(subject_type=ct, subject_id=str(obj.pk))


def test_submit_creates_work_for_ped_and_art(purchasing, product_editor):
    plan = make_plan(purchasing, ads=2)
    assert plan.department.code == "PUR"
    services.plan_submit(actor=purchasing, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_position_code == "PUR-COL"
    ped = work_about(plan).get()
    assert ped.position.code == "PED" and ped.requester == purchasing
    for req in plan.ad_requests.all():
        art = work_about(req).get()
        assert art.position.code == "ART"
        assert product_editor in art.assignees.all()  # ART vacant: PED-09 covers
    assert PlanEvent.objects.filter(plan=plan, to_status="submitted").count() == 1


def test_submit_twice_is_refused_and_adds_no_work(purchasing):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    before = WorkItem.objects.count()
    with pytest.raises(IllegalTransition):
        services.plan_submit(actor=purchasing, plan=plan)
    assert WorkItem.objects.count() == before


def test_empty_plan_cannot_be_submitted(purchasing):
    plan = services.plan_create(actor=purchasing, title="空", period_start=hours(1),
                                period_end=hours(2))  # fmt: skip
    with pytest.raises(Exception, match="at least one|至少"):
        services.plan_submit(actor=purchasing, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not WorkItem.objects.exists()


def test_others_may_not_make_plans(warehouse, product_editor):
    for who in (warehouse, product_editor):
        with pytest.raises(NotAllowed):
            services.plan_create(actor=who, title="x", period_start=hours(1), period_end=hours(2))


def test_return_closes_editor_work_and_resubmit_reopens(purchasing, product_editor):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    services.plan_return(actor=product_editor, plan=plan, reason="缺少 3 号货架")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.return_reason == "缺少 3 号货架"
    assert work_about(plan).get().status in ("done", "cancelled")
    services.plan_submit(actor=purchasing, plan=plan)
    assert work_about(plan).filter(status="open").count() == 1
    # the art work is not duplicated on resubmission
    req = plan.ad_requests.get()
    assert work_about(req).count() == 1


def test_return_needs_a_reason(purchasing, product_editor):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    with pytest.raises(Exception, match="Say why|说明"):
        services.plan_return(actor=product_editor, plan=plan, reason="  ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_submitted_plan_cannot_be_edited_by_purchasing(purchasing):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    with pytest.raises(IllegalTransition):
        services.plan_item_add(actor=purchasing, plan=plan, shelf=shelf(), product=product())


def test_completing_the_plan_closes_all_its_work(purchasing, product_editor):
    plan = make_plan(purchasing, ads=1)
    services.plan_submit(actor=purchasing, plan=plan)
    services.plan_start(actor=product_editor, plan=plan)
    services.plan_complete(actor=product_editor, plan=plan)
    assert not WorkItem.objects.active().exists()
    events = list(PlanEvent.objects.filter(plan=plan).values_list("to_status", "position_code"))
    assert events == [("submitted", "PUR-COL"), ("in_progress", "PED"), ("done", "PED")]


def test_work_items_link_to_the_screens(purchasing):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    assert f'href="/backoffice/merch/plans/{plan.pk}/"' in work_about(plan).get().description
    art = work_about(plan.ad_requests.get()).get()
    assert 'href="/backoffice/merch/art/"' in art.description and "年终大促" in art.description
