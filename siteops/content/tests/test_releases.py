"""Releases: pages, slogans, ads and a topic page go live together at one instant, all or
nothing; one invalid item → none published and the release says which; scheduled by the job."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.content import releases, services
from siteops.content.models import Placement, Release, Slogan, SloganVariant
from siteops.content.tasks import publish_due_releases
from siteops.core.errors import DomainError, NotAllowed
from siteops.merch.tests.factories import ad as make_ad

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


@pytest.fixture
def ready(copy_editor, chief_editor, activity_planner, art):
    """An approved document, an approved topic page, a slogan and a switched-off ad."""
    doc = draft(copy_editor, slug="new-returns", title="新退货规则")
    services.page_submit(actor=copy_editor, page=doc, publish_at=timezone.now()
                         + datetime.timedelta(days=7))  # fmt: skip
    approve_all(doc, chief_editor)
    topic = services.page_create(actor=art, kind="topic", slug="spring", data={
        "title": "春季大促", "blocks": [{"type": "richtext", "html": "<p>春季</p>"}]})  # fmt: skip
    services.page_submit(actor=art, page=topic, publish_at=timezone.now()
                         + datetime.timedelta(days=7))  # fmt: skip
    approve_all(topic, activity_planner, chief_editor)
    slogan = Slogan.objects.create(code="spring", text="冬季清仓")
    ad = make_ad(is_active=False, link="/t/spring/")
    assert doc.status == topic.status == "scheduled"
    return doc, topic, slogan, ad


def _release(ce, doc, topic, slogan, ad, text="春季大促，满199包邮"):
    release = releases.release_create(actor=ce, name="春季大促上线")
    releases.release_add_page(actor=ce, release=release, page=doc)
    releases.release_add_page(actor=ce, release=release, page=topic)
    releases.release_add_slogan(actor=ce, release=release, slogan=slogan, text=text)
    releases.release_add_ad(actor=ce, release=release, ad=ad)
    return release


def test_everything_goes_live_together(client, chief_editor, ready):
    doc, topic, slogan, ad = ready
    release = _release(chief_editor, *ready)
    assert client.get("/t/spring/").status_code == 404
    assert releases.release_publish(actor=chief_editor, release=release) is True
    assert release.status == "published" and release.published_at
    for page in (doc, topic):
        page.refresh_from_db()
        assert page.is_live and page.status == "published" and page.publish_at is None
    slogan.refresh_from_db()
    ad.refresh_from_db()
    assert slogan.text == "春季大促，满199包邮" and ad.is_active
    assert "春季" in client.get("/t/spring/").content.decode()
    with pytest.raises(DomainError):  # published once: a replay does nothing
        releases.release_publish(actor=chief_editor, release=release)


def test_one_invalid_item_publishes_nothing_and_is_named(client, chief_editor, ready):
    doc, topic, slogan, ad = ready
    placement = Placement.objects.create(code="banner", name="首页横幅", max_chars=4)
    SloganVariant.objects.create(slogan=slogan, placement=placement, text="清仓")
    release = _release(chief_editor, *ready, text="x" * 201)  # longer than a slogan may be
    assert releases.release_publish(actor=chief_editor, release=release) is False
    assert release.status == "failed" and "spring" in release.failure
    bad = release.items.exclude(error="")
    assert [i.kind for i in bad] == ["slogan"]
    for page in (doc, topic):
        page.refresh_from_db()
        assert not page.is_live and page.status == "approved"  # waiting for the release
        assert page.publish_at is None  # its own schedule handed to the release
    slogan.refresh_from_db()
    ad.refresh_from_db()
    assert slogan.text == "冬季清仓" and not ad.is_active
    assert client.get("/t/spring/").status_code == 404
    # fixed, it goes out whole
    releases.release_add_slogan(actor=chief_editor, release=release, slogan=slogan, text="春季上新")
    assert releases.release_publish(actor=chief_editor, release=release) is True
    assert not release.items.exclude(error="").exists()


def test_a_page_edited_after_approval_holds_the_release_back(copy_editor, chief_editor, ready):
    doc, topic, slogan, ad = ready
    release = _release(chief_editor, *ready)
    services.page_save(actor=copy_editor, page=doc, data={"title": "又改了"})  # back to draft
    assert releases.release_publish(actor=chief_editor, release=release) is False
    item = release.items.get(page=doc)
    assert item.error and not release.items.exclude(page=doc).exclude(error="").exists()
    topic.refresh_from_db()
    assert not topic.is_live


def test_scheduled_release_runs_once_by_the_job(chief_editor, ready):
    release = _release(chief_editor, *ready)
    when = timezone.now() + datetime.timedelta(hours=2)
    releases.release_schedule(actor=chief_editor, release=release, publish_at=when)
    assert publish_due_releases.call() == 0  # not yet
    with time_machine.travel(when + datetime.timedelta(seconds=30)):
        assert publish_due_releases.call() == 1
        assert publish_due_releases.call() == 0  # once
    release.refresh_from_db()
    assert release.status == "published"
    assert all(p.is_live for p in ready[:2] if not p.refresh_from_db())


def test_who_may(copy_editor, art, chief_editor, manager, ready):
    for user in (copy_editor, art):
        with pytest.raises(NotAllowed):
            releases.release_create(actor=user, name="x")
    release = releases.release_create(actor=manager, name="经理的发布")
    with pytest.raises(DomainError):  # a draft page has no approved revision
        releases.release_add_page(actor=manager, release=release,
                                  page=draft(copy_editor, slug="d2"))  # fmt: skip
    with pytest.raises(DomainError):
        releases.release_publish(actor=manager, release=release)  # empty
    with pytest.raises(DomainError):
        releases.release_schedule(actor=manager, release=release,
                                  publish_at=timezone.now() - datetime.timedelta(minutes=1))  # fmt: skip
    releases.release_cancel(actor=manager, release=release)
    with pytest.raises(DomainError):
        releases.release_add_slogan(actor=manager, release=release, slogan=ready[2], text="x")
    assert Release.objects.get(pk=release.pk).status == "cancelled"


def test_screens_permission_matrix(client, staff, chief_editor, art, ready):
    """GET and every POST: anonymous, other departments, writers (view only), publishers."""
    doc, topic, slogan, ad = ready
    cover = make_staff("cpy_cover", "CPY", kind="acting")
    release = releases.release_create(actor=chief_editor, name="发布")
    base = f"/backoffice/content/releases/{release.pk}/"
    viewers = [staff["copy_editor"], art, staff["activity_planner"], staff["maintainer"], cover]
    publishers = [chief_editor, staff["manager"]]

    def get(user, url):
        client.logout()
        if user:
            client.force_login(user)
        return client.get(url).status_code

    def post(user, url, data=None):
        client.logout()
        if user:
            client.force_login(user)
        return client.post(url, data or {}).status_code

    for url in (base, "/backoffice/content/release/"):
        assert get(None, url) == 302
        assert get(staff["purchasing"], url) == 403
        for user in viewers + publishers:
            assert get(user, url) == 200, (user, url)
    assert get(staff["copy_editor"], "/backoffice/content/releases/new/") == 403
    assert get(chief_editor, "/backoffice/content/releases/new/") == 200
    assert get(chief_editor, "/backoffice/content/releases/99999/") == 404
    posts = {"add-page/": {"page": doc.pk}, "add-slogan/": {"slogan": slogan.pk, "text": "春"},
             "add-ad/": {"ad": ad.pk}}  # fmt: skip
    for action, data in posts.items():
        assert post(None, base + action, data) == 302
        assert post(staff["purchasing"], base + action, data) == 403
        assert post(staff["copy_editor"], base + action, data) == 403
        assert post(art, base + action, data) == 403
    assert not release.items.exists()
    for action, data in posts.items():
        assert post(chief_editor, base + action, data) == 302
    assert release.items.count() == 3
    assert post(staff["manager"], base + "add-page/", {"page": topic.pk}) == 302
    assert post(chief_editor, base + "add-slogan/", {"slogan": slogan.pk, "text": ""}) == 302
    assert release.items.count() == 4  # bad input: a message, nothing added
    assert post(chief_editor, base + "schedule/", {"publish_at": "2026-02-30 10:00"}) == 302
    release.refresh_from_db()
    assert release.status == "draft"
    for action in ("publish/", "schedule/", "cancel/", "remove/"):
        assert post(staff["copy_editor"], base + action) == 403
    assert post(chief_editor, base + "remove/", {"item": "x\x00"}) == 302
    assert post(chief_editor, base + "publish/") == 302
    release.refresh_from_db()
    assert release.status == "published"
    assert client.get(base + "publish/").status_code == 405
    r = client.post("/backoffice/content/releases/new/", {"name": "第二个"})
    assert r.status_code == 302 and Release.objects.filter(name="第二个").exists()
