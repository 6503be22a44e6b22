"""Approval by a second person: steps by position from the rule, the submitter never approves
their own submission (also when acting for the approver position), one pending approval per
object, a rejection's comment reaches the author and every earlier approver."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.choices import ApprovalAction, ApprovalStatus, StepStatus
from siteops.approvals.models import Approval, ApprovalRule, ApprovalRuleStep
from siteops.approvals.selectors import waiting_for
from siteops.approvals.services import (
    approval_approve,
    approval_cancel,
    approval_reject,
    approval_submit,
    approvers,
    current_step,
)
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.revisions import revision_save
from siteops.org.models import Position
from siteops.work.models import Notification
from tests.testapp import models as testapp

pytestmark = pytest.mark.django_db


def codes(approval):
    return [s.position.code for s in approval.steps.order_by("order")]


def test_steps_follow_the_rule_and_the_value(policy, product_editor):
    small = approval_submit(actor=product_editor, obj=policy)
    assert codes(small) == ["CE"]
    assert (small.position_code, small.actor) == ("PED", product_editor)
    approval_cancel(actor=product_editor, approval=small)
    policy.budget = Decimal("25000")
    policy.save()
    big = approval_submit(actor=product_editor, obj=policy)
    assert codes(big) == ["CE", "MGR"] and big.value == Decimal("25000.00")
    assert big.events.get().action == ApprovalAction.SUBMITTED


def test_a_rule_in_the_back_office_replaces_the_default_steps(policy, product_editor):
    rule = ApprovalRule.objects.create(kind="testapp.policy")
    ApprovalRuleStep.objects.create(rule=rule, order=1, position=Position.objects.get(code="PLN"))
    ApprovalRuleStep.objects.create(
        rule=rule, order=2, position=Position.objects.get(code="LEAD"), min_value=Decimal("5")
    )
    assert codes(approval_submit(actor=product_editor, obj=policy)) == ["PLN"]


def test_submitter_holding_the_approver_position_cannot_approve(policy, chief_editor, manager):
    approval = approval_submit(actor=chief_editor, obj=policy)  # CE submits a CE-approved kind
    with pytest.raises(NotAllowed) as exc:
        approval_approve(actor=chief_editor, approval=approval)
    assert exc.value.code == "own_submission"
    # the step goes to the next person up, never back to the submitter
    users, _res = approvers(approval, current_step(approval))
    assert [u.pk for u in users] == [manager.pk]
    assert [a.pk for a in waiting_for(chief_editor)] == []
    assert [a.pk for a in waiting_for(manager)] == [approval.pk]
    approval_approve(actor=manager, approval=approval)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED


def test_submitter_acting_for_the_approver_position_is_refused(policy, manager):
    # CE is vacant; this person acts for it (and so has its permissions) and submits.
    acting_ce = make_staff("acting_ce", "CE", kind="acting", end=timezone.localdate())
    approval = approval_submit(actor=acting_ce, obj=policy)
    assert (approval.position_code, approval.acting) == ("CE", True)
    for decide in (
        lambda: approval_approve(actor=acting_ce, approval=approval),
        lambda: approval_reject(actor=acting_ce, approval=approval, comment="self"),
    ):
        with pytest.raises(NotAllowed) as exc:
            decide()
        assert exc.value.code == "own_submission"
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING and approval.events.count() == 1
    assert waiting_for(acting_ce) == []
    approval_approve(actor=manager, approval=approval)  # the superior decides instead
    event = approval.events.get(action=ApprovalAction.APPROVED)
    assert (event.actor, event.position_code, event.acting) == (manager, "CE", True)


def test_one_person_approves_one_step_only(policy, product_editor, chief_editor, leader):
    policy.budget = Decimal("20000")
    policy.save()
    # the manager's post is vacant; the chief editor acts for it, so MGR would resolve to them
    make_staff("chief_editor", "MGR", kind="acting", end=timezone.localdate())
    approval = approval_submit(actor=product_editor, obj=policy)
    approval_approve(actor=chief_editor, approval=approval)
    with pytest.raises(NotAllowed) as exc:
        approval_approve(actor=chief_editor, approval=approval)
    assert exc.value.code == "earlier_approver"
    assert [a.pk for a in waiting_for(leader)] == [approval.pk]
    approval_approve(actor=leader, approval=approval)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED


def test_a_second_pending_submission_is_refused(policy, product_editor, chief_editor):
    approval_submit(actor=product_editor, obj=policy)
    with pytest.raises(IllegalTransition) as exc:
        approval_submit(actor=chief_editor, obj=policy)
    assert exc.value.code == "already_pending"
    assert Approval.objects.filter(object_id=policy.pk).count() == 1


def test_the_database_refuses_a_second_pending_row(policy, product_editor):
    first = approval_submit(actor=product_editor, obj=policy)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(
            kind=first.kind, content_type=first.content_type, object_id=policy.pk,
            object_label="dup", actor=product_editor,
        )  # fmt: skip
    approval_cancel(actor=product_editor, approval=first)
    # once decided, the object may be submitted again
    assert approval_submit(actor=product_editor, obj=policy).status == ApprovalStatus.PENDING


def test_rejection_reaches_the_author_and_every_earlier_approver(
    policy, product_editor, chief_editor, manager, django_capture_on_commit_callbacks
):
    policy.budget = Decimal("50000")
    policy.save()
    approval = approval_submit(actor=product_editor, obj=policy)
    approval_approve(actor=chief_editor, approval=approval, comment="fine by me")
    assert current_step(approval).position.code == "MGR"
    with pytest.raises(DomainError) as exc:
        approval_reject(actor=manager, approval=approval, comment="   ")
    assert exc.value.code == "comment_required"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approval_reject(actor=manager, approval=approval, comment="Budget too high for Q3")
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.REJECTED and approval.decided_at
    assert [s.status for s in approval.steps.order_by("order")] == [
        StepStatus.APPROVED,
        StepStatus.REJECTED,
    ]
    told = Notification.objects.filter(message__contains="Budget too high for Q3")
    assert {n.user for n in told} == {product_editor, chief_editor}
    assert all(n.link.endswith(f"/approvals/{approval.pk}/") and n.item is None for n in told)
    recipients = {r for m in mail.outbox if "Budget too high for Q3" in m.body for r in m.to}
    assert recipients == {product_editor.email, chief_editor.email}
    assert ("rejected", approval.pk) in testapp.OUTCOMES


def test_approval_publishes_the_submitted_revision(policy, product_editor, chief_editor):
    rev = revision_save(actor=product_editor, obj=policy, data={"body": "New text"})
    approval = approval_submit(actor=product_editor, obj=policy, revision=rev)
    notice = Notification.objects.get(user=chief_editor)
    assert "Returns policy" in notice.message
    approval_approve(actor=chief_editor, approval=approval)
    policy.refresh_from_db()
    assert policy.live_revision == rev and policy.body == "New text"
    assert ("approved", approval.pk) in testapp.OUTCOMES
    assert Notification.objects.filter(user=product_editor, kind="done").exists()
    with pytest.raises(IllegalTransition):
        approval_approve(actor=chief_editor, approval=approval)


def test_stale_decision_changes_nothing(policy, product_editor, chief_editor, manager):
    policy.budget = Decimal("50000")
    policy.save()
    approval = approval_submit(actor=product_editor, obj=policy)
    stale = Approval.objects.get(pk=approval.pk)
    approval_approve(actor=chief_editor, approval=approval)
    # the manager's screen still shows step 1; deciding from it acts on the current state
    approval_approve(actor=manager, approval=stale)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.events.filter(action=ApprovalAction.APPROVED).count() == 2


def test_withdraw(policy, product_editor, chief_editor, manager):
    approval = approval_submit(actor=product_editor, obj=policy)
    with pytest.raises(NotAllowed):
        approval_cancel(actor=chief_editor, approval=approval)
    approval_cancel(actor=manager, approval=approval, reason="wrong draft")
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.CANCELLED
    assert approval.steps.get().status == StepStatus.CANCELLED
    assert ("cancelled", approval.pk) in testapp.OUTCOMES
    with pytest.raises(IllegalTransition):
        approval_cancel(actor=product_editor, approval=approval)


def test_submitting_needs_the_kinds_permission(policy, warehouse):
    with pytest.raises(NotAllowed):
        approval_submit(actor=warehouse, obj=policy)
    assert not Approval.objects.exists()
