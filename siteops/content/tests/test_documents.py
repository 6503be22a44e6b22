"""Documents (CPY-01…03): every save a revision, review by the chief editor, rejection with a
comment that reaches the author, scheduled go-live exactly once, rollback, shop 404 for drafts."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from siteops.approvals.services import approval_reject
from siteops.content import services
from siteops.content.models import Page
from siteops.core.errors import DomainError, NotAllowed
from siteops.core.revisions import revision_publish, revisions_of
from siteops.storefront.cache import shop_version
from siteops.work.models import Notification

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db


def test_body_is_sanitised_and_every_save_a_revision(copy_editor):
    page = draft(copy_editor, body='<p onclick="x()">退货</p><script>alert(1)</script>')
    assert "script" not in page.body and "onclick" not in page.body
    services.page_save(
        actor=copy_editor, page=page, data={"body": "<p>改</p><img src=x onerror=y>"}
    )
    revs = list(revisions_of(page))
    assert [r.number for r in revs] == [2, 1]
    assert "onerror" not in revs[0].data["body"]


def test_review_reject_fix_approve_publishes_and_shop_shows_it(client, copy_editor, chief_editor):
    page = draft(copy_editor)
    assert client.get("/help/how-to-return/").status_code == 404  # a draft: 404 to the public
    services.page_submit(actor=copy_editor, page=page)
    assert page.status == "in_review"
    with pytest.raises(NotAllowed):  # locked for its author while in review
        services.page_save(actor=copy_editor, page=page, data={"title": "改"})
    approval = services.pending_approval(page)
    approval_reject(actor=chief_editor, approval=approval, comment="请补充退款时限")
    page.refresh_from_db()
    assert page.status == "draft"
    note = Notification.objects.get(user=copy_editor)
    assert "请补充退款时限" in note.message
    assert page.events.filter(action="rejected", comment="请补充退款时限").exists()

    services.page_save(actor=copy_editor, page=page, data={"body": "<p>退款三个工作日内到账。</p>"})
    services.page_submit(actor=copy_editor, page=page)
    version = shop_version()
    approve_all(page, chief_editor)
    assert page.status == "published" and page.live_revision.number == 2
    assert shop_version() > version  # the shop's cache version is raised on publish
    html = client.get("/help/how-to-return/").content.decode()
    assert "退款三个工作日内到账" in html
    assert 'href="/help/how-to-return/"' in client.get("/").content.decode()  # in the footer


def test_author_cannot_approve_own_page_and_cpy_cannot_publish(copy_editor):
    page = draft(copy_editor)
    with pytest.raises(NotAllowed):
        services.page_unpublish(actor=copy_editor, page=page)
    with pytest.raises(NotAllowed):
        revision_publish(actor=copy_editor, obj=page)


def test_rollback_to_first_revision(client, copy_editor, chief_editor):
    page = draft(copy_editor, body="<p>第一版</p>")
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    services.page_save(actor=copy_editor, page=page, data={"body": "<p>第二版</p>"})
    assert "第一版" in client.get("/help/how-to-return/").content.decode()  # draft not shown
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    assert "第二版" in client.get("/help/how-to-return/").content.decode()
    first = revisions_of(page).get(number=1)
    client.force_login(chief_editor)
    r = client.post(f"/backoffice/revisions/content/page/{page.pk}/1/publish/")
    assert r.status_code == 302
    page.refresh_from_db()
    assert page.live_revision == first
    client.logout()
    assert "第一版" in client.get("/help/how-to-return/").content.decode()


def test_scheduled_publish_exactly_once(client, copy_editor, chief_editor):
    start = timezone.now()
    go_live = start + datetime.timedelta(hours=2)
    page = draft(copy_editor)
    with time_machine.travel(start, tick=False):
        services.page_submit(actor=copy_editor, page=page, publish_at=go_live)
        approve_all(page, chief_editor)
        assert page.status == "scheduled" and not page.is_live
        assert services.scheduled_publish_run() == 0
    with time_machine.travel(go_live + datetime.timedelta(seconds=30), tick=False):
        assert services.scheduled_publish_run() == 1
        assert services.scheduled_publish_run() == 0  # exactly once
    page.refresh_from_db()
    assert page.status == "published" and page.publish_at is None
    assert page.scheduled_revision_id is None
    assert page.events.filter(action="published").count() == 1
    assert client.get("/help/how-to-return/").status_code == 200
    # after the schedule ran the next save works (Wagtail #13896)
    services.page_save(actor=copy_editor, page=page, data={"title": "如何退货（新）"})


def test_cancel_schedule(copy_editor, chief_editor):
    page = draft(copy_editor)
    services.page_submit(
        actor=copy_editor, page=page, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    approve_all(page, chief_editor)
    services.page_unschedule(actor=chief_editor, page=page)
    page.refresh_from_db()
    assert page.status == "approved" and page.publish_at is None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert services.scheduled_publish_run() == 0
    services.page_publish_approved(actor=chief_editor, page=page)
    page.refresh_from_db()
    assert page.is_live


def test_unpublish_answers_404(client, copy_editor, chief_editor):
    page = draft(copy_editor)
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    assert client.get("/help/how-to-return/").status_code == 200
    services.page_unpublish(actor=chief_editor, page=page)
    assert Page.objects.get(pk=page.pk).status == "unpublished"
    assert client.get("/help/how-to-return/").status_code == 404


def test_english_falls_back_to_chinese(client, copy_editor, chief_editor):
    page = draft(copy_editor, data={"title_en": "How to return"})
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    client.cookies["django_language"] = "en"
    html = client.get("/help/how-to-return/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How to return" in html and "七天无理由退货" in html  # no English body: Chinese


def test_kind_rules_and_slug_clash(copy_editor, activity_planner):
    draft(copy_editor)
    with pytest.raises(DomainError):
        draft(copy_editor)  # same address
    with pytest.raises(NotAllowed):
        draft(activity_planner, slug="other", kind="basic")  # ACT writes topic pages only


def test_needs_design_opens_work_for_art(copy_editor):
    from siteops.work.models import WorkItem

    page = draft(copy_editor, slug="brand-story", kind="promo", needs_design=True)
    item = WorkItem.objects.get(position__code="ART")
    assert page.title in item.title
    assert page.design_requests.get().status == "open"


def test_help_centre_search(client, copy_editor, chief_editor):
    page = draft(copy_editor)
    services.page_submit(actor=copy_editor, page=page)
    approve_all(page, chief_editor)
    draft(copy_editor, slug="secret-draft", title="未发布的退货草稿")
    html = client.get("/help/?q=退货").content.decode()
    assert "如何退货" in html and "未发布的退货草稿" not in html
    assert client.get("/help/?q=%00").status_code == 400  # hostile input: a clear 400, no 500
    assert client.get("/help/?q=" + "长" * 500).status_code == 200
