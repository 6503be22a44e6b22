"""Sales asks, the process editor sets up, generates; a second person audits; the points are
issued, become available after the return window, and a return takes back exactly its points."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve, approval_reject
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.orders.tests import factories as f
from siteops.work.models import WorkItem

from .. import ledger, services
from ..choices import BatchStatus, EntryKind, ProjectStatus
from ..models import Award, Batch, LedgerEntry, Project
from ..selectors import customer_points
from .helpers import active_project, delivered_order, members, redeemable, undo

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_sales_request_becomes_work_for_the_process_editor(sales):
    project = services.project_request(actor=sales, code="spring", name="春季积分", note="老客户")
    assert project.code == "SPRING" and project.status == ProjectStatus.DRAFT
    item = WorkItem.objects.get(subject_id=str(project.pk))
    assert item.position.code == "PRC"
    with pytest.raises(IllegalTransition):
        services.project_request(actor=sales, code="SPRING", name="again")


def test_setup_approved_by_leadership_and_big_budgets_by_the_manager_too(
    process_editor, leader, manager
):
    big = Project.objects.create(code="BIG", name="大项目")
    services.project_setup(actor=process_editor, project=big, data={
        "starts_on": TODAY(), "ends_on": TODAY(), "budget_points": 10_000_000,
        "point_value": "0.01"})  # ¥100 000 > ¥50 000  # fmt: skip
    with pytest.raises(DomainError):  # no rule yet
        services.project_submit(actor=process_editor, project=big)
    services.rule_add(actor=process_editor, project=big, data={"effective_from": TODAY()})
    approval = services.project_submit(actor=process_editor, project=big)
    assert [s.position.code for s in approval.steps.all()] == ["LEAD", "MGR"]
    approval_approve(actor=leader, approval=approval)
    big.refresh_from_db()
    assert big.status == ProjectStatus.DRAFT  # the manager has not decided yet
    approval_approve(actor=manager, approval=approval)
    big.refresh_from_db()
    assert big.status == ProjectStatus.APPROVED
    with pytest.raises(IllegalTransition):  # approved: fixed
        services.project_setup(actor=process_editor, project=big, data={"name": "x"})


def test_member_import_preview_shows_row_errors(process_editor, leader):
    project = active_project(process_editor, leader)
    a, b = f.customer("alice"), f.customer("bob")
    members(process_editor, project, a)
    csv = "customer,joined_on\nalice\nbob@example.com,2026-01-05\nbob\nnobody\ncarol,2026-13-01\n"
    rows = services.members_preview(
        actor=process_editor, project=project,
        upload=SimpleUploadedFile("m.csv", csv.encode(), content_type="text/csv"),
    )  # fmt: skip
    errors = {r.customer_text: r.errors for r in rows}
    assert errors["alice"] == [_("Already a member of this project.")]
    assert errors["bob@example.com"] == []
    assert errors["bob"] == [_("Listed twice (first on row %d).") % 3]
    assert errors["nobody"] == [_("No shop customer with this email or login name.")]
    assert len(errors["carol"]) == 2  # unknown, and 2026-13-01 is not a date
    added, bad = services.members_import(
        actor=process_editor, project=project, upload=BytesIO(csv.encode())
    )
    assert added == 1 and len(bad) == 4
    assert project.members.filter(customer=b).exists()


def test_generate_twice_creates_nothing_new(process_editor, leader):
    project = active_project(process_editor, leader, rule={
        "effective_from": TODAY() - datetime.timedelta(days=60), "points_per_yuan": "1",
        "first_order_points": "50"})  # fmt: skip
    buyer = f.customer()
    members(process_editor, project, buyer)
    delivered_order(buyer, price="120.50", express=True)  # freight (¥12) is not counted
    start, end = TODAY() - datetime.timedelta(days=30), TODAY() - datetime.timedelta(days=1)
    batch, created = services.batch_generate(
        actor=process_editor, project=project, start=start, end=end
    )
    assert created and batch.total_points == 120 + 50 and batch.line_count == 2
    again, created = services.batch_generate(
        actor=process_editor, project=project, start=start, end=end
    )
    assert not created and again.pk == batch.pk
    assert Batch.objects.count() == 1 and Award.objects.count() == 2
    # An overlapping period does not award the same order again.
    other, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=start - datetime.timedelta(days=5), end=end)  # fmt: skip
    assert other.line_count == 0


def test_rule_versions_multiplier_and_cap(process_editor, leader):
    today = TODAY()
    project = active_project(process_editor, leader, rule={
        "effective_from": today - datetime.timedelta(days=60), "points_per_yuan": "1",
        "multiplier": "2", "multiplier_from": today - datetime.timedelta(days=10),
        "multiplier_to": today - datetime.timedelta(days=8), "monthly_cap": "10000"})  # fmt: skip
    buyer = f.customer()
    members(process_editor, project, buyer)
    old = delivered_order(buyer, price="100.00", days_ago=9)  # in the window: ×2
    services.rule_add(actor=process_editor, project=project, data={
        "effective_from": today - datetime.timedelta(days=5), "points_per_yuan": "3"})  # fmt: skip
    new = delivered_order(buyer, price="100.00", days_ago=2)  # version 2: 3 per ¥1
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=today - datetime.timedelta(days=20), end=today)  # fmt: skip
    by_order = {a.order_id: a for a in batch.awards.select_related("rule")}
    assert by_order[old.pk].points == 200 and by_order[old.pk].rule.version == 1
    assert by_order[new.pk].points == 300 and by_order[new.pk].rule.version == 2


def test_monthly_cap_limits_a_members_points(process_editor, leader):
    today = TODAY()
    project = active_project(process_editor, leader, rule={
        "effective_from": today - datetime.timedelta(days=60), "points_per_yuan": "1",
        "monthly_cap": "150"})  # fmt: skip
    buyer = f.customer()
    members(process_editor, project, buyer)
    delivered_order(buyer, price="100.00", days_ago=0)
    delivered_order(buyer, price="100.00", days_ago=0)
    batch, _c = services.batch_generate(
        actor=process_editor, project=project, start=today, end=today
    )
    assert batch.total_points == 150


def _issued(process_editor, leader, chief_editor, buyer, **kw):
    project = active_project(process_editor, leader, **kw)
    members(process_editor, project, buyer)
    order = delivered_order(buyer, price="200.00", days_ago=3)
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=TODAY() - datetime.timedelta(days=10), end=TODAY())  # fmt: skip
    approval = services.batch_submit(actor=process_editor, batch=batch)
    approval_approve(actor=chief_editor, approval=approval)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED
    services.batch_issue(actor=process_editor, batch=batch)
    return project, order, batch


def test_generator_cannot_approve_their_batch_also_when_acting(
    process_editor, leader, chief_editor
):
    project = active_project(process_editor, leader)
    buyer = f.customer()
    members(process_editor, project, buyer)
    delivered_order(buyer)
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=TODAY() - datetime.timedelta(days=10), end=TODAY())  # fmt: skip
    # The generator also acts for the chief editor (the step's fallback approver).
    make_staff("process_editor", "CE", kind="acting")
    approval = services.batch_submit(actor=process_editor, batch=batch)
    with pytest.raises(NotAllowed):
        approval_approve(actor=process_editor, approval=approval)
    # Someone else cannot submit it for them either (so the generator is always the submitter).
    batch2, _c = services.batch_generate(actor=chief_editor, project=project,
                                         start=TODAY() - datetime.timedelta(days=40),
                                         end=TODAY() - datetime.timedelta(days=30))  # fmt: skip
    with pytest.raises(NotAllowed):
        services.batch_submit(actor=process_editor, batch=batch2)
    # One pending audit per batch: a second submission is refused.
    with pytest.raises(IllegalTransition):
        services.batch_submit(actor=process_editor, batch=batch)
    approval_reject(actor=chief_editor, approval=approval, comment="订单有误")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED
    # A rejected batch is recomputed in place (still one per project and period).
    again, created = services.batch_generate(actor=process_editor, project=project,
                                             start=batch.period_start, end=batch.period_end)  # fmt: skip
    assert again.pk == batch.pk and again.status == BatchStatus.PROPOSED and created


def test_big_batch_needs_the_manager_too(process_editor, leader, chief_editor, manager):
    project = active_project(process_editor, leader, budget=5_000_000, rule={
        "effective_from": TODAY() - datetime.timedelta(days=60), "points_per_yuan": "100"})  # fmt: skip
    buyer = f.customer()
    members(process_editor, project, buyer)
    delivered_order(buyer, price="9999.00", qty=2)  # 1 999 800 points × ¥0.01 > ¥10 000
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=TODAY() - datetime.timedelta(days=10), end=TODAY())  # fmt: skip
    approval = services.batch_submit(actor=process_editor, batch=batch)
    assert [s.position.code for s in approval.steps.all()] == ["PRC", "MGR"]
    approval_approve(actor=chief_editor, approval=approval)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PENDING
    approval_approve(actor=manager, approval=approval)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED


def test_issue_books_pending_points_available_after_the_return_window(
    process_editor, leader, chief_editor, mailoutbox, django_capture_on_commit_callbacks
):
    buyer = f.customer()
    with django_capture_on_commit_callbacks(execute=True):
        project, order, batch = _issued(process_editor, leader, chief_editor, buyer)
    entry = LedgerEntry.objects.get(member__customer=buyer)
    assert entry.kind == EntryKind.EARN and entry.points == 200 and entry.rule is not None
    assert entry.actor == process_editor and entry.position_code == "PRC"
    balance, _m = customer_points(buyer)
    assert (balance.available, balance.pending) == (0, 200)  # delivered 3 days ago, window 7
    balance, _m = customer_points(buyer, today=TODAY() + datetime.timedelta(days=5))
    assert (balance.available, balance.pending) == (200, 0)
    assert any(buyer.email in m.to for m in mailoutbox)
    with pytest.raises(IllegalTransition):  # issued once
        services.batch_issue(actor=process_editor, batch=batch)


def test_a_returned_order_reverses_exactly_its_points_once(process_editor, leader, chief_editor):
    buyer = f.customer()
    project, order, batch = _issued(process_editor, leader, chief_editor, buyer, pending_days=0)
    assert customer_points(buyer)[0].available == 200
    undo(order)
    assert services.reversals_post() == 1
    assert services.reversals_post() == 0  # replayed: nothing new
    rev = LedgerEntry.objects.get(kind=EntryKind.REVERSE)
    assert rev.points == -200 and rev.reverses.order_id == order.pk
    balance = customer_points(buyer)[0]
    assert (balance.available, balance.pending, balance.reversed) == (0, 0, 200)


def test_reversal_of_spent_points_leaves_a_negative_balance_flagged(
    process_editor, leader, chief_editor
):
    buyer = f.customer()
    project, order, batch = _issued(process_editor, leader, chief_editor, buyer, pending_days=0)
    redeemable(project)
    ledger.spend_for_order(f.order(buyer), 150)  # paid for another order with 150 of the 200
    undo(order)
    services.reversals_post()
    assert customer_points(buyer)[0].available == -150
    assert WorkItem.objects.filter(position__code="PRC", title__contains="-150").exists()


def test_time_travel_pending_to_available(process_editor, leader, chief_editor):
    buyer = f.customer()
    _issued(process_editor, leader, chief_editor, buyer)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5)):
        assert customer_points(buyer)[0].available == 200
    assert Approval.objects.filter(status="approved").count() == 2


def test_a_batch_over_the_budget_is_not_sent_to_audit(process_editor, leader):
    project = active_project(process_editor, leader, budget=100)
    buyer = f.customer()
    members(process_editor, project, buyer)
    delivered_order(buyer, price="150.00")
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=TODAY() - datetime.timedelta(days=10), end=TODAY())  # fmt: skip
    with pytest.raises(DomainError):
        services.batch_submit(actor=process_editor, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
