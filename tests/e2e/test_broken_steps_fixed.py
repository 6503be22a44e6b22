"""Broken steps of issue 12 (#18 #19 #20 #23 #24 #25), as a new user meets them in Chromium."""

import pytest

from conftest import make_staff

from .conftest import assert_chinese, login, visit

pytestmark = pytest.mark.django_db(transaction=True)

PW = "pw-broken-steps-123"


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


def test_bare_login_lands_on_the_workbench(browser, live_server, shot):
    """#24: /backoffice/login/ with no ?next= lands on the workbench, not /accounts/profile/."""
    person("editor", "PED", "周商品")
    ctx, pg = as_user(browser, live_server, "editor")
    assert pg.url.rstrip("/").endswith("/backoffice/work")
    assert pg.locator("#section-mine").count() == 1
    shot(pg, "issue12-24-login-lands-on-workbench")
    ctx.close()


def test_the_price_field_is_visible(browser, live_server, shot):
    """#25: the price field on the product work page has a border and a placeholder."""
    from siteops.catalog.tests.factories import product_with_sku

    person("editor", "PED", "周商品")
    sku = product_with_sku()
    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/catalog/products/{sku.product_id}/work/")
    field = pg.locator("#skus input[name=price]").first
    style = field.evaluate(
        "e => { const s = getComputedStyle(e); return [s.borderTopWidth, s.borderTopStyle]; }"
    )
    assert style[1] != "none" and float(style[0].rstrip("px")) >= 1, style
    assert field.get_attribute("placeholder")
    box = field.bounding_box()
    assert box and box["width"] > 40 and box["height"] > 20
    shot(pg, "issue12-25-price-field")
    ctx.close()


def test_a_return_is_purchasings_work(browser, live_server, shot):
    """#18: the returned submission is in Purchasing's list with the reason; not 已完成."""
    from siteops.catalog import services
    from siteops.work.models import WorkItem

    pur = person("pur", "PUR-COL", "韩采集")
    editor = person("editor", "PED", "周商品")
    s = services.submission_create(actor=pur, data={
        "reference": "CG-E2E-R", "title": "电热水壶",
        "skus": [{"code": "E2E-R-1", "price": "99", "spec": "颜色=白"}],
    })  # fmt: skip
    services.submission_return(actor=editor, submission=s, reasons={"title": "标题请写明容量"})
    item = WorkItem.objects.get(subject_id=str(s.pk), position__code="PED")

    ctx, pg = as_user(browser, live_server, "pur")  # lands on the workbench
    waiting = pg.locator("#section-waiting").inner_text()
    assert "电热水壶" in waiting
    shot(pg, "issue12-18-purchasing-workbench")
    pg.click(f"#section-waiting a[href$='/items/{item.pk}/']")
    pg.wait_for_load_state("networkidle")
    assert_chinese(pg)
    page_text = pg.locator("body").inner_text()
    assert "标题请写明容量" in page_text
    assert "已完成" not in pg.locator("#status").inner_text()
    ctx.close()

    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/work/items/{item.pk}/")
    assert "已完成" not in pg.locator("#status").inner_text()
    ctx.close()


def test_answering_a_hand_off_lands_on_a_page_one_may_see(browser, live_server, shot):
    """#19: Warehouse answers (交回) and lands on its workbench; the back office's 404 keeps the
    shell and its menu."""
    from siteops.work import services

    mgr = person("mgr", "MGR", "李经理")
    chief = person("chief", "CE", "张总编")
    person("wh", "WH-STK", "杨仓储")
    item = services.item_create(actor=mgr, position="CE", title="大促页库存核对", source="manager")
    services.item_hand_off(actor=chief, item=item, position="WH-STK", message="请核对库存")

    ctx, pg = as_user(browser, live_server, "wh")
    visit(pg, f"{live_server.url}/backoffice/work/items/{item.pk}/")
    pg.locator("#handback-form textarea[name=message]").fill("库存 120 件")
    pg.locator("#handback-form button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert pg.url.rstrip("/").endswith("/backoffice/work"), pg.url
    assert pg.locator("#section-mine").count() == 1
    assert_chinese(pg)
    shot(pg, "issue12-19-after-hand-back")
    response = visit(pg, f"{live_server.url}/backoffice/work/items/{item.pk}/")
    assert response.status == 404
    assert pg.locator("#backoffice-error").count() == 1
    assert pg.locator("a[href$='/backoffice/work/']").count() >= 1  # the back-office menu
    shot(pg, "issue12-19-backoffice-404")
    ctx.close()


def test_the_activity_planner_hands_work_to_the_art_editor(browser, live_server, shot):
    """#20: across teams inside the department; the dropdown offers only possible positions."""
    from siteops.org.models import Position
    from siteops.work import services

    lead = person("planlead", "PLN", "赵策划")
    person("planner", "ACT", "陈活动")
    person("editor", "PED", "周商品")  # covers the vacant art editor (PED-09)
    item = services.item_create(
        actor=lead, position="ACT", title="双十二专题页主视觉", source="lead"
    )
    art = Position.objects.get(code="ART")

    ctx, pg = as_user(browser, live_server, "planner")
    visit(pg, f"{live_server.url}/backoffice/work/items/{item.pk}/")
    options = pg.locator("#assign-form select[name=position] option").all_inner_texts()
    assert any("美工编辑" in o for o in options)
    assert not any("仓储" in o or "采购" in o for o in options)
    pg.locator("#assign-form select[name=position]").select_option(str(art.pk))
    shot(pg, "issue12-20-assign-to-art-editor")
    pg.locator("#assign-form button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "不在您的团队" not in pg.locator("body").inner_text()
    assert_chinese(pg)
    ctx.close()
    item.refresh_from_db()
    assert item.position.code == "ART"

    ctx, pg = as_user(browser, live_server, "editor")
    assert "双十二专题页主视觉" in pg.locator("#section-mine").inner_text()
    ctx.close()


def test_the_art_editor_sees_the_uploaded_ad_image(browser, live_server, shot):
    """#23: the uploaded image of a requested ad loads in the art queue (staff-only media)."""
    from siteops.merch import services
    from siteops.merch.tests.factories import image_upload
    from siteops.merch.tests.test_plan_becomes_work import make_plan

    pur = person("pur", "PUR-COL", "韩采集")
    editor = person("editor", "PED", "周商品")
    plan = make_plan(pur)
    services.plan_submit(actor=pur, plan=plan)
    req = plan.ad_requests.get()
    services.ad_request_upload_image(actor=editor, ad_request=req, image=image_upload())

    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/merch/art/")
    img = pg.locator("img[src*='/backoffice/media/merch/requests/']").first
    img.wait_for()
    assert pg.evaluate("i => i.complete && i.naturalWidth > 0", img.element_handle())
    shot(pg, "issue12-23-art-queue-image")
    ctx.close()
