"""What waits for a person is found through a narrow query first (issue #20): the positions
whose steps they could be asked to decide. It must find exactly what reading every pending
approval and walking its approvers finds, for holders, acting holders, a superior covering a
vacant post, an earlier approver, the submitter and an administrator, and it must follow an
appointment change at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.choices import ApprovalStatus
from siteops.approvals.models import Approval
from siteops.approvals.selectors import PENDING_SCAN, approver_scope, waiting_for
from siteops.approvals.services import approval_approve, approval_submit, approvers, current_step
from siteops.org.models import PositionAssignment
from siteops.org.selectors import Staffing
from tests.testapp.models import Policy

pytestmark = pytest.mark.django_db


def every_pending_read(user) -> list[int]:
    """The slow way: every pending approval, its current step's approvers walked in full."""
    staffing = Staffing.current()
    found = []
    for approval in Approval.objects.filter(status=ApprovalStatus.PENDING).order_by("at", "pk"):
        if approval.actor_id == user.pk:
            continue
        step = current_step(approval)
        if step is not None and user.pk in {u.pk for u in approvers(approval, step, staffing)[0]}:
            found.append(approval.pk)
    return found


def submit(actor, title, budget="100"):
    policy = Policy.objects.create(title=title, summary="s", body="b", budget=Decimal(budget))
    return approval_submit(actor=actor, obj=policy)


@pytest.fixture
def approvals(policy_perms, product_editor, chief_editor, manager, leader):
    submit(product_editor, "small")  # CE decides
    big = submit(product_editor, "big", "25000")  # CE, then MGR
    approval_approve(actor=chief_editor, approval=big)  # now at MGR; CE approved step 1
    submit(chief_editor, "own")  # CE submits a CE step: it goes up to the manager
    submit(product_editor, "another")  # CE decides
    return Approval.objects.filter(status=ApprovalStatus.PENDING).count()


def people(superuser):
    names = ["product_editor", "chief_editor", "manager", "leader", "acting_mgr", "root"]
    from siteops.org.models import User

    return [User.objects.get(username=n) for n in names if User.objects.filter(username=n).exists()]


def test_the_narrow_query_finds_what_reading_everything_finds(approvals, superuser):
    assert approvals == 4
    for user in people(superuser):
        assert [a.pk for a in waiting_for(user, limit=PENDING_SCAN)] == every_pending_read(user)
    # Someone waits in every case, and not everyone waits for the same.
    assert {len(every_pending_read(u)) for u in people(superuser)} != {0}


def test_acting_and_vacant_posts_widen_the_scope_at_once(approvals, superuser, manager):
    # The manager leaves; the chief editor acts for the post (and already approved step 1 of
    # the big one, so that step goes up to leadership).
    PositionAssignment.objects.filter(user=manager).update(
        end=timezone.localdate() - timezone.timedelta(days=1)
    )
    make_staff("acting_mgr", "MGR", kind="acting", end=timezone.localdate())
    for user in people(superuser):
        assert [a.pk for a in waiting_for(user, limit=PENDING_SCAN)] == every_pending_read(user)
    # The superuser is reached at the top of every chain: no narrowing for them.
    assert approver_scope(superuser.pk, Staffing.current()) is None


def test_nothing_in_scope_costs_one_small_query(approvals, product_editor):
    staffing = Staffing.current()  # what the request already holds (one snapshot per request)
    approver_scope(product_editor.pk, staffing)
    with CaptureQueriesContext(connection) as ctx:
        assert waiting_for(product_editor, staffing=staffing) == []
    assert len(ctx.captured_queries) == 1
    assert "approvals_approvalstep" in ctx.captured_queries[0]["sql"]
