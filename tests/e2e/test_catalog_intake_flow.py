"""Purchasing submits a product → the product editor returns it with a reason per field →
Purchasing sees the reason and resubmits → the editor completes it in Purchasing's place and
publishes → Warehouse uploads a stock file, previews it and applies it."""

import pytest

from conftest import make_staff

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)

PW = "pw-catalog-flow-123"


def person(username, code):
    user = make_staff(username, code)
    user.set_password(PW)
    user.save()
    return user


def as_user(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    login(pg, live_server, username, PW)
    return context, pg


def test_submission_returned_resubmitted_completed_then_stock_file(
    browser, live_server, shot, tmp_path
):
    from siteops.catalog.models import SKU, Product, Submission
    from siteops.catalog.tests.factories import CategoryFactory

    person("pur", "PUR-COL")
    person("editor", "PED")
    person("wh", "WH-STK")
    CategoryFactory(name="厨房电器", slug="kitchen")

    ctx, pg = as_user(browser, live_server, "pur")
    visit(pg, f"{live_server.url}/backoffice/catalog/submissions/new/")
    form = pg.locator("#submission-form")
    form.locator("input[name=reference]").fill("CG-E2E-1")
    form.locator("input[name=title]").fill("智能电饭煲 4L")
    form.locator("textarea[name=skus]").fill("E2E-1-W | 颜色=白色; 容量=4L | 299 | 399 | 180")
    form.locator("button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "已提交" in pg.locator("#status").inner_text()
    shot(pg, "catalog-1-submitted")
    ctx.close()
    submission = Submission.objects.get(reference="CG-E2E-1")

    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/catalog/submissions/{submission.pk}/work/")
    pg.locator("#return-form input[name=reason_category]").fill("请选择分类：厨房电器")
    pg.locator("#return-form button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "已退回" in pg.locator("#status").inner_text()
    ctx.close()

    ctx, pg = as_user(browser, live_server, "pur")
    visit(pg, f"{live_server.url}/backoffice/catalog/submissions/{submission.pk}/work/")
    assert "请选择分类：厨房电器" in pg.locator("#rounds").inner_text()
    pg.locator("#resubmit-form input[name=subtitle]").fill("新款")
    pg.locator("#resubmit-form button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "重新提交" in pg.locator("#status").inner_text()
    shot(pg, "catalog-2-resubmitted")
    ctx.close()

    ctx, pg = as_user(browser, live_server, "editor")
    visit(pg, f"{live_server.url}/backoffice/catalog/submissions/{submission.pk}/work/")
    pg.locator("#accept-form select[name=category]").select_option("kitchen")
    pg.locator("#accept-form input[name=publish]").check()
    pg.locator("#complete").click()
    pg.wait_for_load_state("networkidle")
    assert "已发布" in pg.locator("#status").inner_text()
    shot(pg, "catalog-3-completed-and-published")
    ctx.close()
    product = Product.objects.get(submission=submission)
    assert product.status == "published"
    assert Submission.objects.get(pk=submission.pk).completed_by_editor

    csv_file = tmp_path / "stock.csv"
    csv_file.write_text("op,code,value\nstock_set,E2E-1-W,25\nstock_set,NOPE,3\n", encoding="utf-8")
    ctx, pg = as_user(browser, live_server, "wh")
    visit(pg, f"{live_server.url}/backoffice/catalog/syncs/upload/")
    pg.set_input_files("input[name=file]", str(csv_file))
    pg.locator("form.so-form button[type=submit]").click()
    pg.wait_for_load_state("networkidle")
    assert "NOPE" in pg.locator("#rows").inner_text()
    assert SKU.objects.get(code="E2E-1-W").stock_on_hand == 0  # preview only
    pg.locator("#apply").click()
    pg.wait_for_load_state("networkidle")
    shot(pg, "catalog-4-stock-applied")
    ctx.close()
    assert SKU.objects.get(code="E2E-1-W").stock_on_hand == 25
