"""Manual adjustments only by permitted positions, with a reason, booked only when the manager
approves; the nightly check recomputes every balance from the entries and raises work on a
difference; no service path ever UPDATEs or DELETEs a ledger entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.services import approval_approve, approval_reject
from siteops.core.errors import DomainError, NotAllowed
from siteops.orders import services as order_services
from siteops.orders.tests import factories as f
from siteops.work.models import WorkItem

from .. import ledger, services
from ..choices import AdjustmentStatus, EntryKind
from ..models import Adjustment, LedgerEntry, Member
from ..selectors import balance_of
from .helpers import active_project, lot, members, redeemable, undo

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(process_editor, leader):
    project = redeemable(active_project(process_editor, leader))
    (m,) = members(process_editor, project, f.customer("adj"))
    lot(m, 100, available_on=timezone.localdate())
    return m


def test_adjustment_needs_a_permitted_position_a_reason_and_the_manager(
    member, process_editor, sales, manager
):
    with pytest.raises(NotAllowed):
        ledger.adjustment_request(actor=sales, member=member, points=50, reason="补偿")
    for bad in ({"points": 0, "reason": "x"}, {"points": 5, "reason": " "},
                {"points": "1e300000", "reason": "x"}, {"points": "5\x00", "reason": "x"}):  # fmt: skip
        with pytest.raises(DomainError):
            ledger.adjustment_request(actor=process_editor, member=member, **bad)
    adj = ledger.adjustment_request(actor=process_editor, member=member, points=50,
                                    reason="客诉补偿")  # fmt: skip
    assert adj.status == AdjustmentStatus.PENDING
    assert balance_of(member.entries.all()).available == 100  # nothing booked yet
    from siteops.approvals.models import Approval

    approval = Approval.objects.get(object_id=str(adj.pk), kind="loyalty.adjustment")
    with pytest.raises(NotAllowed):  # who asked never decides
        approval_approve(actor=process_editor, approval=approval)
    approval_approve(actor=manager, approval=approval)
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.BOOKED
    entry = LedgerEntry.objects.get(kind=EntryKind.ADJUST)
    assert entry.points == 50 and "客诉补偿" in entry.reason and entry.lot_id is None
    # taking points: from the oldest lot first, through the same approval
    take = ledger.adjustment_request(actor=process_editor, member=member, points=-120,
                                     reason="重复发放")  # fmt: skip
    approval_approve(actor=manager, approval=Approval.objects.get(object_id=str(take.pk),
                                                                  kind="loyalty.adjustment"))  # fmt: skip
    taken = list(LedgerEntry.objects.filter(kind=EntryKind.ADJUST, points__lt=0).order_by("pk"))
    assert [e.points for e in taken] == [-100, -20]
    member.refresh_from_db()
    assert member.balance == 30 == balance_of(member.entries.all()).available
    rejected = ledger.adjustment_request(actor=process_editor, member=member, points=7,
                                         reason="试")  # fmt: skip
    approval_reject(actor=manager, approval=Approval.objects.get(
        object_id=str(rejected.pk), kind="loyalty.adjustment"), comment="不需要")  # fmt: skip
    rejected.refresh_from_db()
    assert rejected.status == AdjustmentStatus.REJECTED
    assert LedgerEntry.objects.filter(kind=EntryKind.ADJUST).count() == 3


def test_adjust_screen_permissions(client, member, process_editor, sales, manager):
    url = reverse("admin:loyalty_adjust", args=[member.project_id])
    data = {"customer": "adj", "points": "5", "reason": "补偿"}
    assert client.post(url, data).status_code == 302 and not Adjustment.objects.exists()  # anon
    client.force_login(sales)
    assert client.post(url, data).status_code == 403
    client.force_login(process_editor)
    assert client.post(url, {**data, "points": "1e300000"}).status_code == 302
    assert client.post(url, {**data, "customer": "nobody"}).status_code == 302
    assert not Adjustment.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Adjustment.objects.get().points == 5
    page = client.get(reverse("admin:loyalty_project", args=[member.project_id]))
    assert page.status_code == 200 and "补偿" in page.content.decode()
    acting = make_staff("acting_prc2", "PRC", kind="acting")
    for user in (manager, acting):
        client.force_login(user)
        assert client.post(url, data).status_code == 302
    assert Adjustment.objects.count() == 3
    client.force_login(member.customer)  # a shop customer has no back office
    assert client.post(url, data).status_code in (302, 403)
    assert Adjustment.objects.count() == 3


def test_adjustment_and_check_lists_matrix(client, member, process_editor, sales, manager, leader):
    ledger.balances_check()
    urls = [reverse("admin:loyalty_adjustment_changelist"),
            reverse("admin:loyalty_balancecheck_changelist")]  # fmt: skip
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302
        for user, code in ((process_editor, 200), (manager, 200), (sales, 403), (leader, 403)):
            client.force_login(user)
            assert client.get(url).status_code == code, (url, user.username)


def test_nightly_check_finds_a_balance_that_differs_from_its_entries(member):
    check = ledger.balances_check()
    assert (check.differences, check.negatives) == (0, 0)
    assert not WorkItem.objects.filter(title__contains=member.project.code).exists()
    # an entry written behind the services' back (raw SQL, a bad import) is found
    Member.objects.filter(pk=member.pk).update(balance=90)
    check = ledger.balances_check()
    assert check.differences == 1 and "90" in check.detail and "100" in check.detail
    assert WorkItem.objects.filter(position__code="PRC", subject_id=str(check.pk)).exists()


def test_nightly_check_finds_issued_points_that_differ_from_their_entries(member):
    """The project's issued points (what its budget is checked against) are kept by every
    posting; a change behind the ledger's back is found like a member's balance."""
    from ..models import Project

    project = Project.objects.get(pk=member.project_id)
    earned = sum(
        LedgerEntry.objects.filter(project=project, kind=EntryKind.EARN).values_list(
            "points", flat=True
        )
    )
    assert project.issued_points == earned > 0
    assert ledger.balances_check().differences == 0
    Project.objects.filter(pk=project.pk).update(issued_points=7)
    check = ledger.balances_check()
    assert check.differences == 1 and project.code in check.detail and " 7" in check.detail
    assert WorkItem.objects.filter(position__code="PRC", subject_id=str(check.pk)).exists()


def test_no_service_updates_or_deletes_a_ledger_entry(member, process_editor, manager):
    """Spend, cancel (refund), reverse a return, expire, warn, adjust, check: inserts only."""
    from siteops.approvals.models import Approval

    buyer = member.customer
    table = LedgerEntry._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        order = f.order(buyer, items={f.sku(price="10.00").pk: 1})
        ledger.spend_for_order(order, 60)
        order_services.order_cancel_by_customer(customer=buyer, order=order)
        order2 = f.order(buyer, items={f.sku(price="10.00").pk: 1})
        ledger.spend_for_order(order2, 30)
        adj = ledger.adjustment_request(actor=process_editor, member=member, points=-10,
                                        reason="更正")  # fmt: skip
        approval_approve(actor=manager, approval=Approval.objects.get(
            object_id=str(adj.pk), kind="loyalty.adjustment"))  # fmt: skip
        ledger.expire_lots(today=timezone.localdate())
        ledger.warn_expiring()
        ledger.balances_check()
        services.reversals_post()
    writes = [q["sql"] for q in ctx.captured_queries
              if table in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "DELETE"))]  # fmt: skip
    assert writes == []
    assert LedgerEntry.objects.filter(kind=EntryKind.REFUND).exists()


def test_reversal_of_spent_points_goes_negative_and_is_flagged(process_editor, leader,
                                                               chief_editor):  # fmt: skip
    from .test_points_flow import _issued

    buyer = f.customer()
    project, order, _b = _issued(process_editor, leader, chief_editor, buyer, pending_days=0)
    redeemable(project)
    ledger.spend_for_order(f.order(buyer, items={f.sku(price="10.00").pk: 1}), 150)
    undo(order)
    assert services.reversals_post() == 1
    assert services.reversals_post() == 0  # replay: nothing new
    member = project.members.get()
    member.refresh_from_db()
    assert member.balance == -150
    check = ledger.balances_check()
    assert (check.differences, check.negatives) == (0, 1)
    assert WorkItem.objects.filter(title__contains="-150").exists()
