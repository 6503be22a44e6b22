"""MNT-02: blocks that call site functions — product grid by catalogue query (category, brand,
price range, sort), countdown to the campaign end, a sign-up form, a live remaining-stock
figure — each with its settings form; the art editor places them through the form."""

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.catalog.models import SKU, Brand
from siteops.content import services
from siteops.content.block_forms import FORMS, block_from_form
from siteops.content.models import SignUp
from siteops.core.errors import DomainError
from siteops.orders.tests import factories as f

from .helpers import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


def _topic(art, ap, ce, blocks, slug="sale"):
    page = services.page_create(actor=art, kind="topic", slug=slug,
                                data={"title": "大促", "blocks": blocks})  # fmt: skip
    services.page_submit(actor=art, page=page)
    approve_all(page, ap, ce)
    return page


def _block(kind, **data):
    form = FORMS[kind](data)
    assert form.is_valid(), form.errors
    return block_from_form(kind, form)


def test_product_grid_by_category_brand_price_and_sort(client, art, activity_planner,
                                                       chief_editor):  # fmt: skip
    tea = f.category("茶具", slug="tea")
    brand = Brand.objects.create(name="景德镇", slug="jdz")
    f.sku(title="青花茶杯", price="59.00", cat=tea, brand=brand)
    f.sku(title="白瓷茶杯", price="89.00", cat=tea, brand=brand)
    f.sku(title="紫砂壶", price="599.00", cat=tea, brand=brand)
    f.sku(title="无牌茶杯", price="29.00", cat=tea)
    grid = _block("product_grid", title="百元好杯", category="tea", brand="jdz", max_price="100",
                  sort="-price", limit=8)  # fmt: skip
    _topic(art, activity_planner, chief_editor, [grid])
    html = client.get("/t/sale/").content.decode()
    assert html.index("白瓷茶杯") < html.index("青花茶杯")  # price high to low
    assert "紫砂壶" not in html and "无牌茶杯" not in html


def test_settings_forms_refuse_bad_input():
    assert not FORMS["product_grid"]({"sort": "random", "limit": 8}).is_valid()
    assert not FORMS["product_grid"]({"sort": "sales", "limit": "1e300000"}).is_valid()
    assert not FORMS["product_grid"]({"sort": "sales", "limit": 8, "min_price": "9",
                                      "max_price": "1"}).is_valid()  # fmt: skip
    assert not FORMS["countdown"]({"until": "2026-02-30 10:00"}).is_valid()
    assert not FORMS["stock"]({"product": "0"}).is_valid()
    assert not FORMS["image"]({"src": ""}).is_valid()
    with pytest.raises(DomainError):  # the block type's own check: a known product
        _block("stock", product=999999)
    with pytest.raises(DomainError):
        _block("image", src="javascript:alert(1)")
    with pytest.raises(DomainError):
        _block("slogan", slogan="nope")
    for kind in FORMS:  # every registered type that takes settings has a form
        assert FORMS[kind]().fields


def test_countdown_stock_and_signup(client, art, activity_planner, chief_editor):
    s = f.sku(title="限量茶杯", stock=7)
    end = timezone.now() + timezone.timedelta(days=2, hours=3)
    _topic(art, activity_planner, chief_editor, [
        _block("countdown", until=end.strftime("%Y-%m-%d %H:%M"), label="距活动结束"),
        _block("stock", product=s.product_id, label="仅剩"),
        _block("signup", title="报名参加品鉴会", button="报名"),
    ])  # fmt: skip
    html = client.get("/t/sale/").content.decode()
    assert "距活动结束" in html and "2" in html
    assert 'data-stock-url="/t/stock/' in html and ">7</strong>" in html
    SKU.objects.filter(pk=s.pk).update(stock_reserved=2)
    r = client.get(f"/t/stock/{s.product_id}.json")
    assert r.json() == {"remaining": 5} and r["Cache-Control"] == "no-store"
    assert client.get("/t/stock/99999999999999999999.json").status_code == 404

    assert "报名参加品鉴会" in html and 'action="/t/sale/signup/"' in html
    url = "/t/sale/signup/"
    assert client.post(url, {"name": "张三", "contact": "13800000000"}).status_code == 302
    assert client.post(url, {"name": "张三", "contact": "13800000000"}).status_code == 302
    assert SignUp.objects.count() == 1  # a double submit signs up once
    client.post(url, {"name": "李四", "contact": "not a contact"})
    client.post(url, {"name": "王\x00五", "contact": "a@b.cn"})
    assert SignUp.objects.count() == 1
    assert client.get(url).status_code == 405
    assert client.post("/t/nope/signup/", {"name": "x", "contact": "a@b.cn"}).status_code == 404


