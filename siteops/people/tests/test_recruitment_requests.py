"""Recruitment requests: the manager asks HR; beyond the plan is refused with the numbers."""

import pytest
from django.utils import timezone

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.org.models import Position
from siteops.people import services
from siteops.people.models import RecruitmentEvent, StaffingPlanLine

from .factories import recruitment

pytestmark = pytest.mark.django_db


def test_approving_beyond_the_planned_headcount_is_refused_with_the_numbers(
    manager, hr, product_editor
):
    # PED: headcount 2, one holder; a request for 2 would make 3.
    req = recruitment(manager, "PED", number=2)
    with pytest.raises(DomainError) as exc:
        services.recruitment_move(actor=hr, request=req, action="approve")
    text = str(exc.value)
    assert "2" in text and "1" in text and "3 > 2" in text
    req.refresh_from_db()
    assert req.status == "pending"


def test_the_approved_plan_raises_the_ceiling(manager, hr, leader, product_editor):
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve

    plan = services.plan_create(actor=manager, year=timezone.localdate().year)
    StaffingPlanLine.objects.filter(plan=plan, position__code="PED").update(planned=3)
    approval = services.plan_submit(actor=manager, plan=plan)
    approval_approve(actor=leader, approval=approval)
    approval_approve(actor=hr, approval=Approval.objects.get(pk=approval.pk))
    req = recruitment(manager, "PED", number=2)
    assert services.recruitment_move(actor=hr, request=req, action="approve").status == "approved"
    # A second request would exceed the plan now that two are being recruited.
    second = recruitment(manager, "PED", number=1)
    with pytest.raises(DomainError):
        services.recruitment_move(actor=hr, request=second, action="approve")


def test_states_follow_the_table(manager, hr):
    req = recruitment(manager, "ART")
    with pytest.raises(IllegalTransition):
        services.recruitment_move(actor=hr, request=req, action="fill")
    for action, status in [("approve", "approved"), ("open", "open"), ("hold", "on_hold"),
                           ("resume", "open"), ("cancel", "cancelled")]:  # fmt: skip
        assert services.recruitment_move(actor=hr, request=req, action=action).status == status
    assert req.events.count() == 6
    assert RecruitmentEvent.objects.filter(request=req, action="approve").get().position_code == (
        "HR-ADM"
    )
    with pytest.raises(IllegalTransition):
        services.recruitment_move(actor=hr, request=req, action="open")


def test_only_hr_approves_and_only_the_manager_requests(manager, chief_editor, hr):
    req = recruitment(manager, "ART")
    with pytest.raises(NotAllowed):
        services.recruitment_move(actor=manager, request=req, action="approve")
    with pytest.raises(NotAllowed):
        services.recruitment_move(actor=chief_editor, request=req, action="cancel")
    with pytest.raises(NotAllowed):
        recruitment(chief_editor, "ART")
    with pytest.raises(NotAllowed):
        recruitment(hr, "ART")
    assert services.recruitment_move(actor=manager, request=req, action="cancel").status == (
        "cancelled"
    )


def test_other_departments_positions_are_not_requested_here(manager):
    with pytest.raises(NotAllowed):
        recruitment(manager, "PUR-COL")
    assert Position.objects.get(code="PUR-COL")
