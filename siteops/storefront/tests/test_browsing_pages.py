import pytest
from django.test import override_settings

from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    phones = f.category("手机", slug="phones")
    cases = f.category("手机壳", slug="cases", parent=phones)
    red = f.sku(title="华为智能手机 Mate", price="3999.00", cat=phones, spec={"颜色": "红"})
    f.sku(product=red.product, price="4199.00", spec={"颜色": "蓝"}, stock=0)
    case = f.sku(title="透明手机壳", price="19.90", cat=cases, spec={"颜色": "透明"})
    gone = f.sku(title="已售罄的耳机", cat=phones, stock=0)
    return {"phones": phones, "cases": cases, "red": red, "case": case, "gone": gone}


def test_home_falls_back_to_newest_products(client, shop):
    html = client.get("/").content.decode()
    assert 'data-shelf="newest"' in html and "华为智能手机 Mate" in html
    assert "沪ICP备" in html and 'id="psb"' in html


def test_category_shows_subcategories_branch_products_and_sold_out(client, shop):
    html = client.get("/c/phones/").content.decode()
    assert "手机壳" in html and "透明手机壳" in html and "华为智能手机 Mate" in html
    assert "已售罄的耳机" in html and "sold-out" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("min=100", ["华为智能手机"], ["透明手机壳"]),
        ("max=100", ["透明手机壳"], ["华为智能手机"]),
        ("in_stock=1", ["华为智能手机"], ["已售罄的耳机"]),
        ("spec=颜色:透明", ["透明手机壳"], ["华为智能手机"]),
        ("spec=颜色:蓝", ["华为智能手机"], ["透明手机壳"]),
    ],
)
def test_category_filters(client, shop, query, shown, hidden):
    html = client.get(f"/c/phones/?{query}").content.decode()
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html.split('<ul class="cards">', 1)[-1]


def test_category_sort_by_price(client, shop):
    html = client.get("/c/phones/?sort=price&in_stock=1").content.decode()
    assert html.index("透明手机壳") < html.index("华为智能手机 Mate")


def test_product_page_sku_choice_and_stock_state(client, shop):
    p = shop["red"].product
    html = client.get(f"/p/{p.pk}/").content.decode()
    assert "¥3999.00" in html and "add-to-cart" in html and "手机" in html  # breadcrumbs
    blue = p.skus.get(spec__颜色="蓝") if False else p.skus.exclude(pk=shop["red"].pk).get()
    html = client.get(f"/p/{p.pk}/?sku={blue.pk}").content.decode()
    assert "¥4199.00" in html and 'id="sold-out"' in html


def test_unpublished_product_is_404(client, shop):
    p = shop["red"].product
    p.status = "delisted"
    p.save()
    assert client.get(f"/p/{p.pk}/").status_code == 404


def test_help_pages_and_cart(client):
    # Help pages are content's published documents (siteops/content); drafts answer 404.
    from siteops.content.models import Page
    from siteops.core.revisions import revision_publish, revision_save
    from siteops.org.acting import system_acting

    live = Page.objects.create(kind="basic", slug="about", title="关于我们", footer_group="company")
    revision_save(obj=live, who=system_acting())
    revision_publish(obj=live, who=system_acting())
    Page.objects.create(kind="basic", slug="draft", title="草稿")
    assert client.get("/help/about/").status_code == 200
    assert client.get("/help/").status_code == 200
    assert client.get("/help/draft/").status_code == 404
    assert client.get("/help/nothing/").status_code == 404
    assert client.get("/cart/").status_code == 200


@override_settings(LANGUAGE_CODE="en")
def test_english_switch(client, shop):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New arrivals" in html
