"""Purchasing submits a request → the manager accepts and assigns it to the chief editor → the
chief editor splits it to the product editor → the product editor completes it → Purchasing
sees it done."""

import pytest

from conftest import make_staff

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)

PW = "pw-work-flow-123"


def person(username, code, display):
    user = make_staff(username, code)
    user.display_name = display
    user.set_password(PW)
    user.save()
    return user


def as_user(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    login(pg, live_server, username, PW)
    return context, pg


def test_request_from_purchasing_to_done(browser, live_server, shot):
    from siteops.org.models import Position
    from siteops.work.models import WorkItem

    person("pur", "PUR-COL", "韩采集")
    person("mgr", "MGR", "李经理")
    person("chief", "CE", "张总编")
    person("editor", "PED", "周商品")
    ce, ped = Position.objects.get(code="CE"), Position.objects.get(code="PED")

    ctx, pg = as_user(browser, live_server, "pur")
    visit(pg, f"{live_server.url}/backoffice/work/requests/")
    pg.fill("#request-form input[name=title]", "冬季电热水壶 12 款新品上架")
    pg.fill("#request-form textarea[name=description]", "资料见采购系统")
    pg.click("#request-form button[type=submit]")
    pg.wait_for_load_state("networkidle")
    assert "已提交" in pg.locator("#my-requests").inner_text()
    shot(pg, "work-1-purchasing-request-sent")
    ctx.close()
    item = WorkItem.objects.get(title="冬季电热水壶 12 款新品上架")

    ctx, pg = as_user(browser, live_server, "mgr")
    visit(pg, f"{live_server.url}/backoffice/")  # the workbench is the landing page
    assert "待我审核" in pg.locator("#section-review").inner_text()
    visit(pg, f"{live_server.url}/backoffice/work/review/")
    card = pg.locator(f"div[data-item='{item.pk}']")
    card.locator("select[name=assign_to]").select_option(str(ce.pk))
    card.locator("textarea[name=comment]").fill("同意，请总编安排")
    shot(pg, "work-2-manager-review-queue")
    card.locator("button:has-text('接受')").click()
    pg.wait_for_load_state("networkidle")
    assert "没有待审核的请求" in pg.content()
    ctx.close()
    item.refresh_from_db()
    assert (item.status, item.position.code) == ("open", "CE")

    ctx, pg = as_user(browser, live_server, "chief")
    visit(pg, f"{live_server.url}/backoffice/work/")
    pg.click(f"#section-mine tr[data-item='{item.pk}'] a")
    pg.wait_for_load_state("networkidle")
    form = pg.locator("#split-form")
    form.locator("select[name=position]").select_option(str(ped.pk))
    form.locator("input[name=title]").fill("上架 12 款电热水壶")
    form.locator("button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "上架 12 款电热水壶" in pg.locator("#children").inner_text()
    shot(pg, "work-3-chief-editor-split")
    ctx.close()
    child = item.children.get()

    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/work/")
    row = pg.locator(f"#section-mine tr[data-item='{child.pk}']")
    shot(pg, "work-4-product-editor-workbench")
    row.locator("button:has-text('完成')").click()
    pg.wait_for_load_state("networkidle")
    ctx.close()

    ctx, pg = as_user(browser, live_server, "pur")
    visit(pg, f"{live_server.url}/backoffice/work/requests/")
    row = pg.locator(f"#my-requests tr[data-item='{item.pk}']")
    assert row.get_attribute("data-status") == "done"
    assert "已完成" in row.inner_text()
    shot(pg, "work-5-purchasing-sees-done")
    ctx.close()
