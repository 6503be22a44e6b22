"""Preview at desktop and phone width; a shareable, read-only preview link with an expiry for
reviewers without an account, revocable (signed token)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.content import previews, services
from siteops.content.models import PreviewLink

from .helpers import draft

pytestmark = pytest.mark.django_db


def _url(link):
    return f"/preview/{previews.token_for(link)}/"


def test_link_opens_without_account_until_expiry(client, copy_editor):
    page = draft(copy_editor)
    services.page_save(actor=copy_editor, page=page, data={"body": "<p>第二稿：十五天退货</p>"})
    link = previews.link_create(actor=copy_editor, page=page, hours=2, note="客服部")
    assert client.get("/help/how-to-return/").status_code == 404  # still a draft to the public
    r = client.get(_url(link))
    assert r.status_code == 200 and "第二稿：十五天退货" in r.content.decode()
    assert r["Cache-Control"] == "private, no-store" and "noindex" in r["X-Robots-Tag"]
    assert client.post(_url(link)).status_code == 405  # read-only
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, seconds=1)):
        assert client.get(_url(link)).status_code == 404  # expired


def test_revoked_and_forged_links_do_not_open(client, copy_editor):
    page = draft(copy_editor)
    link = previews.link_create(actor=copy_editor, page=page, hours=24)
    token = previews.token_for(link)
    other = PreviewLink.objects.create(page=page, revision=page.latest_revision,
                                       expires_at=link.expires_at)  # fmt: skip
    from django.core.signing import b64_encode

    payload = b64_encode(f'{{"l":{other.pk}}}'.encode()).decode()
    forged = payload + token[token.index(":") :]  # another row's id under this link's signature
    assert client.get(f"/preview/{forged}/").status_code == 404  # signature no longer matches
    assert client.get("/preview/not-a-token/").status_code == 404
    assert client.get("/preview/%00x/").status_code == 404
    previews.link_revoke(actor=copy_editor, link=link)
    assert client.get(_url(link)).status_code == 404


def test_bad_input(copy_editor):
    from siteops.core.errors import DomainError

    page = draft(copy_editor)
    for hours in (0, 24 * 31):
        with pytest.raises(DomainError):
            previews.link_create(actor=copy_editor, page=page, hours=hours)


def test_preview_screens_permission_matrix(client, staff):
    art = make_staff("art_acting", "ART", kind="acting")
    cover = make_staff("cpy_cover", "CPY", kind="acting")
    page = draft(staff["copy_editor"])
    base = f"/backoffice/content/pages/{page.pk}/preview/"
    writers = [staff["copy_editor"], art, staff["activity_planner"], staff["chief_editor"],
               staff["maintainer"], staff["manager"], cover]  # fmt: skip
    for url in (base, base + "frame/", base + "frame/?rev=1"):
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(staff["purchasing"])
        assert client.get(url).status_code == 403
        for user in writers:
            client.force_login(user)
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(staff["copy_editor"])
    r = client.get(base)
    assert (
        'id="preview-desktop"' in r.content.decode() and 'id="preview-phone"' in r.content.decode()
    )
    assert client.get(base + "frame/")["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(base + "frame/?rev=99").status_code == 404
    # share and revoke: POST only, writers only
    for user, code in ((None, 302), (staff["purchasing"], 403), (staff["product_editor"], 403)):
        client.logout()
        if user:
            client.force_login(user)
        assert client.post(base + "share/", {"hours": 5}).status_code == code
    assert not PreviewLink.objects.exists()
    for user in writers:
        client.force_login(user)
        assert client.post(base + "share/", {"hours": 5, "note": "x"}).status_code == 302
    assert PreviewLink.objects.count() == len(writers)
    client.force_login(staff["copy_editor"])
    assert client.post(base + "share/", {"hours": "1e300000"}).status_code == 302  # a message
    assert PreviewLink.objects.count() == len(writers)
    link = PreviewLink.objects.first()
    client.force_login(staff["purchasing"])
    assert client.post(base + f"links/{link.pk}/revoke/").status_code == 403
    client.force_login(staff["chief_editor"])
    assert client.post(base + f"links/{link.pk}/revoke/").status_code == 302
    assert client.post(base + "links/999999/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(base + "share/").status_code == 405
