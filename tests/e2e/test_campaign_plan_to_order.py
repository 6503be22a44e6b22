"""Issue #14's flow in the browser: the activity planner plans an online campaign and sends the
plan for approval; the manager approves it (after the planning lead: the budget is above the
manager's threshold); the art editor's position is vacant, so its acting holder finds the
topic-page request on the workbench; a customer arrives through the campaign's short link and
orders (cash on delivery); the campaign report shows that order under the campaign."""

import datetime

import pytest

from conftest import make_staff
from siteops.campaigns import services
from siteops.campaigns.models import Campaign, Plan, PlanTask
from siteops.campaigns.tests.factories import campaign, source
from siteops.orders.models import Order
from siteops.orders.tests import factories as f

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-Campaign-flow-1"


def _person(username, code, kind="holder"):
    user = make_staff(username, code, kind=kind)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_plan_approve_request_short_link_order_report(browser, live_server, shot):
    planner = _person("activity_planner", "ACT")
    lead = _person("planning_lead", "PLN")
    manager = _person("manager", "MGR")
    art_cover = _person("art_cover", "ART", kind="acting")  # ART itself is vacant
    promotion = _person("promotion", "PRM")
    summer = campaign(planner, code="summer-topic", name="夏日专题", kind="online_topic")

    def as_(user):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(20000)
        login(pg, live_server, user.username, PASSWORD)
        return context, pg

    # The planner writes the plan (budget above 20 000: the manager decides too) and sends it.
    ctx, page = as_(planner)
    visit(page, f"{live_server.url}/backoffice/campaigns/{summer.pk}/page/")
    page.fill("form[action$='/plan/'] input[name=title]", "夏日专题策划案")
    page.fill("form[action$='/plan/'] input[name=budget]", "30000")
    page.fill("form[action$='/plan/'] textarea[name=body]", "首页专题页 + 论坛软文 + 合作站互换")
    page.click("form[action$='/plan/'] button[type=submit]")
    page.wait_for_load_state()
    page.click("form[action$='/plan/submit/'] button[type=submit]")
    page.wait_for_load_state()
    assert "待审批" in page.inner_text("[data-plan]") or "审批" in page.inner_text("[data-plan]")
    shot(page, "campaign-plan-sent")
    ctx.close()

    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve

    pending = Approval.objects.get(object_id=Plan.objects.get(campaign=summer).pk,
                                   content_type__model="plan", status="pending")  # fmt: skip
    approval_approve(actor=lead, approval=pending)  # the planning lead's step

    # The manager approves in the browser.
    ctx, page = as_(manager)
    visit(page, f"{live_server.url}/backoffice/approvals/{pending.pk}/")
    page.click("form[action*='approve'] button[type=submit]")
    page.wait_for_load_state()
    summer.refresh_from_db()
    assert summer.stage == "approved"
    visit(page, f"{live_server.url}/backoffice/campaigns/{summer.pk}/page/")
    assert page.locator("[data-task]").count() == 4
    shot(page, "campaign-approved-tasks")
    ctx.close()

    # The art editor's acting holder finds the topic-page request on the workbench.
    task = PlanTask.objects.get(plan__campaign=summer, position_code="ART")
    ctx, page = as_(art_cover)
    visit(page, f"{live_server.url}/backoffice/")
    assert "为“夏日专题”设计专题页" in page.inner_text("body")
    shot(page, "campaign-art-request")
    # … and it is a design request of the content app (brief from the plan, proof rounds)
    visit(page, f"{live_server.url}/backoffice/content/design/{task.design_request_id}/")
    assert "为“夏日专题”设计专题页" in page.inner_text("body")
    shot(page, "campaign-art-design-request")
    ctx.close()
    assert task.work_item.position.code == "ART" and task.work_item.subject == task.design_request

    # A customer arrives through the short link and orders.
    sku = f.sku(title="夏日冰丝凉席", price="199.00")
    link = services.link_create(
        actor=promotion, campaign=summer, source=source(), medium="bbs",
        target=f"/p/{sku.product_id}/", code="summer1",
    )  # fmt: skip
    buyer = f.customer("xiari", password="pw-Summer-buyer-1")
    f.address(buyer, recipient="周女士")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/go/c/summer1/")
    page.wait_for_load_state()
    assert "utm_campaign=summer-topic" in page.url
    page.click("#add-to-cart")
    page.wait_for_load_state()
    page.click("#go-checkout")
    page.fill("input[name=username]", "xiari")
    page.fill("input[name=password]", "pw-Summer-buyer-1")
    page.click("#login-submit")
    page.wait_for_load_state()
    page.check("input[name=payment_method][value=cod]")
    page.click("#place-order")
    page.wait_for_load_state()
    number = page.inner_text("#order-number").strip()
    order = Order.objects.get(number=number)
    assert (order.utm_campaign, order.utm_source, order.utm_medium) == (
        "summer-topic", "tianya", "bbs"
    )  # fmt: skip
    assert order.first_utm_campaign == "summer-topic"  # the only touch is the first one too
    context.close()
    assert sum(d.clicks for d in link.days.all()) == 1

    # The campaign report shows the order under the campaign.
    ctx, page = as_(planner)
    today = datetime.date.today().isoformat()
    visit(page, f"{live_server.url}/backoffice/reports/datasets/campaign_results/"
                f"?period=day&day={today}&dimensions=campaign")  # fmt: skip
    table = page.inner_text("body")
    assert "夏日专题" in table and "199.00" in table
    assert "订单（首次触达）" in table and "订单（末次触达）" in table  # both touches side by side
    shot(page, "campaign-report-order")
    ctx.close()
    assert Campaign.objects.filter(code__startswith="summer").count() == 1
