"""A customer finds a product by a Chinese search, picks a SKU, checks out with cash on delivery
and sees the order in their account; the home page at a phone viewport."""

import pytest

from siteops.orders.models import Order
from siteops.orders.tests import factories as f

from .conftest import visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_pick_sku_checkout_cod(page, live_server, shot):
    cat = f.category("茶叶", slug="tea")
    tea = f.sku(title="西湖龙井明前特级绿茶", price="168.00", cat=cat, spec={"规格": "250克"})
    big = f.sku(product=tea.product, price="298.00", spec={"规格": "500克"}, stock=3)
    f.sku(title="普洱熟茶饼", cat=cat)
    user = f.customer("chaye", password="pw-Tea-lover-1")
    f.address(user, recipient="陈小姐", province="浙江省", city="杭州市")

    visit(page, f"{live_server.url}/")
    page.fill("input[name=q]", "龙井绿茶")
    page.click(".shop-search button")
    page.wait_for_load_state()
    assert "西湖龙井明前特级绿茶" in page.inner_text("main")
    assert "普洱熟茶饼" not in page.inner_text("main")
    page.click("text=西湖龙井明前特级绿茶")
    page.click(f"a.sku[data-sku='{big.pk}']")
    assert "¥298.00" in page.inner_text("#price")
    page.click("#add-to-cart")
    page.wait_for_load_state()
    assert "500克" in page.inner_text("main")
    page.click("#go-checkout")
    # Not logged in yet: the login page brings the customer back to the checkout.
    page.fill("input[name=username]", "chaye")
    page.fill("input[name=password]", "pw-Tea-lover-1")
    page.click("#login-submit")
    page.wait_for_load_state()
    assert "陈小姐" in page.inner_text("main")
    page.check("input[name=payment_method][value=cod]")
    page.click("#place-order")
    page.wait_for_load_state()
    number = page.inner_text("#order-number").strip()
    order = Order.objects.get(number=number)
    assert order.customer == user and order.payment_method == "cod"
    assert order.lines.get().sku_id == big.pk and str(order.total) == "298.00"
    assert page.locator("#pay-cod").is_visible()
    shot(page, "shop-order-placed")
    page.click("#nav-account")
    assert number in page.inner_text("main")


def test_home_at_phone_viewport(browser, live_server, shot):
    cat = f.category("家居", slug="home")
    # The footer's numbers come from the licence register (compliance), not from settings.
    from siteops.compliance.models import Licence

    Licence.objects.create(kind="icp_filing", number="沪ICP备00000000号", status="granted",
                           show_in_footer=True)  # fmt: skip
    for i in range(6):
        f.sku(
            title=f"北欧风陶瓷马克杯 {i}号", price=f"{39 + i}.00", cat=cat, stock=0 if i == 5 else 9
        )
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)  # fmt: skip
    page = context.new_page()
    visit(page, f"{live_server.url}/")
    assert page.locator("[data-product]").count() == 6
    # Mobile-first: two cards per row, nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert "沪ICP备" in page.inner_text("footer")
    shot(page, "shop-home-phone")
    context.close()


def test_checkout_shows_fee_and_total_before_ordering(page, live_server, shot):
    s = f.sku(title="保温杯", price="100.00")
    user = f.customer("beibei", password="pw-Cup-lover-1")
    f.address(user, recipient="王先生")
    page.goto(f"{live_server.url}/account/login/?next=/checkout/")
    page.fill("input[name=username]", "beibei")
    page.fill("input[name=password]", "pw-Cup-lover-1")
    page.click("#login-submit")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/p/{s.product_id}/")
    page.click("#add-to-cart")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/checkout/")
    assert page.inner_text("#cost-total").strip() == "¥100.00"
    assert not page.locator("#recalculate").is_visible()  # JavaScript updates it live
    page.check("input[name=delivery_method][value=express]")
    page.wait_for_function("document.getElementById('cost-total').innerText.includes('112.00')")
    assert "¥12.00" in page.inner_text("#cost-delivery")
    shot(page, "shop-checkout-costs")
    assert not Order.objects.filter(customer=user).exists()  # nothing ordered yet
    page.check("input[name=payment_method][value=cod]")
    page.click("#place-order")
    page.wait_for_load_state()
    assert str(Order.objects.get(customer=user).total) == "112.00"
