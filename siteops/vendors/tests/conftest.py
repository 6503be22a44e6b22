import datetime

import pytest
from django.utils import timezone

from siteops.vendors import services
from siteops.vendors.choices import CaseStatus, PlanKind
from siteops.vendors.models import TestPlan, Vendor, VendorProject


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def project(db):
    vendor = Vendor.objects.create(name="甲供应商", sla_major_days=3)
    return VendorProject.objects.create(
        vendor=vendor, code="p1", name="商城二期", slip_threshold_days=5
    )


@pytest.fixture
def baselined(project, manager):
    """Two baselined requirements of the project."""
    out = []
    for code in ("R-1", "R-2"):
        r = services.requirement_create(
            actor=manager, project=project, code=code, title=f"需求 {code}", statement="系统应当……"
        )
        services.requirement_review(actor=manager, requirement=r)
        services.requirement_baseline(actor=manager, requirement=r)
        out.append(r)
    return out


@pytest.fixture
def plan(project):
    return TestPlan.objects.create(
        project=project, name="黑盒测试", kind=PlanKind.BLACK_BOX, build="1.0",
        exit_min_pass_rate=100, exit_max_open_major=0,
    )  # fmt: skip


@pytest.fixture
def case(plan, manager, baselined):
    return services.case_create(
        actor=manager, plan=plan, title="下单后显示物流", steps="1. 下单", expected="显示物流",
        status=CaseStatus.CONFIRMED, requirements=[baselined[0]],
    )  # fmt: skip


def vendor_world(manager, name: str, code: str, *, login: str):
    """A vendor with a login (VEN-PM), a project, a baselined requirement, a document, a planned
    milestone in a reference baseline, and a defect assigned to the vendor."""
    from conftest import make_staff
    from siteops.vendors.models import VendorAccount

    vendor = Vendor.objects.create(name=name, sla_major_days=3)
    user = make_staff(login, "VEN-PM")
    VendorAccount.objects.create(vendor=vendor, user=user)
    project = VendorProject.objects.create(
        vendor=vendor, code=code, name=f"{name}的项目", slip_threshold_days=5
    )
    r = services.requirement_create(
        actor=manager, project=project, code=f"{code}-R1", title=f"{name}的需求", statement="s"
    )
    services.requirement_review(actor=manager, requirement=r)
    services.requirement_baseline(actor=manager, requirement=r)
    doc = services.document_issue(actor=manager, project=project)
    m = services.milestone_create(
        actor=manager, project=project, code=f"{code}-M1", title=f"{name}的里程碑",
        deliverable="d", planned_date=days(20), requirements=[r],
    )  # fmt: skip
    services.baseline_take(actor=manager, project=project, name="合同基线")
    plan = TestPlan.objects.create(project=project, name=f"{name}的计划", kind=PlanKind.BLACK_BOX)
    case = services.case_create(
        actor=manager, plan=plan, title=f"{name}的用例", steps="1", expected="2",
        status=CaseStatus.CONFIRMED, requirements=[r],
    )  # fmt: skip
    run = services.run_create(actor=manager, plan=plan, name=f"{name}的测试轮次")
    e = run.executions.get(case=case)
    services.execution_record(actor=manager, execution=e, status="failed")
    defect = services.defect_from_execution(actor=manager, execution=e, title=f"{name}的缺陷")
    services.defect_step(actor=manager, defect=defect, action="assign", assignee="vendor")
    return {"vendor": vendor, "user": user, "project": project, "doc": doc, "milestone": m,
            "defect": defect, "plan": plan, "run": run, "requirement": r}  # fmt: skip


@pytest.fixture
def vendor_a(manager):
    return vendor_world(manager, "甲软件公司", "va", login="vendor_a")


@pytest.fixture
def vendor_b(manager):
    return vendor_world(manager, "乙软件公司", "vb", login="vendor_b")
