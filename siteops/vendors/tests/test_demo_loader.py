import io

from django.core.management import call_command

from siteops.vendors.choices import DefectStatus, ExecutionStatus, RequirementStatus
from siteops.vendors.models import (
    Defect,
    Requirement,
    TechnicalDocument,
    TestExecution,
    VendorProject,
)
from siteops.work.models import WorkItem


def test_demo_shows_the_area_in_use_and_loads_once(staff, customer):
    call_command("load_vendors_demo", stdout=io.StringIO())
    call_command("load_vendors_demo", stdout=io.StringIO())
    assert VendorProject.objects.count() == 1
    assert Requirement.objects.filter(status=RequirementStatus.BASELINED).count() == 3
    assert TechnicalDocument.objects.get().items.count() == 3
    assert TestExecution.objects.filter(status=ExecutionStatus.FAILED).count() == 1
    assert Defect.objects.get().status == DefectStatus.ASSIGNED
    assert WorkItem.objects.filter(position__code="MNT").exists()  # the bug request
    from siteops.vendors.models import StatusReport, VendorAccount

    # the vendor's login, its weekly report and its note on the defect, once
    assert VendorAccount.objects.get().user.username == "vendor_qian"
    assert StatusReport.objects.get().actor.username == "vendor_qian"
    assert Defect.objects.get().events.filter(actor__username="vendor_qian").count() == 1
    from siteops.vendors.models import BetaFeedback, TestRun

    # a closed run, signed off by the manager; beta feedback accepted as a need, one waiting
    smoke = TestRun.objects.get(name="冒烟测试")
    assert smoke.status == "closed" and smoke.signed_off_by.username == "manager"
    accepted = BetaFeedback.objects.get(status="accepted")
    assert accepted.user == customer and accepted.need.status == "accepted"
    assert BetaFeedback.objects.filter(status="new").count() == 1
