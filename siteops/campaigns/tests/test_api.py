"""The campaigns API: who may read and write, every refusal in the documented Error shape,
replays of a write do nothing new, the list's query count does not grow with its length."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.campaigns.choices import LinkState, PostKind, PostStatus, Stage
from siteops.campaigns.models import (
    Campaign,
    LinkCheck,
    OfflineEvent,
    Partner,
    Post,
    PostMetric,
    Registration,
    Swap,
)
from siteops.work.models import WorkItem

from .factories import approved, campaign, source

pytestmark = pytest.mark.django_db
BASE = "/api/v1/campaigns"


def _call(client, method, url, token=None, body=None, key=None):
    headers = {}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def _event(c, *, capacity=2, public=True, days=5):
    start = timezone.now() + datetime.timedelta(days=days)
    return OfflineEvent.objects.create(
        campaign=c, title="读者见面会", venue="上海书城", starts_at=start,
        ends_at=start + datetime.timedelta(hours=2), capacity=capacity, is_public=public,
    )  # fmt: skip


@pytest.fixture
def live_campaign(activity_planner, planning_lead):
    return approved(activity_planner, planning_lead)


def test_read_matrix_and_public_events_only(client, api_client_for, live_campaign):
    _event(live_campaign)
    _event(live_campaign, public=False)
    url = f"{BASE}/campaigns"
    assert _call(client, "get", url).status_code == 401
    assert _call(client, "get", url, "so_bad_token").status_code == 401
    for code in ("PUR-COL", "SAL-PRJ", "WH-STK"):
        r = _call(client, "get", url, api_client_for(code)[1])
        assert r.status_code == 403, code
        assert r.json()["code"] == "forbidden"
    for code in ("ACT", "PRM", "PLN", "MGR"):
        r = _call(client, "get", url, api_client_for(code)[1])
        assert r.status_code == 200, code
    (row,) = r.json()
    assert row["code"] == live_campaign.code and row["stage"] == Stage.APPROVED
    assert [e["title"] for e in row["events"]] == ["读者见面会"]  # the private one is not shown
    assert row["events"][0]["places_left"] == 2
    one = _call(client, "get", f"{url}/{live_campaign.code}", api_client_for("ACT")[1])
    assert one.status_code == 200 and one.json()["name"] == live_campaign.name
    missing = _call(client, "get", f"{url}/no-such", api_client_for("ACT")[1])
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = _call(client, "get", f"{url}?stage=nonsense", api_client_for("ACT")[1])
    assert bad.status_code == 400


def test_an_idea_is_not_shown(client, api_client_for, activity_planner):
    campaign(activity_planner)
    r = _call(client, "get", f"{BASE}/campaigns", api_client_for("ACT")[1])
    assert r.json() == []


def test_list_query_count_does_not_grow(client, api_client_for, activity_planner, planning_lead):
    _c, token = api_client_for("PRM")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert _call(client, "get", f"{BASE}/campaigns", token).status_code == 200
        return len(ctx)

    c1 = approved(activity_planner, planning_lead, code="c-one")
    _event(c1)
    small = count()
    for i in range(4):
        c = approved(activity_planner, planning_lead, code=f"c-more-{i}")
        _event(c)
        _event(c)
    assert count() == small


def test_register_matrix_capacity_and_replay(client, api_client_for, live_campaign):
    ev = _event(live_campaign, capacity=2)
    url = f"{BASE}/events/{ev.pk}/registrations"
    body = {"name": "张三", "phone": "13800000001"}
    assert _call(client, "post", url, body=body, key="k1").status_code == 401
    r = _call(client, "post", url, api_client_for("SAL-PRJ")[1], body, key="k1")
    assert r.status_code == 403
    _c, token = api_client_for("ACT")
    r = _call(client, "post", url, token, body)  # no Idempotency-Key
    assert r.status_code == 400 and r.json()["code"] == "idempotency_key"
    assert not Registration.objects.exists()
    r = _call(client, "post", url, token, body, key="k1")
    assert r.status_code == 201, r.content
    first = r.json()
    assert first["places_left"] == 1 and len(first["code"]) == 12
    again = _call(client, "post", url, token, body, key="k1")
    assert again.status_code == 201 and again.json() == first  # replay: the first answer
    assert Registration.objects.count() == 1
    other = _call(client, "post", url, token, {**body, "name": "李四"}, key="k1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_mismatch"
    dup = _call(client, "post", url, token, body, key="k2")
    assert dup.status_code == 409 and dup.json()["code"] == "duplicate"
    ok = _call(client, "post", url, token, {"name": "李四", "phone": "13800000002"}, key="k3")
    assert ok.status_code == 201 and ok.json()["places_left"] == 0
    full = _call(client, "post", url, token, {"name": "王五", "phone": "13800000003"}, key="k4")
    assert full.status_code == 409 and full.json()["code"] == "full"
    ev.refresh_from_db()
    assert ev.registered == 2 == ev.registrations.count()
    reg = Registration.objects.get(phone="13800000001")
    assert reg.via == "client" and reg.code == first["code"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "张\x00三", "phone": "13800000001"},
        {"name": "", "phone": "13800000001"},
        {"name": "张三", "phone": "abc<script>"},
        {"name": "张三" * 40, "phone": "13800000001"},
        {"name": "张三"},
    ],
)
def test_register_bad_input_is_400(client, api_client_for, live_campaign, body):
    ev = _event(live_campaign)
    r = _call(client, "post", f"{BASE}/events/{ev.pk}/registrations",
              api_client_for("ACT")[1], body, key="bad")  # fmt: skip
    assert r.status_code == 400, r.content
    assert set(r.json()) == {"code", "detail"}
    assert not Registration.objects.exists()


def test_register_private_missing_or_past_event(client, api_client_for, live_campaign):
    _c, token = api_client_for("ACT")
    body = {"name": "张三", "phone": "13800000001"}
    private = _event(live_campaign, public=False)
    r = _call(client, "post", f"{BASE}/events/{private.pk}/registrations", token, body, key="a")
    assert r.status_code == 404
    r = _call(client, "post", f"{BASE}/events/999999/registrations", token, body, key="b")
    assert r.status_code == 404
    past = _event(live_campaign, days=-3)
    r = _call(client, "post", f"{BASE}/events/{past.pk}/registrations", token, body, key="c")
    assert r.status_code == 409 and r.json()["code"] == "over"


def _swap():
    partner = Partner.objects.create(name="好书网", site_url="https://partner.example/")
    return Swap.objects.create(
        partner=partner, their_page="https://partner.example/links",
        our_link="https://shop.example/go/c/p1/", start=datetime.date.today(),
    )  # fmt: skip


def test_link_check_matrix_and_one_work_item_for_a_lost_link(client, api_client_for, db):
    swap = _swap()
    url = f"{BASE}/swaps/{swap.pk}/checks"
    assert _call(client, "post", url, body={"found": False}, key="x").status_code == 401
    for code in ("ACT", "SAL-PRJ", "PUR-COL"):
        r = _call(client, "post", url, api_client_for(code)[1], {"found": False}, key="x")
        assert r.status_code == 403, code
    _c, token = api_client_for("PRM")
    r = _call(client, "post", url, token, {"found": True, "http_status": 200}, key="d1")
    assert r.status_code == 201 and r.json()["link_state"] == LinkState.LIVE
    lost = _call(client, "post", url, token, {"found": False, "http_status": 200}, key="d2")
    assert lost.status_code == 201, lost.content
    item = WorkItem.objects.get(pk=lost.json()["work_item"])
    assert item.position.code == "PRM" and swap.their_page in item.description
    for day in range(3, 6):  # lost again on later days: still the one work item
        r = _call(client, "post", url, token, {"found": False}, key=f"d{day}")
        assert r.status_code == 201 and r.json()["work_item"] == item.pk
    assert WorkItem.objects.filter(title__contains="好书网").count() == 1
    assert LinkCheck.objects.filter(swap=swap).count() == 5
    replay = _call(client, "post", url, token, {"found": False}, key="d5")
    assert replay.status_code == 201 and LinkCheck.objects.count() == 5
    r = _call(client, "post", url, token, {"found": True, "http_status": 700}, key="d9")
    assert r.status_code == 400
    assert _call(client, "post", f"{BASE}/swaps/0/checks", token, {"found": True},
                 key="z").status_code == 404  # fmt: skip


def test_post_metrics_matrix(client, api_client_for, activity_planner, promotion):
    post = Post.objects.create(
        source=source(), kind=PostKind.POST, title="春天读什么", status=PostStatus.DRAFT
    )
    url = f"{BASE}/posts/{post.pk}/metrics"
    body = {"views": 1200, "replies": 30, "likes": 88}
    assert _call(client, "post", url, body=body, key="m").status_code == 401
    assert (
        _call(client, "post", url, api_client_for("SAL-PRJ")[1], body, key="m").status_code == 403
    )
    _c, token = api_client_for("PRM")
    r = _call(client, "post", url, token, body, key="m1")
    assert r.status_code == 409 and r.json()["code"] == "not_posted"
    Post.objects.filter(pk=post.pk).update(
        status=PostStatus.POSTED, url="https://bbs.example/t/1", posted_on=datetime.date.today()
    )
    r = _call(client, "post", url, token, body, key="m2")
    assert r.status_code == 201 and r.json()["views"] == 1200
    assert _call(client, "post", url, token, body, key="m2").json() == r.json()
    assert PostMetric.objects.get().client_id == _c.pk
    for bad in ({"views": -1}, {"views": 1e300}, {"views": 1, "measured_at": "2026-02-30T10:00"},
                {"views": 1, "measured_at": "1900-01-01T00:00:00Z"}):  # fmt: skip
        r = _call(client, "post", url, token, bad, key=f"bad-{bad}")
        assert r.status_code == 400, (bad, r.content)
    assert PostMetric.objects.count() == 1
    assert Campaign.objects.count() == 0
