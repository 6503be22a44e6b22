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
