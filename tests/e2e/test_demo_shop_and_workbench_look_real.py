"""The demo as a visitor sees it (issue 21): the home page, a category, a product, the cart and a
back-office workbench at desktop and phone width, scrolled so that lazy pictures load. Every
picture on those pages loads, and no demo product is without one. Screenshots: test-artifacts/."""

import io

import pytest
from django.core.management import call_command

from siteops.catalog.models import Product

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Scroll to the bottom in steps (lazy images load when near the viewport), then back to the top.
SCROLL = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 500) {
    window.scrollTo(0, y); await new Promise(r => setTimeout(r, 60));
  }
  window.scrollTo(0, 0);
}"""
# A picture the browser tried and failed to load (a lazy one not yet near the viewport, such as
# a carousel's later slides, is not complete and not counted); and how many did load.
BROKEN = """() => [...document.images].filter(i => i.complete && i.naturalWidth === 0)
  .map(i => i.currentSrc || i.src)"""
LOADED = "() => [...document.images].filter(i => i.complete && i.naturalWidth > 0).length"


def load_small_demo() -> str:
    from siteops.org.management.commands.load_demo import load_demo

    load_demo("pw-demo-12345")
    for name, kwargs in [("load_work_demo", {}), ("load_catalog_demo", {"products": 40}),
                         ("load_merch_demo", {}), ("load_shop_demo", {"days": 3})]:  # fmt: skip
        call_command(name, verbosity=0, stdout=io.StringIO(), **kwargs)
    return "pw-demo-12345"


def look(page, url, name, shot):
    visit(page, url)
    page.evaluate(SCROLL)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(BROKEN) == [], f"pictures that did not load on {url}"
    shot(page, name)
    return page.evaluate(LOADED)


def test_the_demo_looks_like_a_shop_and_a_department(
    browser, live_server, shot, settings, tmp_path
):
    # Media on disk, as in the demo: the shop serves public media from MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "siteops.core.media.SiteMediaStorage"}}  # fmt: skip
    password = load_small_demo()
    assert Product.objects.exists() and not Product.objects.filter(images__isnull=True).exists()
    product = (Product.objects.filter(status="published", in_stock=True, skus__stock_on_hand__gt=20)
               .order_by("pk").first())  # fmt: skip
    category = product.category.parent or product.category
    for label, viewport in WIDTHS.items():
        context = browser.new_context(locale="zh-CN", viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(30000)  # many pictures per page; the shared CI machine is slow
        assert look(page, f"{live_server.url}/", f"demo-home-{label}", shot) > 10
        look(page, f"{live_server.url}/c/{category.slug}/", f"demo-category-{label}", shot)
        look(page, f"{live_server.url}/p/{product.pk}/", f"demo-product-{label}", shot)
        page.click("#add-to-cart")
        page.wait_for_load_state("networkidle")
        look(page, f"{live_server.url}/cart/", f"demo-cart-{label}", shot)
        assert product.title in page.content()
        # The cart line shows the product's picture, and it loaded.
        assert page.eval_on_selector(".cart-line .cart-img img", "i => i.naturalWidth") > 0
        login(page, live_server, "product_editor", password)
        look(page, f"{live_server.url}/backoffice/", f"demo-workbench-{label}", shot)
        assert "【演示】" in page.content()
        context.close()
