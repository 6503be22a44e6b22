"""CPY-04: slogans with a variant per placement within its character limit, used by reference
on pages, with a "used in" list; a used slogan cannot be deleted."""

import pytest
from django.core.exceptions import ValidationError

from siteops.content import services
from siteops.content.models import Placement, Slogan, SloganVariant
from siteops.content.selectors import slogan_used_in

from .helpers import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def slogan():
    banner = Placement.objects.create(code="banner", name="首页横幅", max_chars=8)
    s = Slogan.objects.create(code="year-end", text="年终大促，全场满199包邮")
    SloganVariant.objects.create(slogan=s, placement=banner, text="年终大促", text_en="Sale")
    return s


def test_variant_longer_than_its_placement_is_refused(slogan):
    v = SloganVariant(slogan=slogan, placement=Placement.objects.get(), text="一二三四五六七八九")
    with pytest.raises(ValidationError):
        v.full_clean()


def test_used_in_and_rendering_by_reference(client, slogan, activity_planner, chief_editor):
    from conftest import make_staff

    art = make_staff("art_acting", "ART", kind="acting")
    page = services.page_create(actor=art, kind="topic", slug="sale", data={
        "title": "大促", "blocks": [{"type": "slogan", "slogan": "year-end", "placement": "banner"}],
    })  # fmt: skip
    assert slogan_used_in(slogan) == [page]
    services.page_submit(actor=art, page=page)
    approve_all(page, activity_planner, chief_editor)
    assert "年终大促" in client.get("/t/sale/").content.decode()
    Slogan.objects.filter(pk=slogan.pk).update(text="x")  # the variant is what the banner shows
    with pytest.raises(Exception):  # noqa: B017 - unknown slogan code refused on save
        services.page_save(
            actor=art, page=page, data={"blocks": [{"type": "slogan", "slogan": "no"}]}
        )


def test_admin_screens_and_delete_refused_when_used(client, slogan, copy_editor, purchasing):
    from conftest import make_staff

    art = make_staff("art_acting", "ART", kind="acting")
    url = f"/backoffice/content/slogan/{slogan.pk}/change/"
    assert client.get(url).status_code == 302
    client.force_login(purchasing)
    assert client.get(url).status_code == 403
    client.force_login(copy_editor)
    assert "sale" not in client.get(url).content.decode()  # not used yet
    assert client.get(f"/backoffice/content/slogan/{slogan.pk}/delete/").status_code == 200
    services.page_create(actor=art, kind="topic", slug="sale", data={
        "title": "大促", "blocks": [{"type": "slogan", "slogan": "year-end", "placement": "banner"}],
    })  # fmt: skip
    html = client.get(url).content.decode()
    assert "/backoffice/content/pages/" in html and "大促" in html  # "used in" names the page
    assert client.get(f"/backoffice/content/slogan/{slogan.pk}/delete/").status_code == 403
    assert client.get("/backoffice/content/slogan/").status_code == 200
