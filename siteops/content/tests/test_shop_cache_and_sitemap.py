"""Topic pages are cached whole like the rest of the shop (a publish shows on the next request),
drafts answer 404; /sitemap.xml lists products, categories, documents and topic pages; query
counts do not grow with the number of pages."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from siteops.content import services
from siteops.content.models import Page
from siteops.merch.tests.factories import product

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


def _topic(art, ap, ce, slug="sale", text="年终大促"):
    page = services.page_create(actor=art, kind="topic", slug=slug, data={
        "title": text, "blocks": [{"type": "richtext", "html": f"<p>{text}</p>"}]})  # fmt: skip
    services.page_submit(actor=art, page=page)
    approve_all(page, ap, ce)
    return page


_seq = itertools.count()


def _more_live_pages(n, like: Page, kind="topic"):
    Page.objects.bulk_create([
        Page(kind=kind, slug=f"{kind}-{like.pk}-{next(_seq)}", title=f"页{i}", blocks=like.blocks,
             live_revision_id=like.live_revision_id, latest_revision_id=like.live_revision_id,
             status="published")
        for i in range(n)
    ])  # fmt: skip


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return r, len(ctx)


def test_topic_page_cached_whole_and_shows_a_publish_next_request(client, art, activity_planner,
                                                                  chief_editor):  # fmt: skip
    page = _topic(art, activity_planner, chief_editor)
    first, misses = _count(client, "/t/sale/")
    second, hits = _count(client, "/t/sale/")
    assert first["X-Shop-Cache"] == "miss" and second["X-Shop-Cache"] == "hit" and hits == 1
    services.page_save(actor=art, page=page, data={
        "blocks": [{"type": "richtext", "html": "<p>第二版</p>"}]})  # fmt: skip
    assert "第二版" not in client.get("/t/sale/").content.decode()  # a draft changes nothing
    services.page_submit(actor=art, page=page)
    assert "年终大促" in client.get("/t/sale/").content.decode()  # in review: the live one
    approve_all(page, activity_planner, chief_editor)
    assert "第二版" in client.get("/t/sale/").content.decode()
    services.page_unpublish(actor=chief_editor, page=page)
    assert client.get("/t/sale/").status_code == 404


def test_topic_query_counts_equal_at_10_and_1000_pages(client, art, activity_planner, chief_editor):
    page = _topic(art, activity_planner, chief_editor)
    _more_live_pages(9, page)
    small = [_count(client, "/t/sale/")[1], _count(client, "/t/sale/")[1]]
    _more_live_pages(990, page)
    large = [_count(client, "/t/sale/")[1], _count(client, "/t/sale/")[1]]
    assert small == large and large[1] == 1


def test_a_miss_of_the_whole_page_reads_the_version_once_and_still_shows_changes(
        client, art, activity_planner, chief_editor, copy_editor):  # fmt: skip
    """A visit the whole-page cache cannot serve (a campaign's query string, a logged-in visitor)
    takes the page, its blocks, regions, footer documents and licences from the per-version
    cache: one query (the version). A publish of a footer document still shows on the next one."""
    _topic(art, activity_planner, chief_editor)
    _count(client, "/t/sale/?utm=a")  # fills the per-version caches
    r, queries = _count(client, "/t/sale/?utm=b")
    assert r["X-Shop-Cache"] == "miss" and queries == 1
    assert "how-to-return" not in r.content.decode()
    doc = draft(copy_editor)  # a help document in the footer's groups
    services.page_submit(actor=copy_editor, page=doc)
    approve_all(doc, chief_editor)
    r, queries = _count(client, "/t/sale/?utm=c")
    assert "/help/how-to-return/" in r.content.decode() and queries > 1  # a new version: read again
    assert _count(client, "/t/sale/?utm=d")[1] == 1


def test_drafts_404_to_public_and_other_departments(client, art, purchasing, copy_editor):
    services.page_create(actor=art, kind="topic", slug="wip", data={"title": "未完成"})
    assert client.get("/t/wip/").status_code == 404
    client.force_login(purchasing)
    assert client.get("/t/wip/").status_code == 404
    client.force_login(copy_editor)  # the shop shows nobody a draft (the back office previews)
    assert client.get("/t/wip/").status_code == 404


def test_sitemap_lists_what_the_shop_shows(client, art, activity_planner, chief_editor,
                                           copy_editor):  # fmt: skip
    p = product(title="紫砂壶")
    hidden = product(status="draft")
    _topic(art, activity_planner, chief_editor)
    doc = draft(copy_editor)
    services.page_submit(actor=copy_editor, page=doc)
    approve_all(doc, chief_editor)
    draft(copy_editor, slug="still-a-draft")
    index = client.get("/sitemap.xml").content.decode()
    for section in ("products", "categories", "documents", "topics"):
        assert f"/sitemap-{section}.xml" in index
    products = client.get("/sitemap-products.xml").content.decode()
    assert f"/p/{p.pk}/" in products and f"/p/{hidden.pk}/" not in products
    assert f"/c/{p.category.slug}/" in client.get("/sitemap-categories.xml").content.decode()
    docs = client.get("/sitemap-documents.xml").content.decode()
    assert "/help/how-to-return/" in docs and "still-a-draft" not in docs
    assert "/t/sale/" in client.get("/sitemap-topics.xml").content.decode()
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-products.xml?p=1e300000").status_code == 404
    assert client.get("/sitemap-products.xml?p=99").status_code == 404


def test_sitemap_query_counts_equal_at_10_and_1000_pages(client, art, activity_planner,
                                                         chief_editor):  # fmt: skip
    page = _topic(art, activity_planner, chief_editor)
    product()
    _more_live_pages(9, page)
    _more_live_pages(9, page, kind="process")
    urls = ["/sitemap.xml", "/sitemap-topics.xml", "/sitemap-documents.xml",
            "/sitemap-products.xml"]  # fmt: skip
    small = [_count(client, u)[1] for u in urls]
    _more_live_pages(990, page)
    _more_live_pages(990, page, kind="process")
    for _ in range(3):
        product()
    large = [_count(client, u)[1] for u in urls]
    assert small == large


def test_product_grids_are_cached_apart_and_follow_the_catalogue(client, art, activity_planner,
                                                                 chief_editor):  # fmt: skip
    from siteops.catalog.models import Product
    from siteops.orders.tests import factories as f

    tea = f.category("茶具", slug="tea")
    s = f.sku(title="青花茶杯", price="59.00", cat=tea)
    page = services.page_create(actor=art, kind="topic", slug="grid", data={"title": "茶", "blocks": [
        {"type": "product_grid", "category": "tea"}, {"type": "signup"}]})  # fmt: skip
    services.page_submit(actor=art, page=page)
    approve_all(page, activity_planner, chief_editor)
    first, misses = _count(client, "/t/grid/?_b=1")
    second, fewer = _count(client, "/t/grid/?_b=2")  # a page miss; the grid comes from the cache
    assert "¥59.00" in second.content.decode() and fewer < misses
    Product.objects.filter(pk=s.product_id).update(min_price="49.00")  # raises the shop version
    assert "¥49.00" in client.get("/t/grid/?_b=3").content.decode()
    # the sign-up form is never cached apart: each visitor's page carries its own CSRF token
    client.get("/t/grid/?_b=4")
    other = type(client)(enforce_csrf_checks=True)
    html = other.get("/t/grid/?_b=5").content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    r = other.post("/t/grid/signup/", {"name": "张三", "contact": "a@b.cn",
                                       "csrfmiddlewaretoken": token})  # fmt: skip
    assert r.status_code == 302


def test_a_page_miss_renders_only_the_live_blocks_and_shows_catalogue_changes(
    client, art, activity_planner, chief_editor, customer
):
    """A logged-in visitor gets no whole-page cache: the page's text, images and grids come from
    one per-version entry; the sign-up form keeps each visitor's own CSRF token; a product's
    new title shows in the grid on the next request."""
    from django.test import Client

    from siteops.catalog.models import Product

    item = product(title="保温杯")
    Product.objects.filter(pk=item.pk).update(in_stock=True, min_price=59)
    page = services.page_create(actor=art, kind="topic", slug="winter", data={
        "title": "冬季", "blocks": [
            {"type": "richtext", "html": "<p>暖冬</p>"},
            {"type": "product_grid", "title": "精选", "sort": "newest", "limit": 8},
            {"type": "signup", "title": "报名"},
        ]})  # fmt: skip
    services.page_submit(actor=art, page=page)
    approve_all(page, activity_planner, chief_editor)
    one, two = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one.force_login(customer)
    r1, first = _count(one, "/t/winter/?utm_source=mail")
    r2, again = _count(one, "/t/winter/?utm_source=sms")
    assert "暖冬" in r2.content.decode() and "保温杯" in r2.content.decode()
    assert again < first  # the text and the grid came from the cache
    r3 = two.get("/t/winter/?utm_source=sms")
    token = 'name="csrfmiddlewaretoken" value="'
    assert token in r2.content.decode() and token in r3.content.decode()
    assert (r2.content.decode().split(token)[1][:20]) != (r3.content.decode().split(token)[1][:20])
    Product.objects.filter(pk=item.pk).update(title="不锈钢保温杯")  # the shop version rises
    assert "不锈钢保温杯" in one.get("/t/winter/?utm_source=sms").content.decode()
