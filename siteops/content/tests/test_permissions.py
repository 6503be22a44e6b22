"""Who may open and use the content screens and endpoints: copy editor, art editor (acting),
activity planner, chief editor, maintainer, manager acting for a vacant copy editor, another
department, anonymous — GET and each POST."""

import pytest

from conftest import make_staff
from siteops.content import services
from siteops.content.models import Page

from .helpers import approve_all, draft

pytestmark = pytest.mark.django_db

WRITERS = ["copy_editor", "chief_editor", "activity_planner", "maintainer", "art_acting",
           "cpy_cover"]  # fmt: skip


@pytest.fixture
def people(staff):
    people = dict(staff)
    people["art_acting"] = make_staff("art_acting", "ART", kind="acting")
    # an acting holder of the copy editor position (the manager is the MGR-20 cover, below)
    people["cpy_cover"] = make_staff("cpy_cover", "CPY", kind="acting")
    return people


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("url", ["/backoffice/content/page/", "/backoffice/content/pages/new/"])
def test_lists_and_new(client, people, url):
    assert _get(client, None, url) == 302  # anonymous: to the login
    assert _get(client, people["purchasing"], url) == 403  # another department
    assert _get(client, people["warehouse"], url) == 403
    for name in WRITERS:
        assert _get(client, people[name], url) == 200, name


def test_detail_edit_and_history(client, people):
    page = draft(people["copy_editor"])
    for url in (f"/backoffice/content/pages/{page.pk}/", f"/backoffice/content/pages/{page.pk}/edit/",
                f"/backoffice/revisions/content/page/{page.pk}/"):  # fmt: skip
        assert _get(client, None, url) == 302
        assert _get(client, people["purchasing"], url) == 403
        assert _get(client, people["service"], url) == 403
        for name in WRITERS:
            assert _get(client, people[name], url) == 200, (name, url)
    assert _get(client, people["copy_editor"], "/backoffice/content/pages/99999/") == 404


def _post(client, user, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, data or {})


def _form(**kw):
    return {"kind": "process", "slug": "how-to-pay", "title": "如何付款", "body": "<p>支付宝</p>",
            "order": 0, "footer_group": "shopping", **kw}  # fmt: skip


def test_create_post(client, people):
    url = "/backoffice/content/pages/new/"
    assert _post(client, None, url, _form()).status_code == 302
    assert _post(client, people["purchasing"], url, _form()).status_code == 403
    assert not Page.objects.exists()
    r = _post(client, people["cpy_cover"], url, _form())  # manager acting for vacant CPY
    page = Page.objects.get(slug="how-to-pay")
    assert r.status_code == 302 and page.events.get(action="created").acting
    # MGR-20: the manager writes basic and process documents in the copy editor's place
    assert _post(client, people["manager"], url, _form(slug="mgr-doc")).status_code == 302
    assert Page.objects.get(slug="mgr-doc").events.get().position_code == "MGR"
    # the activity planner writes topic pages, not documents: refused with a message, no 500
    r = _post(client, people["activity_planner"], url, _form(slug="act-doc"))
    assert r.status_code == 200 and not Page.objects.filter(slug="act-doc").exists()
    # bad input: clear form errors
    r = _post(client, people["copy_editor"], url, _form(slug="bad slug!", blocks="[not json"))
    assert r.status_code == 200 and Page.objects.count() == 2


def test_edit_post(client, people):
    page = draft(people["copy_editor"])
    url = f"/backoffice/content/pages/{page.pk}/edit/"
    data = _form(title="如何退货（改）")
    assert _post(client, None, url, data).status_code == 302
    assert _post(client, people["purchasing"], url, data).status_code == 403
    assert _post(client, people["copy_editor"], url, data).status_code == 302
    page.refresh_from_db()
    assert page.latest_revision.number == 2 and page.slug == "how-to-return"  # slug fixed


def test_workflow_posts(client, people):
    cpy, ce = people["copy_editor"], people["chief_editor"]
    page = draft(cpy)
    base = f"/backoffice/content/pages/{page.pk}/"
    assert _post(client, None, base + "submit/").status_code == 302
    assert _post(client, people["purchasing"], base + "submit/").status_code == 403
    assert _post(client, cpy, base + "submit/").status_code == 302
    page.refresh_from_db()
    assert page.status == "in_review"
    assert _post(client, ce, base + "withdraw/").status_code == 302  # not CE's submission
    page.refresh_from_db()
    assert page.status == "in_review"
    assert _post(client, cpy, base + "withdraw/").status_code == 302
    page.refresh_from_db()
    assert page.status == "draft"
    services.page_submit(actor=cpy, page=page, publish_at=None)
    approve_all(page, ce)
    for action in ("publish", "schedule", "unschedule", "unpublish"):
        assert _post(client, None, base + f"{action}/").status_code == 302
        assert _post(client, cpy, base + f"{action}/").status_code == 403, action  # checkers only
        assert _post(client, people["purchasing"], base + f"{action}/").status_code == 403
    assert _post(client, ce, base + "schedule/", {"publish_at": "bad"}).status_code == 302
    assert _post(client, ce, base + "unpublish/").status_code == 302
    page.refresh_from_db()
    assert page.status == "unpublished"
    assert _post(client, people["manager"], base + "publish/").status_code == 302  # not approved
    page.refresh_from_db()
    assert not page.is_live
    assert client.get(base + "submit/").status_code == 405  # POST only


def test_drafts_are_404_to_other_departments_on_the_shop(client, people):
    draft(people["copy_editor"])
    client.force_login(people["purchasing"])
    assert client.get("/help/how-to-return/").status_code == 404
    assert client.get("/t/how-to-return/").status_code == 404
