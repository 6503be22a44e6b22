"""MNT-02: the points claim block on a topic page. The art editor places it with its settings
form (a known, active project; points and a cap within bounds and the budget); a visitor sees
"log in to claim", a customer the button, then "claimed"; the cap, the project's end and
staff accounts are refused with a clear message; a double submit claims once; the points show
on the customer's points page with their source; the points lead sees who claimed and how many
remain."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from conftest import make_staff
from siteops.campaigns.blocks import PointsClaim, PointsClaimForm
from siteops.content import services as content
from siteops.content.block_forms import block_from_form, form_for
from siteops.content.blocks import clean_blocks, render_blocks
from siteops.content.tests.helpers import approve_all
from siteops.core.errors import DomainError
from siteops.loyalty.choices import EntryKind, EntrySource, MemberStatus, ProjectStatus
from siteops.loyalty.claims import points_claim
from siteops.loyalty.models import Claim, ClaimPool, LedgerEntry, Member, Project
from siteops.loyalty.tests.helpers import active_project
from siteops.org.models import User

pytestmark = pytest.mark.django_db

URL = "/t/points/claim/spring/"


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


@pytest.fixture
def project(process_editor, leader):
    return active_project(process_editor, leader, code="JF1", budget=100_000)


def _block(**data):
    form = PointsClaimForm({"project": "JF1", "points": 200, "cap": 2, "key": "spring",
                            "title": "领取积分", "button": "立即领取", **data})  # fmt: skip
    assert form.is_valid(), form.errors
    return block_from_form("points_claim", form)


def _topic(art, ap, ce, blocks, slug="points"):
    page = content.page_create(actor=art, kind="topic", slug=slug,
                               data={"title": "积分专题", "blocks": blocks})  # fmt: skip
    content.page_submit(actor=art, page=page)
    approve_all(page, ap, ce)
    return page


def _customer(name):
    return User.objects.create_user(name, f"{name}@example.com", "pw-customer-123")


def _html(client):
    return client.get("/t/points/").content.decode()


def test_render_states_and_claim_once(client, art, activity_planner, chief_editor, project):
    page = _topic(art, activity_planner, chief_editor, [_block()])
    html = _html(client)  # anonymous: the login link back to the page, no form
    assert 'data-state="login"' in html and "/account/login/?next=%2Ft%2Fpoints%2F" in html
    assert "claim-form" not in html and "领取积分" in html and "200" in html

    alice, bob, carol = _customer("alice"), _customer("bob"), _customer("carol")
    client.force_login(alice)
    html = _html(client)
    assert 'data-state="open"' in html and f'action="{URL}"' in html and "立即领取" in html
    assert "csrfmiddlewaretoken" in html
    r1 = client.post(URL)
    r2 = client.post(URL)  # a double submit
    assert r1.status_code == r2.status_code == 302 and r1["Location"] == "/t/points/"
    assert Claim.objects.filter(customer=alice).count() == 1
    entry = LedgerEntry.objects.get(member__customer=alice)
    assert (entry.kind, entry.entry_source, entry.points) == (EntryKind.EARN, EntrySource.CLAIM,
                                                              200)  # fmt: skip
    assert entry.available_on == timezone.localdate()
    member = Member.objects.get(customer=alice, project=project)  # joined by claiming
    assert member.balance == 200 and member.status == MemberStatus.ACTIVE
    assert 'data-state="claimed"' in _html(client)

    client.force_login(bob)
    client.post(URL)
    client.force_login(carol)  # the cap is 2
    assert 'data-state="all_claimed"' in _html(client)
    assert client.post(URL).status_code == 302
    assert not Claim.objects.filter(customer=carol).exists()
    pool = ClaimPool.objects.get()
    assert (pool.claimed, pool.cap, pool.remaining) == (2, 2, 0)
    assert pool.ref == f"page:{page.pk}:spring" and pool.link == "/t/points/"
    assert LedgerEntry.objects.filter(entry_source=EntrySource.CLAIM).count() == 2

    # The project ends: "ended", and a claim is refused.
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.CLOSED)
    dave = _customer("dave")
    client.force_login(dave)
    assert 'data-state="ended"' in _html(client)
    client.post(URL)
    assert not Claim.objects.filter(customer=dave).exists()


def test_project_past_its_end_date_has_ended(art, activity_planner, chief_editor, project):
    page = _topic(art, activity_planner, chief_editor, [_block()])
    Project.objects.filter(pk=project.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(DomainError) as exc:
        points_claim(customer=_customer("erin"), project_code="JF1", ref=f"page:{page.pk}:x",
                     label="x", points=10, cap=5)  # fmt: skip
    assert exc.value.code == "ended"


def test_who_may_claim(client, staff, art, activity_planner, chief_editor, project):
    _topic(art, activity_planner, chief_editor, [_block(cap=100)])
    r = client.post(URL)  # anonymous: to the login page, back to the topic page afterwards
    assert r.status_code == 302 and r["Location"].startswith("/account/login/?next=%2Ft%2Fpoints")
    assert client.get(URL).status_code in (302, 405)
    for user in (staff["process_editor"], staff["maintainer"], staff["manager"], art):
        client.force_login(user)  # staff accounts are not shop customers
        assert 'data-state="not_customer"' in _html(client)
        assert client.post(URL).status_code == 302
    assert not Claim.objects.exists() and not LedgerEntry.objects.filter(
        entry_source=EntrySource.CLAIM).exists()  # fmt: skip
    shopper = _customer("frank")
    client.force_login(shopper)
    assert client.get(URL).status_code == 405
    r = client.post(URL, follow=True)
    assert Claim.objects.filter(customer=shopper).count() == 1
    assert "200" in r.content.decode()  # the message on the page


def test_csrf_is_required(art, activity_planner, chief_editor, project):
    from django.test import Client

    _topic(art, activity_planner, chief_editor, [_block()])
    client = Client(enforce_csrf_checks=True)
    client.force_login(_customer("gina"))
    assert client.post(URL).status_code == 403
    assert not Claim.objects.exists()


def test_only_a_live_page_and_a_block_on_its_live_revision(client, art, activity_planner,
                                                           chief_editor, project):  # fmt: skip
    content.page_create(actor=art, kind="topic", slug="draft",
                        data={"title": "草稿", "blocks": [_block()]})  # fmt: skip
    client.force_login(_customer("hank"))
    assert client.post("/t/draft/claim/spring/").status_code == 404  # a draft page
    page = _topic(art, activity_planner, chief_editor, [_block()])
    assert client.post("/t/points/claim/other/").status_code == 404  # no block with that key
    assert client.post("/t/nope/claim/spring/").status_code == 404
    # A newer draft without the block: the live revision still has it, so claims still work.
    content.page_save(actor=art, page=page, data={"blocks": []})
    assert client.post(URL).status_code == 302 and Claim.objects.count() == 1
    # A published revision without the block: the claim is gone.
    content.page_submit(actor=art, page=page)
    approve_all(page, activity_planner, chief_editor)
    client.force_login(_customer("ivy"))
    assert client.post(URL).status_code == 404 and Claim.objects.count() == 1


def test_suspended_member_is_refused(client, art, activity_planner, chief_editor, project,
                                     process_editor):  # fmt: skip
    from siteops.loyalty.tests.helpers import members

    _topic(art, activity_planner, chief_editor, [_block()])
    jack = _customer("jack")
    (member,) = members(process_editor, project, jack)
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.SUSPENDED)
    client.force_login(jack)
    client.post(URL)
    assert not Claim.objects.exists()
    # the place taken was given back: the whole claim rolled back
    assert not ClaimPool.objects.filter(claimed__gt=0).exists()


def test_budget_is_never_passed(process_editor, leader):
    project = active_project(process_editor, leader, code="JF2", budget=250)
    ann, ben = _customer("ann"), _customer("ben")
    points_claim(customer=ann, project_code="JF2", ref="page:1:a", label="a", points=200, cap=9)
    with pytest.raises(DomainError) as exc:
        points_claim(customer=ben, project_code="JF2", ref="page:1:a", label="a", points=200,
                     cap=9)  # fmt: skip
    assert exc.value.code == "over_budget"
    assert project.claim_pools.get().claimed == 1


def test_settings_refuse_bad_input(project, process_editor, leader):
    assert form_for("points_claim") is PointsClaimForm
    for bad in ({"points": "1e300000"}, {"cap": "1e300000"}, {"points": "0"}, {"cap": "-1"},
                {"key": "两个字"}, {"project": ""}, {"title": "x" * 81}):  # fmt: skip
        form = PointsClaimForm({"project": "JF1", "points": 10, "cap": 5, **bad})
        assert not form.is_valid(), bad

    def clean(**data):
        with pytest.raises(DomainError) as exc:
            clean_blocks([{"type": "points_claim", "project": "JF1", "points": "10",
                                   "cap": "5", **data}])  # fmt: skip
        return str(exc.value)

    assert "JF9" in clean(project="JF9")  # no such project
    assert clean(points="1e300000") and clean(cap="99999999999999999999999")
    assert clean(points="1\x00") and clean(title="a\x00b") and clean(key="a b")
    assert clean(points="10000", cap="11")  # 110 000 points > the budget of 100 000
    Project.objects.create(code="DRAFT1", name="草稿项目")
    assert "DRAFT1" in clean(project="draft1")  # a draft project gives no points
    ok = clean_blocks([{"type": "points_claim", "project": "jf1", "points": "10",
                                "cap": "5"}])[0]  # fmt: skip
    assert ok["project"] == "JF1" and ok["key"] == "claim" and ok["points"] == 10
    with pytest.raises(DomainError) as exc:
        points_claim(customer=_customer("kim"), project_code="JF1", ref="r", label="l",
                     points=10**9, cap=1)  # fmt: skip
    assert exc.value.code == "invalid"


def test_a_failing_block_renders_nothing(art, activity_planner, chief_editor, project, caplog,
                                         rf):  # fmt: skip
    page = _topic(art, activity_planner, chief_editor,
                  [{"type": "richtext", "html": "<p>前</p>"}, _block()])  # fmt: skip
    request = rf.get("/t/points/")
    request.user = _customer("leo")
    # settings gone bad in storage (a key lost): that block renders nothing, the page the rest
    broken = [page.blocks[0], {k: v for k, v in page.blocks[1].items() if k != "key"}]
    with caplog.at_level(logging.ERROR):
        html = render_blocks(broken, page=page, request=request)
    assert "前" in html and "block-claim" not in html
    assert "failed to render" in caplog.text
    assert PointsClaim.render(page.blocks[1]) == ""  # no page, no request (a preview): nothing


def test_points_page_shows_the_claim_with_its_source(client, art, activity_planner, chief_editor,
                                                     project):  # fmt: skip
    _topic(art, activity_planner, chief_editor, [_block()])
    client.force_login(_customer("mia"))
    client.post(URL)
    html = client.get("/account/points/").content.decode()
    assert "积分专题" in html and "+200" in html
    assert "专题页领取" in html  # the source label, in Chinese
    data = client.get("/account/points.json").json()
    assert data["available"] == 200 and data["history"][0]["source"] == "专题页领取"


def test_zh_translations(client, art, activity_planner, chief_editor, project):
    _topic(art, activity_planner, chief_editor, [_block(title="", button="")])
    html = _html(client)
    assert "登录后领取" in html and "领取积分" in html
    with translation.override("zh-hans"):
        assert str(PointsClaim.label) == "积分领取"
        with pytest.raises(DomainError) as exc:
            points_claim(customer=make_staff("clerk", None), project_code="JF1", ref="r",
                         label="l", points=1, cap=1)  # fmt: skip
        assert str(exc.value) == "只有商城顾客可以领取积分。"


def test_claims_in_the_back_office(client, staff, art, activity_planner, chief_editor, project):
    _topic(art, activity_planner, chief_editor, [_block(cap=50)])
    pools, claims = "/backoffice/loyalty/claimpool/", "/backoffice/loyalty/claim/"
    detail = f"/backoffice/loyalty/projects/{project.pk}/"
    for name in ["nina", "otto", "paul"]:
        client.force_login(_customer(name))
        client.post(URL)
    client.logout()
    for url in (pools, claims):
        assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (staff["purchasing"], staff["copy_editor"]):
        client.force_login(user)
        assert client.get(pools).status_code == 403 and client.get(claims).status_code == 403
    for user in (staff["process_editor"], staff["chief_editor"], staff["manager"],
                 staff["maintainer"]):  # fmt: skip
        client.force_login(user)
        html = client.get(pools).content.decode()
        assert client.get(claims).status_code == 200
        assert "积分专题" in html and ">47<" in html  # 50 allowed, 3 claimed, 47 remaining
    acting = make_staff("prc_acting", "PRC", kind="acting")
    client.force_login(acting)
    assert "otto" in client.get(claims).content.decode()
    html = client.get(detail).content.decode()
    assert "积分专题" in html and "?pool__id__exact=" in html

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count(claims)  # the first request of a login warms the session
    sizes = count(claims), count(pools), count(detail)
    for name in ["quinn", "rosa", "sam", "tina"]:  # more claims, and a second pool
        points_claim(customer=_customer(name), project_code="JF1", ref="page:999:x",
                     label="另一页", points=5, cap=10)  # fmt: skip
    assert (count(claims), count(pools), count(detail)) == sizes


def test_place_the_block_through_its_settings_form(client, staff, art, project):
    """The art editor or maintainer places it from the page's "Add a block" screen (content's
    screen, with the settings form the block type brings)."""
    page = content.page_create(actor=art, kind="topic", slug="points", data={"title": "积分专题"})
    url = f"/backoffice/content/pages/{page.pk}/blocks/add/"
    data = {"type": "points_claim", "project": "jf1", "points": "100", "cap": "20",
            "key": "spring", "title": "领积分"}  # fmt: skip
    client.force_login(staff["maintainer"])
    html = client.get(url).content.decode()
    assert "积分领取" in html  # offered among the block types
    assert "积分项目（代码）" in client.get(url + "?type=points_claim").content.decode()
    client.post(url, {**data, "cap": "1e300000"})  # refused by the form: nothing saved
    client.post(url, {**data, "project": "NOPE"})  # refused by the block type: nothing saved
    page.refresh_from_db()
    assert page.as_of(page.latest_revision).blocks == []
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    (block,) = page.as_of(page.latest_revision).blocks
    assert block == {"type": "points_claim", "project": "JF1", "points": 100, "cap": 20,
                     "key": "spring", "title": "领积分", "button": ""}  # fmt: skip
    client.force_login(staff["purchasing"])
    assert client.post(url, data).status_code == 403