def test_signup_only_on_a_live_page_with_the_form(client, art, activity_planner, chief_editor):
    services.page_create(actor=art, kind="topic", slug="wip",
                         data={"title": "草稿", "blocks": [{"type": "signup"}]})  # fmt: skip
    assert client.post("/t/wip/signup/", {"name": "x", "contact": "a@b.cn"}).status_code == 404
    _topic(art, activity_planner, chief_editor, [{"type": "richtext", "html": "<p>x</p>"}])
    assert client.post("/t/sale/signup/", {"name": "x", "contact": "a@b.cn"}).status_code == 404


def test_place_a_block_through_its_form(client, staff, art):
    page = services.page_create(actor=art, kind="topic", slug="sale", data={"title": "大促"})
    url = f"/backoffice/content/pages/{page.pk}/blocks/add/"
    data = {"type": "countdown", "until": "2099-01-01 00:00", "label": "倒计时"}
    assert client.get(url).status_code == 302
    assert client.post(url, data).status_code == 302
    for user in (staff["purchasing"], staff["product_editor"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    for user in (art, staff["maintainer"], staff["activity_planner"], staff["chief_editor"]):
        client.force_login(user)
        assert client.get(url + "?type=product_grid").status_code == 200
    client.force_login(staff["maintainer"])
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.as_of(page.latest_revision).blocks[-1]["label"] == "倒计时"
    n = page.latest_revision.number
    client.post(url, {**data, "until": "2026-02-30 10:00"})  # impossible date: a message
    client.force_login(staff["copy_editor"])  # writes documents, not topic pages: refused
    client.post(url, data)
    page.refresh_from_db()
    assert page.latest_revision.number == n


def test_signups_list_permissions_and_query_counts(client, staff, art, activity_planner,
                                                   chief_editor):  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = _topic(art, activity_planner, chief_editor, [{"type": "signup"}])
    url = "/backoffice/content/signup/"
    assert client.get(url).status_code == 302
    client.force_login(staff["purchasing"])
    assert client.get(url).status_code == 403
    for user in (art, staff["activity_planner"], staff["chief_editor"], staff["maintainer"],
                 staff["copy_editor"], staff["manager"]):  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == 200

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    SignUp.objects.create(page=page, name="甲", contact="a@b.cn")
    small = count()
    SignUp.objects.bulk_create(SignUp(page=page, name=f"人{i}", contact=f"{i}@b.cn")
                               for i in range(30))  # fmt: skip
    assert count() == small


def test_diff_of_a_50_block_page_names_the_changed_words(art):
    from siteops.core.revisions import diff

    blocks = [
        {"type": "richtext", "html": f"<p>第 {i} 段：{'活动说明。' * 30}</p>"} for i in range(50)
    ]
    page = services.page_create(actor=art, kind="topic", slug="long", data={"title": "长页",
                                                                           "blocks": blocks})  # fmt: skip
    first = page.latest_revision
    blocks[7]["html"] = blocks[7]["html"].replace("第 7 段", "第七段（改）")
    second = services.page_save(actor=art, page=page, data={"blocks": blocks})
    (changed,) = [d for d in diff(first, second) if d.changed]
    old = "".join(text for op, text in changed.chunks if op != "insert")
    new = "".join(text for op, text in changed.chunks if op != "delete")
    assert old == changed.old and new == changed.new
    inserted = "".join(text for op, text in changed.chunks if op == "insert")
    assert "（改）" in inserted and len(inserted) < 20  # word by word, not the whole block
