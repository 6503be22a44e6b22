import pytest

from siteops.catalog.models import Product
from siteops.orders.tests import factories as f
from siteops.storefront.search import search_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    cat = f.category()
    return {
        "phone": f.sku(title="华为智能手机 Mate 70", cat=cat).product,
        "case": f.sku(title="智能手机保护壳", cat=cat).product,
        "kettle": f.sku(title="电热水壶 1.7升", cat=cat).product,
        "tea": f.sku(title="西湖龙井绿茶", cat=cat).product,
    }


def test_three_or_more_characters_use_the_trigram_index(products):
    ids = search_ids("智能手机")
    assert set(ids) == {products["phone"].pk, products["case"].pk}
    assert search_ids("龙井绿") == [products["tea"].pk]


def test_one_and_two_character_queries_fall_back_to_like(products):
    assert set(search_ids("手机")) == {products["phone"].pk, products["case"].pk}
    assert search_ids("茶") == [products["tea"].pk]
    assert search_ids("壶") == [products["kettle"].pk]


def test_several_terms_must_all_match(products):
    assert search_ids("智能手机 Mate") == [products["phone"].pk]
    assert search_ids("智能手机 壳") == [products["case"].pk]


def test_index_follows_title_changes_and_visibility(products):
    tea = products["tea"]
    tea.title = "安吉白茶礼盒"
    tea.save()
    assert search_ids("龙井绿") == []
    assert search_ids("白茶礼") == [tea.pk]
    Product.objects.filter(pk=tea.pk).update(status="delisted")
    assert search_ids("白茶礼") == []
    new = f.sku(title="白茶礼品装").product
    assert search_ids("白茶礼") == [new.pk]
    new.delete()
    assert search_ids("白茶礼") == []


def test_search_page_paginates_and_escapes(client):
    cat = f.category()
    for i in range(30):
        f.sku(title=f"不锈钢保温杯 {i}号", cat=cat)
    html = client.get("/search/?q=保温杯").content.decode()
    assert html.count("data-product=") == 24 and 'rel="next"' in html and "30" in html
    html2 = client.get("/search/?q=保温杯&page=2").content.decode()
    assert html2.count("data-product=") == 6
    assert client.get("/search/?q=%22%3Cscript%3E").status_code == 200
    assert "<script>" not in client.get("/search/?q=<script>").content.decode()


def test_long_chinese_query_is_segmented_when_it_does_not_match_whole():
    tea = f.sku(title="西湖龙井明前特级绿茶").product
    f.sku(title="普洱熟茶饼")
    assert search_ids("龙井绿茶") == [tea.pk]
    assert search_ids("龙井明前特级") == [tea.pk]  # matches whole (substring), no splitting
    assert search_ids("乌龙奶茶") == []


def test_whole_query_as_one_substring_comes_first():
    exact = f.sku(title="基准商品 21 号").product
    f.sku(title="基准商品 121 号")
    f.sku(title="号 21 基准商品")
    assert search_ids("基准商品 21 号") == [exact.pk]
    assert len(search_ids("基准商品 号")) == 3  # no whole match: every term, any order
