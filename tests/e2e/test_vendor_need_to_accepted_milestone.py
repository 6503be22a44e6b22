"""The issue's browser test (#17): a need from Customer Service becomes a requirement, is
baselined into a technical document, a vendor milestone is planned; the vendor reports a slip
through its own login (the manager sees it); a test run fails a case, the defect goes to the
maintainer, is fixed and retested, the run passes, the milestone is accepted, and the test
report reaches the developer positions. Screenshots in test-artifacts/.

Records that are plain data entry (the need's text, the requirement's, the case's) are made with
the services; every decision of the flow is a click in the browser."""

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.org.models import Department
from siteops.vendors import services
from siteops.vendors.models import (
    Defect,
    Milestone,
    TestPlan,
    TestRun,
    Vendor,
    VendorAccount,
    VendorProject,
)
from siteops.vendors.reports import test_report_of
from siteops.work.models import Notification

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def with_password(user, pw):
    user.set_password(pw)
    user.save()
    return user


def click_and_wait(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_need_to_accepted_milestone_with_vendor_and_defect(page, live_server, shot):
    import datetime

    mgr = with_password(make_staff("mgr", "MGR"), "pw-mgr-12345")
    cs = make_staff("cs", "CS-AGT")
    mnt = with_password(make_staff("mnt", "MNT"), "pw-mnt-12345")
    dev = make_staff("devlead", "DEV")
    ven = with_password(make_staff("vendor_pm", "VEN-PM"), "pw-ven-12345")
    vendor = Vendor.objects.create(name="云码科技", sla_major_days=3)
    VendorAccount.objects.create(vendor=vendor, user=ven)
    project = VendorProject.objects.create(vendor=vendor, code="shop2", name="商城二期",
                                           slip_threshold_days=5)  # fmt: skip
    url = live_server.url
    today = timezone.localdate()

    # Customer Service sends a need; the manager accepts it on the triage screen.
    need = services.need_submit(actor=cs, department=Department.objects.get(code="CS"),
                                title="订单页显示物流轨迹", problem="客户常来电问包裹到哪了")  # fmt: skip
    login(page, live_server, "mgr", "pw-mgr-12345")
    page.goto(f"{url}/backoffice/vendors/needs/")
    click_and_wait(page, f"#need-{need.pk} button[value=accept]")
    need.refresh_from_db()
    assert need.status == "accepted"

    # It becomes a requirement, reviewed and baselined, then the technical document is issued.
    req = services.requirement_create(actor=mgr, project=project, code="REQ-1", need=need,
                                      title="订单详情显示物流轨迹", statement="按时间倒序显示物流节点")  # fmt: skip
    page.goto(f"{url}/backoffice/vendors/projects/{project.pk}/")
    click_and_wait(page, f"#req-{req.pk} button[value=review]")
    click_and_wait(page, f"#req-{req.pk} button[value=baseline_req]")
    page.fill("#documents input[name=note]", "首版")
    click_and_wait(page, "#documents button[value=document]")
    assert project.documents.get().items.count() == 1

    # A milestone is planned and the dates baselined.
    m = services.milestone_create(actor=mgr, project=project, code="M1", title="订单页上线",
                                  deliverable="订单详情页", planned_date=today + datetime.timedelta(days=20),
                                  requirements=[req])  # fmt: skip
    page.goto(f"{url}/backoffice/vendors/projects/{project.pk}/")
    page.fill("#schedule input[name=name]", "合同基线")
    click_and_wait(page, "#schedule button[value=baseline]")
    page.context.clear_cookies()

    # The vendor logs in, sees the document and its milestone, and reports a 10-day slip.
    login(page, live_server, "vendor_pm", "pw-ven-12345")
    page.goto(f"{url}/backoffice/vendors/portal/")
    assert "M1" in page.locator(f"#project-{project.pk}").inner_text()
    form = f"#report-{project.pk}"
    page.fill(f"{form} textarea[name=summary]", "前端改版完成，接口联调中")
    page.fill(f"{form} input[name=progress_{m.pk}]", "40")
    page.fill(f"{form} input[name=forecast_{m.pk}]",
              (today + datetime.timedelta(days=30)).isoformat())  # fmt: skip
    page.fill(f"{form} input[name=reason_{m.pk}]", "物流方接口文档延期")
    click_and_wait(page, f"{form} button")
    shot(page, "vendors-1-vendor-portal-slip")
    page.context.clear_cookies()

    # The manager sees the slip on the project page (and one escalation on the workbench).
    login(page, live_server, "mgr", "pw-mgr-12345")
    page.goto(f"{url}/backoffice/vendors/projects/{project.pk}/")
    assert "+10" in page.locator(f"#milestone-{m.pk} .slip").inner_text()
    assert "物流方接口文档延期" in page.locator("#reports").inner_text()
    shot(page, "vendors-2-manager-sees-slip")

    # A test run fails the case; a defect is made from it and assigned to the maintainer.
    plan = TestPlan.objects.create(project=project, name="验收测试", kind="black_box",
                                   exit_min_pass_rate=100, exit_max_open_major=0)  # fmt: skip
    services.case_create(actor=mgr, plan=plan, title="已发货订单显示物流节点", steps="打开订单",
                         expected="显示物流节点", status="confirmed", requirements=[req])  # fmt: skip
    run = services.run_create(actor=mgr, plan=plan, name="验收第一轮")
    e = run.executions.get()
    page.goto(f"{url}/backoffice/vendors/runs/{run.pk}/")
    page.select_option(f"#execution-{e.pk} select[name=status]", "failed")
    page.fill(f"#execution-{e.pk} input[name=comment]", "没有物流节点")
    click_and_wait(page, f"#execution-{e.pk} button[value=record]")
    click_and_wait(page, f"#execution-{e.pk} button[value=defect]")
    defect = Defect.objects.get()
    page.select_option("select[name=assignee]", "MNT")
    click_and_wait(page, "button[value=assign]")
    page.context.clear_cookies()

    # The maintainer fixes it.
    login(page, live_server, "mnt", "pw-mnt-12345")
    page.goto(f"{url}/backoffice/vendors/defects/{defect.pk}/")
    click_and_wait(page, "button[value=fix]")
    assert Defect.objects.get().status == "fixed"
    page.context.clear_cookies()

    # Retest: the case passes now, the defect is closed, the run closes and its report goes out.
    login(page, live_server, "mgr", "pw-mgr-12345")
    page.goto(f"{url}/backoffice/vendors/defects/{defect.pk}/")
    click_and_wait(page, "button[value=retest]")
    page.goto(f"{url}/backoffice/vendors/runs/{run.pk}/")
    page.select_option(f"#execution-{e.pk} select[name=status]", "passed")
    click_and_wait(page, f"#execution-{e.pk} button[value=record]")
    page.goto(f"{url}/backoffice/vendors/defects/{defect.pk}/")
    click_and_wait(page, "button[value=close]")
    page.goto(f"{url}/backoffice/vendors/runs/{run.pk}/")
    assert "100" in page.locator("#pass-rate").inner_text()
    # The manager signs the test report off (once, as the manager's position), then closes it.
    page.fill("#report input[name=note]", "验收通过")
    click_and_wait(page, "#report button[value=sign_off]")
    assert "验收通过" in page.locator("#sign-off").inner_text()
    click_and_wait(page, "#report button[value=close]")
    assert TestRun.objects.get(pk=run.pk).signed_off_position_code == "MGR"
    shot(page, "vendors-3-run-passed-and-closed")

    # The milestone is delivered with that run and accepted (its exit criteria are met).
    page.goto(f"{url}/backoffice/vendors/projects/{project.pk}/")
    page.select_option("#schedule select[name=run]", str(run.pk))
    click_and_wait(page, "#schedule button[value=deliver]")
    click_and_wait(page, "#schedule button[value=accept]")
    assert Milestone.objects.get(pk=m.pk).status == "accepted"
    shot(page, "vendors-4-milestone-accepted")

    # The test report is archived and reached the developer positions.
    report = test_report_of(TestRun.objects.get(pk=run.pk))
    assert report is not None
    for user in (dev, mnt):
        assert Notification.objects.filter(user=user, message__contains="验收第一轮").exists()
    page.goto(f"{url}/backoffice/reports/runs/{report.pk}/")
    shot(page, "vendors-5-test-report-archived")
