"""Purchasing submits a shelf-display plan, the (acting) art editor uploads the ad image, the
product editor applies the plan, and a customer on a phone sees the shelf and the ad."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.merch import services
from siteops.merch.models import Ad, ShelfSlot
from siteops.merch.tests.factories import ad_position, png_bytes, product, shelf

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)


def with_password(user, pw):
    user.set_password(pw)
    user.save()
    return user


def test_plan_from_purchasing_reaches_the_home_page(page, live_server, shot, tmp_path):
    buyer = with_password(make_staff("buyer", "PUR-COL"), "pw-buyer-12345")
    with_password(make_staff("editor", "PED"), "pw-editor-12345")
    with_password(make_staff("artist", "CPY"), "pw-artist-12345")
    make_staff("artist", "ART", kind="acting", end=timezone.localdate() + datetime.timedelta(days=5),
               reason="美工编辑休假")  # fmt: skip
    hot = shelf(code="hot", name="热销推荐")
    cup = product(title="保温杯 500ml")
    banner = ad_position(code="home_banner_1", name="首页横幅一")
    now = timezone.now()
    plan = services.plan_create(actor=buyer, title="本周货架", period_start=now - datetime.timedelta(hours=1),
                                period_end=now + datetime.timedelta(days=7))  # fmt: skip
    services.plan_item_add(actor=buyer, plan=plan, shelf=hot, product=cup, order=0)
    services.ad_request_add(actor=buyer, plan=plan, position=banner, brief="冬季保暖节", link="/")

    # Purchasing submits from the plan page.
    login(page, live_server, "buyer", "pw-buyer-12345")
    visit(page, f"{live_server.url}/backoffice/merch/plans/{plan.pk}/")
    page.click("text=提交给商品编辑")
    page.wait_for_load_state("networkidle")
    assert "已提交" in page.locator("#plan-status").inner_text()
    page.context.clear_cookies()

    # The acting art editor uploads the image and marks it ready.
    login(page, live_server, "artist", "pw-artist-12345")
    visit(page, f"{live_server.url}/backoffice/merch/art/")
    image = tmp_path / "banner.png"
    image.write_bytes(png_bytes(size=(600, 200)))
    page.set_input_files("input[name=image]", str(image))
    page.click("button:has-text('上传')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('标记就绪')")
    page.wait_for_load_state("networkidle")
    shot(page, "merch-art-queue")
    page.context.clear_cookies()

    # The product editor sees plan vs live, applies the plan, and nothing is missing any more.
    login(page, live_server, "editor", "pw-editor-12345")
    visit(page, f"{live_server.url}/backoffice/merch/plans/{plan.pk}/")
    assert "保温杯" in page.locator("#missing").inner_text()
    page.click("#apply-plan")
    page.wait_for_load_state("networkidle")
    assert "规划要求的内容均已上线" in page.locator("#missing").inner_text()
    shot(page, "merch-plan-vs-live")
    assert ShelfSlot.objects.filter(product=cup).count() == 1 and Ad.objects.count() == 1
    page.context.clear_cookies()

    # A customer on a phone.
    phone = page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    shop = phone.new_page()
    visit(shop, f"{live_server.url}/")
    assert "热销推荐" in shop.locator("[data-shelf=hot]").inner_text()
    assert shop.locator("[data-ad-position=home_banner_1] a").count() == 1
    shot(shop, "merch-home-phone")
    shop.click(f"[data-product='{cup.pk}'] a")
    shop.wait_for_load_state("networkidle")
    assert f"/p/{cup.pk}/" in shop.url
    assert ShelfSlot.objects.get(product=cup).click_count == 1
    phone.close()
