"""Bulk publish/unpublish lists every affected address and asks for confirmation; the list
shows "published, newer draft"; a page in review is locked for its author until withdrawn."""

import pytest

from siteops.content import services
from siteops.core.errors import NotAllowed
from siteops.core.revisions import PublicationState

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db

URL = "/backoffice/content/page/"


def _approved(cpy, ce, slug, publish_at=None):
    import datetime

    from django.utils import timezone

    page = draft(cpy, slug=slug, title=slug)
    services.page_submit(actor=cpy, page=page,
                         publish_at=timezone.now() + datetime.timedelta(days=3))  # fmt: skip
    approve_all(page, ce)
    return page


def test_bulk_publish_asks_first_with_the_addresses(client, copy_editor, chief_editor):
    a = _approved(copy_editor, chief_editor, "pay")
    b = _approved(copy_editor, chief_editor, "ship")
    d = draft(copy_editor, slug="wip", title="wip")
    client.force_login(chief_editor)
    data = {"action": "bulk_publish", "_selected_action": [a.pk, b.pk, d.pk]}
    r = client.post(URL, data)
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-url="/help/pay/"' in html and 'data-url="/help/ship/"' in html
    assert 'data-url="/help/wip/"' not in html and "bulk-skipped" in html
    a.refresh_from_db()
    assert not a.is_live  # nothing happens before the confirmation
    r = client.post(URL, {**data, "confirm": "yes"})
    assert r.status_code == 302
    for p in (a, b):
        p.refresh_from_db()
        assert p.is_live and p.status == "published"
    d.refresh_from_db()
    assert not d.is_live
    # unpublish lists the live ones, then takes them off
    data = {"action": "bulk_unpublish", "_selected_action": [a.pk, d.pk]}
    html = client.post(URL, data).content.decode()
    assert 'data-url="/help/pay/"' in html and 'data-url="/help/wip/"' not in html
    client.post(URL, {**data, "confirm": "yes"})
    a.refresh_from_db()
    assert not a.is_live and client.get("/help/pay/").status_code == 404


def test_bulk_actions_only_for_publishers(client, staff, copy_editor, chief_editor):
    a = _approved(copy_editor, chief_editor, "pay")
    for user in (copy_editor, staff["activity_planner"], staff["maintainer"]):
        client.force_login(user)
        r = client.post(URL, {"action": "bulk_publish", "_selected_action": [a.pk],
                              "confirm": "yes"})  # fmt: skip
        assert r.status_code in (200, 302)
        a.refresh_from_db()
        assert not a.is_live
    client.force_login(staff["purchasing"])
    assert (
        client.post(URL, {"action": "bulk_publish", "_selected_action": [a.pk]}).status_code == 403
    )
    client.logout()
    assert (
        client.post(URL, {"action": "bulk_publish", "_selected_action": [a.pk]}).status_code == 302
    )
    a.refresh_from_db()
    assert not a.is_live
    client.force_login(staff["manager"])
    client.post(URL, {"action": "bulk_publish", "_selected_action": [a.pk], "confirm": "yes"})
    a.refresh_from_db()
    assert a.is_live


def test_published_newer_draft_and_review_lock(client, copy_editor, chief_editor):
    page = draft(copy_editor)
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    services.page_save(actor=copy_editor, page=page, data={"title": "如何退货（修订）"})
    assert page.publication_state == PublicationState.LIVE_DRAFT
    client.force_login(copy_editor)
    assert str(PublicationState.LIVE_DRAFT.label) in client.get(URL).content.decode()
    detail = client.get(f"/backoffice/content/pages/{page.pk}/").content.decode()
    assert str(PublicationState.LIVE_DRAFT.label) in detail
    services.page_submit(actor=copy_editor, page=page)
    detail = client.get(f"/backoffice/content/pages/{page.pk}/").content.decode()
    assert 'id="edit-page"' not in detail and 'id="withdraw-page"' in detail
    with pytest.raises(NotAllowed):
        services.page_save(actor=copy_editor, page=page, data={"title": "偷偷改"})
    client.post(f"/backoffice/content/pages/{page.pk}/edit/", {"title": "偷偷改", "order": 0})
    page.refresh_from_db()
    assert page.as_of(page.latest_revision).title == "如何退货（修订）"
    services.page_withdraw(actor=copy_editor, page=page)
    services.page_save(actor=copy_editor, page=page, data={"title": "撤回后再改"})
    page.refresh_from_db()
    assert page.status == "draft" and page.is_live
