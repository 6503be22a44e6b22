"""Issue 19's browser walk: on the demo data, each position logs in and does a duty of its own,
end to end, in Chromium — one working day of the department, each walk picking up what the one
before left (Customer Service's need reaches the manager, who routes it to the programming lead,
who splits it to the module developer …). Every page each walk opens is checked for English words
and raw codes; every step leaves a screenshot in test-artifacts/walks/, and the walk's timings
go to test-artifacts/walks/timings.json.

One test loads the demo once (a few seconds) and walks every position in turn, collecting each
walk's failure instead of stopping at the first, so one broken screen names itself and the others
still run.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from .conftest import ARTIFACTS, login, visit

pytestmark = pytest.mark.django_db(transaction=True)

WALKS: list[tuple[str, str, str, object]] = []  # (position, duty, username, walk)


def walk(position: str, duty: str, username: str):
    def register(fn):
        WALKS.append((position, duty, username, fn))
        return fn

    return register


@dataclass
class Day:
    """What the walks hand each other, and the page/server of the current walk."""

    url: str
    page: object = None
    name: str = ""
    step: int = 0
    item_id: int | None = None
    submission_id: int | None = None
    sku_code: str = "WALK-0001-W"
    batch_url: str = ""
    approval_id: int | None = None

    def go(self, path: str):
        return visit(self.page, f"{self.url}{path}")

    def shot(self, what: str):
        self.step += 1
        folder = ARTIFACTS / "walks"
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(folder / f"{self.name}-{self.step}-{what}.png"), full_page=True
        )

    def settle(self):
        self.page.wait_for_load_state("networkidle")


# --- the walks, in the order of the day ----------------------------------------------------------


@walk("CS-AGT", "MGR-11", "service")
def customer_service_sends_a_need(day: Day):
    """Customer Service (another department) sends the department a need."""
    day.go("/backoffice/work/requests/")
    day.page.fill("#request-form input[name=title]", "订单页增加“催发货”按钮")
    day.page.fill(
        "#request-form textarea[name=description]", "客户常来电催发货，希望在订单页自助提交。"
    )
    day.page.click("#request-form button[type=submit]")
    day.settle()
    assert "已提交" in day.page.locator("#my-requests").inner_text()
    day.shot("need-sent")
    from siteops.work.models import WorkItem

    day.item_id = WorkItem.objects.get(title="订单页增加“催发货”按钮").pk


@walk("MGR", "MGR-03", "manager")
def manager_routes_it_to_the_programming_lead(day: Day):
    """The manager reviews the request and routes it to the programming lead."""
    from siteops.org.models import Position
    from siteops.work.models import WorkItem

    day.go("/backoffice/work/review/")
    card = day.page.locator(f"div[data-item='{day.item_id}']")
    card.locator("select[name=assign_to]").select_option(str(Position.objects.get(code="DEV").pk))
    card.locator("textarea[name=comment]").fill("请程序组评估并安排开发")
    day.shot("review-queue")
    card.locator("button:has-text('接受')").click()
    day.settle()
    item = WorkItem.objects.get(pk=day.item_id)
    assert (item.status, item.position.code) == ("open", "DEV")


@walk("DEV", "DEV-03", "dev_lead")
def programming_lead_splits_it_to_the_module_developer(day: Day):
    from siteops.org.models import Position
    from siteops.work.models import WorkItem

    day.go(f"/backoffice/work/items/{day.item_id}/")
    form = day.page.locator("#split-form")
    form.locator("select[name=position]").select_option(str(Position.objects.get(code="MOD").pk))
    form.locator("input[name=title]").fill("开发“催发货”按钮")
    form.locator("button[type=submit]").click()
    day.settle()
    assert "开发“催发货”按钮" in day.page.locator("#children").inner_text()
    day.shot("split")
    day.item_id = WorkItem.objects.get(title="开发“催发货”按钮").pk


@walk("MOD", "MOD-03", "module_dev")
def module_developer_finishes_it(day: Day):
    from siteops.work.models import WorkItem

    day.go("/backoffice/work/")
    row = day.page.locator(f"#section-mine tr[data-item='{day.item_id}']")
    day.shot("workbench")
    row.locator("button:has-text('完成')").click()
    day.settle()
    assert WorkItem.objects.get(pk=day.item_id).status == "done"


@walk("PUR-COL", "PUR-COL", "purchasing")
def purchasing_submits_a_product(day: Day):
    from siteops.catalog.models import Submission

    day.go("/backoffice/catalog/submissions/new/")
    form = day.page.locator("#submission-form")
    form.locator("input[name=reference]").fill("CG-WALK-1")
    form.locator("input[name=title]").fill("美的 智能电饭煲 4L")
    form.locator("textarea[name=skus]").fill(
        f"{day.sku_code} | 颜色=白色; 容量=4L | 299 | 399 | 180"
    )
    form.locator("button[type=submit]").click()
    day.settle()
    assert "已提交" in day.page.locator("#status").inner_text()
    day.shot("submitted")
    day.submission_id = Submission.objects.get(reference="CG-WALK-1").pk


@walk("PED", "PED-02", "product_editor")
def product_editor_publishes_it(day: Day):
    from siteops.catalog.models import Product

    day.go(f"/backoffice/catalog/submissions/{day.submission_id}/work/")
    day.page.locator("#accept-form select[name=category]").select_option(index=1)
    day.page.locator("#accept-form input[name=publish]").check()
    day.page.locator("#accept-form button[type=submit]").first.click()
    day.settle()
    assert "已发布" in day.page.locator("#status").inner_text()
    day.shot("published")
    product = Product.objects.get(submission_id=day.submission_id)
    assert product.status == "published"
    assert visit(day.page, f"{day.url}/p/{product.pk}/").status == 200  # on the shop
    day.shot("on-the-shop")


@walk("WH-STK", "WH-STK", "warehouse")
def warehouse_sends_the_stock(day: Day):
    from siteops.catalog.models import SKU

    path = ARTIFACTS / "walks" / "stock.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"op,code,value\nstock_set,{day.sku_code},40\n", encoding="utf-8")
    day.go("/backoffice/catalog/syncs/upload/")
    day.page.set_input_files("input[name=file]", str(path))
    day.page.locator("form.so-form button[type=submit]").click()
    day.settle()
    day.shot("preview")
    day.page.locator("#apply").click()
    day.settle()
    assert SKU.objects.get(code=day.sku_code).stock_on_hand == 40


@walk("PRC", "PRC-03", "process_editor")
def process_editor_batches_orders_for_logistics(day: Day):
    day.go("/backoffice/fulfilment/pool/")
    rows = day.page.locator("table[data-pool] tbody tr[data-order]")
    assert rows.count() >= 1, "the demo's order pool is empty"
    rows.first.locator("input[type=checkbox]").check()
    day.page.click("button[value=selected]")
    day.settle()
    assert day.page.locator("[data-batch-status=open]").count() == 1
    day.batch_url = day.page.url
    day.shot("batch")


@walk("LOG-DSP", "LOG-DSP", "logistics")
def logistics_takes_the_batch(day: Day):
    visit(day.page, day.batch_url)
    day.page.click("text=确认接收")
    day.settle()
    assert day.page.locator("[data-batch-status=acknowledged]").count() == 1
    day.shot("acknowledged")


@walk("PRC", "PRC-07", "process_editor")
def process_editor_reads_the_site_report(day: Day):
    day.go("/backoffice/reports/datasets/site/?period=month&dimensions=day")
    assert day.page.locator("[data-figure]").count() >= 10
    day.shot("site-report")
    day.go("/backoffice/reports/datasets/shop_searches/?period=month&dimensions=without_results")
    assert "露营帐篷" in day.page.content()  # the demo's searches that found nothing
    day.shot("searches-without-results")


@walk("CPY", "CPY-02", "copy_editor")
def copy_editor_writes_a_process_document(day: Day):
    from siteops.content import services
    from siteops.content.models import Page

    day.go("/backoffice/content/pages/new/")
    day.page.select_option("select[name=kind]", "process")
    day.page.fill("input[name=slug]", "urge-delivery")
    day.page.fill("input[name=title]", "如何催发货")
    day.page.fill(
        "textarea[name=body]", "<p>在“我的订单”中点击“催发货”，客服会在一小时内回复。</p>"
    )
    day.page.click("#save-page")
    day.settle()
    day.page.click("#submit-page")
    day.settle()
    assert "审核中" in day.page.locator("#page-status").inner_text()
    day.shot("submitted")
    day.approval_id = services.pending_approval(Page.objects.get(slug="urge-delivery")).pk


@walk("CE", "CE-02", "chief_editor")
def chief_editor_approves_it(day: Day):
    from siteops.content.models import Page

    day.go(f"/backoffice/approvals/{day.approval_id}/")
    day.shot("approval")
    day.page.click("#approval-decide button:has-text('批准')")
    day.settle()
    assert Page.objects.get(slug="urge-delivery").status in ("published", "approved", "scheduled")


@walk("PED", "PED-09", "product_editor")
def product_editor_acting_as_art_editor_sees_the_design_work(day: Day):
    """ART is vacant in the demo; the product editor covers it (acting) and its duties show."""
    day.go("/backoffice/")
    text = day.page.locator("body").inner_text()
    assert "美工编辑" in text  # the covered position's duties on the workbench
    day.shot("acting-workbench")


def test_every_position_walks_a_duty_of_its_own(browser, live_server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    started = time.monotonic()
    call_command("load_demo", stdout=io.StringIO())
    password = (tmp_path / "demo-password.txt").read_text().strip()
    timings = {"load_demo": round(time.monotonic() - started, 1)}
    day, failures = Day(url=live_server.url), []
    for n, (position, duty, username, fn) in enumerate(WALKS, 1):
        t0 = time.monotonic()
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        day.page, day.name, day.step = context.new_page(), f"{n:02d}-{duty}", 0
        day.page.set_default_timeout(15000)
        try:
            login(day.page, live_server, username, password)
            fn(day)
        except Exception as exc:  # noqa: BLE001 — collected, reported together below
            failures.append(f"{position} {duty} ({fn.__name__}): {type(exc).__name__}: {exc}")
            try:
                day.shot("FAILED")
            except Exception:  # noqa: BLE001
                pass
        finally:
            context.close()
        timings[f"{duty} {fn.__name__}"] = round(time.monotonic() - t0, 1)
    timings["total"] = round(time.monotonic() - started, 1)
    (ARTIFACTS / "walks").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "walks" / "timings.json").write_text(json.dumps(timings, indent=1))
    assert not failures, "\n".join(failures)
