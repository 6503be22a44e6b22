"""Website Sales asks for a points project → the process editor sets it up (members, a rule) and
generates a batch → a second person (the chief editor) approves it → the process editor issues
it → the customer sees the points in their account and pays part of an order with them."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.loyalty.models import Batch, LedgerEntry, Project
from siteops.orders import services as order_services
from siteops.orders.choices import OrderParty, OrderStatus
from siteops.orders.models import Order, OrderEvent
from siteops.orders.tests import factories as f

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)

PW = "pw-points-flow-123"


def person(username, code, display):
    user = make_staff(username, code)
    user.display_name = display
    user.set_password(PW)
    user.save()
    return user


def as_user(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20000)
    login(pg, live_server, username, PW)
    return context, pg


def submit(pg, form_action_part):
    pg.click(f"form[action*='{form_action_part}'] button[type=submit]")
    pg.wait_for_load_state("networkidle")


def test_points_from_request_to_checkout(browser, live_server, shot):
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve

    person("sal", "SAL-PRJ", "尤销售")
    person("prc", "PRC", "钱流程")
    person("chief", "CE", "张总编")
    lead = person("boss", "LEAD", "赵总")
    buyer = f.customer("jifen", password=PW)
    f.address(buyer, recipient="林女士")
    # A delivered order three days ago (earns points) and a product to spend them on.
    order = f.order(buyer, items={f.sku(title="蓝牙音箱", price="300.00", stock=9).pk: 1})
    for to, src in ((OrderStatus.BATCHED, OrderParty.SYSTEM),
                    (OrderStatus.SHIPPED, OrderParty.LOGISTICS),
                    (OrderStatus.DELIVERED, OrderParty.LOGISTICS)):  # fmt: skip
        order_services.order_transition(actor=None, order=order, to=to, source=src)
    OrderEvent.objects.filter(order=order).update(at=timezone.now() - datetime.timedelta(days=3))
    mug = f.sku(title="陶瓷马克杯", price="50.00", stock=9)
    today = timezone.localdate()

    # 1. Website Sales asks for the project.
    ctx, pg = as_user(browser, live_server, "sal")
    visit(pg, f"{live_server.url}/backoffice/loyalty/projects/request/")
    pg.fill("input[name=code]", "VIP26")
    pg.fill("input[name=name]", "会员积分 2026")
    pg.fill("textarea[name=note]", "每消费 1 元得 1 积分，积分可抵现")
    pg.click("form.so-form button[type=submit]")
    pg.wait_for_load_state("networkidle")
    shot(pg, "points-1-sales-request")
    ctx.close()
    project = Project.objects.get(code="VIP26")

    # 2. The process editor sets it up: dates, budget, points pay for orders; a rule; members.
    ctx, pg = as_user(browser, live_server, "prc")
    url = f"{live_server.url}/backoffice/loyalty/projects/{project.pk}/"
    visit(pg, url)
    setup = pg.locator("form[action*='/setup/']")
    setup.locator("input[name=starts_on]").fill((today - datetime.timedelta(days=30)).isoformat())
    setup.locator("input[name=ends_on]").fill((today + datetime.timedelta(days=300)).isoformat())
    setup.locator("input[name=budget_points]").fill("100000")
    setup.locator("input[name=pending_days]").fill("0")
    setup.locator("input[name=valid_days]").fill("365")
    setup.locator("input[name=redeem_allowed]").check()
    submit(pg, "/setup/")
    rule = pg.locator("form[action*='/rules/']")
    rule.locator("input[name=effective_from]").fill(
        (today - datetime.timedelta(days=30)).isoformat()
    )
    submit(pg, "/rules/")
    pg.set_input_files("form[action*='/members/'] input[type=file]", files=[{
        "name": "members.csv", "mimeType": "text/csv", "buffer": b"customer\njifen\n"}])  # fmt: skip
    submit(pg, "/members/")
    assert "jifen" in pg.inner_text("body")
    pg.set_input_files("form[action*='/members/'] input[type=file]", files=[{
        "name": "members.csv", "mimeType": "text/csv", "buffer": b"customer\njifen\n"}])  # fmt: skip
    submit(pg, "/members/")
    assert project.members.count() == 1
    submit(pg, "/submit/")
    shot(pg, "points-2-process-editor-setup")
    # Leadership approves the setup (its own screens are the approvals app's).
    approval_approve(actor=lead, approval=Approval.objects.get(kind="loyalty.project"))
    visit(pg, url)
    submit(pg, "/activate/")
    gen = pg.locator("form[action*='/generate/']")
    gen.locator("input[name=start]").fill((today - datetime.timedelta(days=10)).isoformat())
    gen.locator("input[name=end]").fill(today.isoformat())
    submit(pg, "/generate/")
    batch = Batch.objects.get(project=project)
    assert batch.total_points == 300
    submit(pg, "/submit/")
    shot(pg, "points-3-batch-sent-to-audit")
    ctx.close()

    # 3. A second person audits: the chief editor approves the batch.
    ctx, pg = as_user(browser, live_server, "chief")
    audit = Approval.objects.get(kind="loyalty.batch")
    visit(pg, f"{live_server.url}/backoffice/approvals/{audit.pk}/")
    pg.click("form[action*='/approve'] button[type=submit]")
    pg.wait_for_load_state("networkidle")
    shot(pg, "points-4-second-person-approves")
    ctx.close()
    batch.refresh_from_db()
    assert batch.status == "approved"

    # 4. The process editor issues it.
    ctx, pg = as_user(browser, live_server, "prc")
    visit(pg, f"{live_server.url}/backoffice/loyalty/batches/{batch.pk}/")
    submit(pg, "/issue/")
    ctx.close()
    assert LedgerEntry.objects.filter(kind="earn", member__customer=buyer).count() == 1

    # 5. The customer sees the points and pays ¥2 of a mug with 200 of them.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20000)
    pg.goto(f"{live_server.url}/account/login/?next=/account/points/")
    pg.fill("input[name=username]", "jifen")
    pg.fill("input[name=password]", PW)
    pg.click("#login-submit")
    pg.wait_for_load_state("networkidle")
    assert pg.inner_text(".points-available").strip() == "300"
    shot(pg, "points-5-customer-account")
    pg.goto(f"{live_server.url}/p/{mug.product_id}/")
    pg.click("#add-to-cart")
    pg.wait_for_load_state()
    visit(pg, f"{live_server.url}/checkout/")
    pg.fill("input[name=points]", "200")
    pg.dispatch_event("input[name=points]", "change")
    pg.wait_for_function("document.getElementById('cost-total').innerText.includes('48.00')")
    assert "-¥2.00" in pg.inner_text("#cost-points")
    shot(pg, "points-6-checkout-with-points")
    pg.check("input[name=payment_method][value=cod]")
    pg.click("#place-order")
    pg.wait_for_load_state("networkidle")
    placed = Order.objects.filter(customer=buyer).exclude(pk=order.pk).get()
    assert str(placed.total) == "48.00"  # ¥50 of goods − ¥2 of points (standard delivery free)
    assert "-¥2.00" in pg.inner_text("#order-points")
    shot(pg, "points-7-order-paid-partly-with-points")
    visit(pg, f"{live_server.url}/account/points/")
    assert pg.inner_text(".points-available").strip() == "100"
    context.close()
