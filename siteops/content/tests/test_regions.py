"""ART-03: the shop's header, footer, home blocks and category banner are content with the same
revisions and approval; a redesign goes live at once, and one click rolls it back."""

import pytest

from conftest import make_staff
from siteops.catalog.models import Category
from siteops.content import services
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed

from .helpers import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


def _region(art, ce, slug, body):
    page = services.page_create(actor=art, kind="region", slug=slug, data={"title": slug,
                                                                          "body": body})  # fmt: skip
    services.page_submit(actor=art, page=page)
    approve_all(page, ce)
    return page


def test_redesign_goes_live_at_once_and_rolls_back_in_one_click(client, art, chief_editor):
    Category.objects.create(name="茶具", slug="tea")
    header = _region(art, chief_editor, "shop-header", "<p>双十二全场包邮</p>")
    _region(art, chief_editor, "shop-footer", "<p>客服电话 400-000-0000</p>")
    _region(art, chief_editor, "shop-home", "<p>首页新版头图</p>")
    _region(art, chief_editor, "category-banner", "<p>品类通用横幅</p>")
    home = client.get("/").content.decode()
    assert "双十二全场包邮" in home and "400-000-0000" in home and "首页新版头图" in home
    assert "品类通用横幅" in client.get("/c/tea/").content.decode()
    _region(art, chief_editor, "category-banner-tea", "<p>茶具专属横幅</p>")
    tea = client.get("/c/tea/").content.decode()
    assert "茶具专属横幅" in tea and "品类通用横幅" not in tea

    # the redesign: a draft is invisible until approved, then live on the next request
    services.page_save(actor=art, page=header, data={"body": "<p>新年新气象</p>"})
    assert "双十二全场包邮" in client.get("/").content.decode()
    services.page_submit(actor=art, page=header)
    approve_all(header, chief_editor)
    assert "新年新气象" in client.get("/").content.decode()

    # one click back (the chief editor's button on the page's screen)
    client.force_login(art)
    assert client.post(f"/backoffice/content/pages/{header.pk}/rollback/").status_code == 403
    client.force_login(chief_editor)
    detail = client.get(f"/backoffice/content/pages/{header.pk}/").content.decode()
    assert 'id="rollback-page"' in detail
    assert client.post(f"/backoffice/content/pages/{header.pk}/rollback/").status_code == 302
    client.logout()
    html = client.get("/").content.decode()
    assert "双十二全场包邮" in html and "新年新气象" not in html
    header.refresh_from_db()
    assert header.live_revision.number == 1 and header.status == "published"


def test_rules(art, copy_editor, chief_editor):
    with pytest.raises(DomainError):  # a region needs a region's address …
        services.page_create(actor=art, kind="region", slug="banner", data={"title": "x"})
    with pytest.raises(DomainError):  # … and no other page may take one
        services.page_create(actor=art, kind="topic", slug="shop-header", data={"title": "x"})
    with pytest.raises(NotAllowed):  # the copy editor does not redesign the shop
        services.page_create(
            actor=copy_editor, kind="region", slug="shop-home", data={"title": "x"}
        )
    page = _region(art, chief_editor, "shop-home", "<p>一</p>")
    with pytest.raises(IllegalTransition):  # nothing earlier to go back to
        services.page_rollback(actor=chief_editor, page=page)


def test_regions_screen_permissions(client, staff, art):
    cover = make_staff("cpy_cover", "CPY", kind="acting")
    url = "/backoffice/content/regions/"
    assert client.get(url).status_code == 302
    for user in (staff["purchasing"], staff["service"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
    for user in (art, staff["copy_editor"], staff["chief_editor"], staff["activity_planner"],
                 staff["maintainer"], staff["manager"], cover):  # fmt: skip
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200 and 'data-region="shop-header"' in r.content.decode()
    client.force_login(art)
    r = client.get("/backoffice/content/pages/new/?kind=region&slug=shop-header")
    assert 'value="shop-header"' in r.content.decode()
