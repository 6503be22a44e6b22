"""The API reads only published pages; topic pages are built from blocks, and a failing block
renders nothing and logs (the page still answers 200)."""

import pytest

from siteops.content import blocks, services
from siteops.core.errors import DomainError
from siteops.orders.tests import factories as f

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db


def _topic(art, planner, ce, **data):
    page = services.page_create(
        actor=art, kind="topic", slug="sale", data={"title": "大促", **data}
    )
    services.page_submit(actor=art, page=page)
    approve_all(page, planner, ce)
    return page


@pytest.fixture
def art():
    from conftest import make_staff

    return make_staff("art_acting", "ART", kind="acting")


def test_topic_page_needs_activity_planner_then_chief_editor(client, art, activity_planner,
                                                             chief_editor):  # fmt: skip
    from siteops.approvals.services import approval_approve

    page = services.page_create(actor=art, kind="topic", slug="sale", data={"title": "大促"})
    services.page_submit(actor=art, page=page)
    approval = services.pending_approval(page)
    assert [s.position.code for s in approval.steps.all()] == ["ACT", "CE"]
    approval_approve(actor=activity_planner, approval=approval)
    page.refresh_from_db()
    assert page.status == "in_review" and client.get("/t/sale/").status_code == 404
    approval_approve(actor=chief_editor, approval=approval)
    assert client.get("/t/sale/").status_code == 200


def test_blocks_render_product_grid_and_countdown(client, art, activity_planner, chief_editor):
    tea = f.category("茶具", slug="tea")
    f.sku(title="陶瓷茶杯", price="59.00", cat=tea)
    f.sku(title="紫砂壶", price="599.00", cat=tea)
    _topic(art, activity_planner, chief_editor, blocks=[
        {"type": "richtext", "html": "<p>活动说明</p><script>x</script>"},
        {"type": "product_grid", "title": "百元以内", "category": "tea", "max_price": "100"},
        {"type": "countdown", "label": "距结束", "until": "2099-01-01 00:00"},
        {"type": "image", "src": "/media/a.png", "alt": "横幅", "link": "/c/tea/"},
    ])  # fmt: skip
    html = client.get("/t/sale/").content.decode()
    assert "活动说明" in html and "<script>x" not in html
    assert "陶瓷茶杯" in html and "紫砂壶" not in html
    assert "距结束" in html and 'alt="横幅"' in html


def test_bad_block_settings_are_refused_with_a_clear_error(art):
    page = services.page_create(actor=art, kind="topic", slug="sale", data={"title": "大促"})
    for bad in ([{"type": "nope"}], [{"type": "image", "src": "javascript:alert(1)"}],
                [{"type": "product_grid", "limit": "9999"}], "not a list",
                [{"type": "countdown", "until": "someday"}]):  # fmt: skip
        with pytest.raises(DomainError):
            services.page_save(actor=art, page=page, data={"blocks": bad})


def test_a_failing_block_renders_nothing_and_logs(client, art, activity_planner, chief_editor,
                                                  monkeypatch, caplog):  # fmt: skip
    _topic(art, activity_planner, chief_editor, blocks=[
        {"type": "richtext", "html": "<p>之前</p>"},
        {"type": "product_grid", "title": "坏了"},
        {"type": "richtext", "html": "<p>之后</p>"},
    ])  # fmt: skip

    def boom(settings):
        raise RuntimeError("catalogue down")

    monkeypatch.setattr(blocks.ProductGrid, "products", boom)
    r = client.get("/t/sale/")
    html = r.content.decode()
    assert r.status_code == 200 and "之前" in html and "之后" in html and "坏了" not in html
    assert "failed to render" in caplog.text


def test_api_reads_only_published_pages(client, api_client_for, copy_editor, chief_editor):
    _c, token = api_client_for("PUR-COL")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    live = draft(copy_editor, data={"title_en": "How to return"})
    services.page_submit(actor=copy_editor, page=live)
    approve_all(live, chief_editor)
    draft(copy_editor, slug="secret", title="草稿")
    assert client.get("/api/v1/content/pages").status_code == 401
    rows = client.get("/api/v1/content/pages", **auth).json()
    assert [r["slug"] for r in rows] == ["how-to-return"]
    one = client.get("/api/v1/content/pages/how-to-return", **auth).json()
    assert one["title_en"] == "How to return" and one["revision"] == 1
    assert client.get("/api/v1/content/pages/secret", **auth).status_code == 404
    assert client.get("/api/v1/content/pages?kind=bogus", **auth).status_code == 400
    assert client.get("/api/v1/content/pages/" + "x" * 300, **auth).status_code == 404
