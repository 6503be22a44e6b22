"""The issue's browser test: the manager files a procurement plan for two servers, leadership
approves it, the order is placed and received and two assets appear; the ICP证 annual report task
appears on 2 January (time travel) and the manager records its submission with a receipt
(screenshot); the shop's footer shows the register's numbers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.compliance import services as compliance
from siteops.compliance.models import Filing, Licence
from siteops.compliance.tests.factories import icp_licence
from siteops.infra.models import Asset, ProcurementPlan
from siteops.org.models import Position

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)
TZ = ZoneInfo("Asia/Shanghai")


def with_password(user, pw):
    user.set_password(pw)
    user.save()
    return user


def test_plan_to_assets_annual_report_and_footer(page, live_server, shot, tmp_path):
    manager = with_password(make_staff("it_manager", "MGR"), "pw-manager-12345")
    with_password(make_staff("boss", "LEAD"), "pw-boss-12345")
    url = live_server.url

    # The manager files the plan with two quotes, choosing one.
    login(page, live_server, "it_manager", "pw-manager-12345")
    page.goto(f"{url}/backoffice/infra/procurementplan/add/")
    page.fill("input[name=title]", "机房扩容：两台应用服务器")
    page.fill("textarea[name=need]", "大促峰值超过现有服务器能力。")
    page.select_option("select[name=kind]", "server")
    page.fill("input[name=quantity]", "2")
    page.fill("input[name=budget]", "60000")
    page.select_option("select[name=owner]", str(Position.objects.get(code="MGR").pk))
    page.fill("input[name='options-0-supplier']", "华为")
    page.fill("input[name='options-0-model_name']", "FusionServer 2288H V7")
    page.fill("input[name='options-0-unit_price']", "28000")
    page.check("input[name='options-0-chosen']")
    page.fill("input[name='options-1-supplier']", "浪潮")
    page.fill("input[name='options-1-model_name']", "NF5280M7")
    page.fill("input[name='options-1-unit_price']", "26500")
    page.click("[name=_save]")
    page.wait_for_load_state("networkidle")
    plan = ProcurementPlan.objects.get(title="机房扩容：两台应用服务器")
    page.click("#submit-plan")
    page.wait_for_load_state("networkidle")
    assert ProcurementPlan.objects.get(pk=plan.pk).status == "in_approval"
    page.context.clear_cookies()

    # Leadership approves.
    login(page, live_server, "boss", "pw-boss-12345")
    approval = Approval.objects.get(object_id=plan.pk, status="pending")
    page.goto(f"{url}/backoffice/approvals/{approval.pk}/")
    page.click("#approval-decide button:has-text('批准')")
    page.wait_for_load_state("networkidle")
    assert ProcurementPlan.objects.get(pk=plan.pk).status == "approved"
    page.context.clear_cookies()

    # The manager orders and receives: two assets appear.
    login(page, live_server, "it_manager", "pw-manager-12345")
    page.goto(f"{url}/backoffice/infra/plans/{plan.pk}/")
    page.fill("#section-order input[name=purchase_order]", "PO-2026-0042")
    page.click("#section-order button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#section-receive textarea[name=serials]", "2102311ABC1\n2102311ABC2")
    page.fill("#section-receive input[name=location]", "上海电信IDC A-03")
    page.click("#section-receive button[type=submit]")
    page.wait_for_load_state("networkidle")
    assets = page.locator("#section-assets").inner_text()
    assert "2102311ABC1" in assets and "2102311ABC2" in assets
    assert Asset.objects.filter(plan=plan).count() == 2
    shot(page, "infra-plan-received")

    # The ICP licence is in the register; on 2 January its annual-report task opens.
    lic = icp_licence(manager)
    compliance.licence_save(actor=manager, licence=lic, data={"show_in_footer": True})
    beian = compliance.licence_save(actor=manager, data={
        "kind": "icp_filing", "number": "沪ICP备2026000001号-1", "show_in_footer": True})  # fmt: skip
    compliance.licence_transition(actor=manager, licence=beian, to="submitted")
    compliance.licence_transition(actor=manager, licence=beian, to="granted")
    with time_machine.travel(datetime.datetime(2027, 1, 2, 9, 0, tzinfo=TZ), tick=True):
        compliance.filings_open()  # the daily job of that morning
        filing = Filing.objects.get(licence=lic, kind="annual_report", period_key="2027")
        page.context.clear_cookies()
        # Logged in again in 2027 (the session of December has expired). Not through login():
        # its landing page (the workbench) lists every periodic job as late in a travelled
        # test database that has no job runs, by the jobs' English descriptions.
        page.goto(f"{url}/backoffice/login/")
        page.fill("input[name=username]", "it_manager")
        page.fill("input[name=password]", "pw-manager-12345")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        visit(page, f"{url}/backoffice/compliance/calendar/")
        assert filing.title in page.locator("#section-open").inner_text()
        shot(page, "infra-annual-report-task")
        page.goto(f"{url}/backoffice/compliance/filings/{filing.pk}/")
        receipt = tmp_path / "receipt.png"
        receipt.write_bytes(b"\x89PNG\r\n\x1a\nreceipt")
        page.fill("#section-submit input[name=receipt_number]", "NB-2027-00088")
        page.set_input_files("#section-submit input[name=file]", str(receipt))
        page.click("#section-submit button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "NB-2027-00088" in page.locator("#receipt").inner_text()
        shot(page, "infra-annual-report-submitted")
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.submitted_on == datetime.date(2027, 1, 2)
    assert filing.evidence.count() == 1

    # The shop's footer shows the register's numbers.
    page.goto(f"{url}/")
    footer = page.locator(".shop-licences").inner_text()
    for number in Licence.objects.filter(show_in_footer=True).values_list("number", flat=True):
        assert number in footer
    assert "沪ICP备2026000001号-1" in footer and "沪B2-20260001" in footer
    shot(page, "infra-footer")
