"""Personnel requests: filed by the line, approved through the chain, carried out on the
effective date exactly once through the org services; probation reminders 30/14/0 days."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.core.errors import DomainError, NotAllowed
from siteops.org.models import Position, PositionAssignment
from siteops.org.selectors import resolve
from siteops.people import personnel, selectors
from siteops.people.models import Probation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def holder(user, code):
    return PositionAssignment.objects.get(user=user, position__code=code, kind="holder")


def approve_all(req, *people):
    for p in people:
        approval = Approval.objects.get(object_id=req.pk, kind__startswith="people.personnel")
        approval_approve(actor=p, approval=approval)
    req.refresh_from_db()
    return req


def test_a_promotion_changes_appointments_on_the_effective_date_exactly_once(staff):
    pe = staff["product_editor"]
    Position.objects.filter(code="PRC").update(headcount=2)
    eff = timezone.localdate() + datetime.timedelta(days=10)
    req = personnel.personnel_file(
        actor=staff["chief_editor"], kind="promote", assignment=holder(pe, "PED"),
        new_position=Position.objects.get(code="PRC"), effective_date=eff, reason="表现突出",
    )  # fmt: skip
    approval = Approval.objects.get(object_id=req.pk, kind="people.personnel_change")
    assert [s.position.code for s in approval.steps.order_by("order")] == ["MGR", "HR-ADM", "LEAD"]
    req = approve_all(req, staff["manager"], staff["hr"], staff["leader"])
    assert req.status == "approved" and req.approved_by == staff["leader"]
    assert personnel.personnel_changes_apply(today=eff - datetime.timedelta(days=1)) == 0
    assert personnel.personnel_changes_apply(today=eff) == 1
    assert personnel.personnel_changes_apply(today=eff) == 0  # exactly once
    old = holder(pe, "PED")
    new = holder(pe, "PRC")
    assert old.end == eff - datetime.timedelta(days=1) and new.start == eff
    assert resolve("PRC", at=eff).users == [staff["process_editor"], pe]
    req.refresh_from_db()
    assert req.status == "effected"
    assert list(req.events.values_list("action", flat=True)) == ["filed", "approved", "effected"]


def test_the_manager_filing_goes_straight_to_hr(staff):
    eff = timezone.localdate() + datetime.timedelta(days=3)
    req = personnel.personnel_file(
        actor=staff["manager"], kind="dismiss", assignment=holder(staff["copy_editor"], "CPY"),
        effective_date=eff, reason="严重违纪",
    )  # fmt: skip
    approval = Approval.objects.get(object_id=req.pk, kind="people.personnel_change")
    assert [s.position.code for s in approval.steps.order_by("order")] == ["HR-ADM", "LEAD"]


def test_a_dismissal_ends_acting_cover_and_moves_open_work_to_the_position(
    staff, django_capture_on_commit_callbacks
):
    from siteops.work.models import WorkItem
    from siteops.work.services import item_create

    cpy = staff["copy_editor"]
    make_staff("copy_editor", "ART", kind="acting", days_ago=3, reason="美工空缺")
    item = item_create(actor=staff["chief_editor"], position="CPY", title="写活动文案",
                       source="lead")  # fmt: skip
    assert cpy in item.assignees.all()
    eff = timezone.localdate()
    req = personnel.personnel_file(actor=staff["chief_editor"], kind="dismiss",
                                   assignment=holder(cpy, "CPY"), effective_date=eff,
                                   reason="合同到期不续")  # fmt: skip
    approve_all(req, staff["manager"], staff["hr"], staff["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        assert personnel.personnel_changes_apply(today=eff) == 1
    yesterday = eff - datetime.timedelta(days=1)
    assert holder(cpy, "CPY").end == yesterday
    assert PositionAssignment.objects.get(user=cpy, position__code="ART").end == yesterday
    # Work follows the position: the vacant CPY's open item goes to its cover (CE, up the line).
    assignees = set(WorkItem.objects.get(pk=item.pk).assignees.all())
    assert cpy not in assignees and staff["chief_editor"] in assignees


def test_only_the_line_files_and_sees(staff):
    pe = staff["product_editor"]
    a = holder(pe, "PED")
    eff = timezone.localdate() + datetime.timedelta(days=5)
    for outsider in (
        staff["planning_lead"],
        staff["copy_editor"],
        staff["hr"],
        staff["purchasing"],
    ):
        with pytest.raises(NotAllowed):
            personnel.personnel_file(actor=outsider, kind="dismiss", assignment=a,
                                     effective_date=eff, reason="x")  # fmt: skip
    with pytest.raises(NotAllowed):
        personnel.personnel_file(actor=staff["chief_editor"], kind="dismiss",
                                 assignment=holder(staff["chief_editor"], "CE"),
                                 effective_date=eff, reason="x")  # fmt: skip
    req = personnel.personnel_file(actor=staff["chief_editor"], kind="dismiss", assignment=a,
                                   effective_date=eff, reason="试用不合格")  # fmt: skip
    sees = {
        u
        for u, user in staff.items()
        if selectors.personnel_visible_to(user).filter(pk=req.pk).exists()
    }
    assert sees == {"chief_editor", "manager", "hr", "leader"}


def test_confirmation_needs_a_probation_and_closes_its_deadline(staff):
    from siteops.deadlines.models import Deadline

    pe = staff["product_editor"]
    a = holder(pe, "PED")
    eff = timezone.localdate() + datetime.timedelta(days=20)
    with pytest.raises(DomainError):
        personnel.personnel_file(actor=staff["chief_editor"], kind="confirm", assignment=a,
                                 effective_date=eff, reason="转正")  # fmt: skip
    probation = personnel.probation_set(actor=staff["hr"], assignment=a, end_date=eff)
    d = Deadline.objects.get(kind__code="people_probation", subject_id=str(probation.pk))
    assert d.position.code == "CE" and d.kind.leads == [30, 14, 0]
    req = personnel.personnel_file(actor=staff["chief_editor"], kind="confirm", assignment=a,
                                   effective_date=eff, reason="考核优秀，申请转正")  # fmt: skip
    approval = Approval.objects.get(object_id=req.pk, kind="people.personnel_confirm")
    assert [s.position.code for s in approval.steps.order_by("order")] == ["MGR", "HR-ADM"]
    approve_all(req, staff["manager"], staff["hr"])
    assert personnel.personnel_changes_apply(today=eff) == 1
    assert Probation.objects.get(pk=probation.pk).outcome == "confirmed"
    d.refresh_from_db()
    assert d.status == "done"
    assert holder(pe, "PED").end is None  # a confirmation keeps the appointment


def test_probation_reminders_at_30_14_and_0_days_and_escalation_when_overdue(staff):
    from siteops.deadlines.models import DigestEntry
    from siteops.deadlines.services import run_daily
    from siteops.work.models import WorkItem

    pe = staff["product_editor"]
    end = timezone.localdate() + datetime.timedelta(days=30)
    probation = personnel.probation_set(actor=staff["hr"], assignment=holder(pe, "PED"),
                                        end_date=end)  # fmt: skip
    for offset in range(0, 32):
        run_daily(today=timezone.localdate() + datetime.timedelta(days=offset))
    entries = DigestEntry.objects.filter(deadline__subject_id=str(probation.pk),
                                         deadline__kind__code="people_probation")  # fmt: skip
    assert sorted(entries.values_list("lead_days", flat=True)) == [0, 14, 30]
    assert {e.digest.user for e in entries} == {staff["chief_editor"]}  # the superior
    # Passed without an outcome: a work item at the superior's position, which escalates.
    assert WorkItem.objects.filter(position__code="CE", title__contains="试用期").exists()
