"""/api/v1/merch/plans: Purchasing's system sends a plan (idempotent) and follows it."""

import pytest

from siteops.merch.models import ShelfPlan
from siteops.work.models import WorkItem

from .factories import ad_position, product, shelf

pytestmark = pytest.mark.django_db


def body(**extra):
    data = {
        "title": "API 计划",
        "period_start": "2026-12-20T00:00:00+08:00",
        "period_end": "2026-12-27T00:00:00+08:00",
        "lines": [{"shelf": "hot", "product": "CUP-1", "order": 1}],
        "ads": [{"position": "home_banner_1", "brief": "圣诞", "link": "/sale/"}],
    }
    data.update(extra)
    return data


@pytest.fixture
def world(db):
    shelf(code="hot")
    product(code="CUP-1")
    ad_position(code="home_banner_1")


def post(client, token, data, key="k1", **headers):
    return client.post("/api/v1/merch/plans", data, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=key,
                       **headers)  # fmt: skip


def test_submit_replay_and_mismatch(client, world, api_client_for):
    api, token = api_client_for("PUR-COL")
    r = post(client, token, body())
    assert r.status_code == 201, r.content
    plan = ShelfPlan.objects.get()
    assert plan.status == "submitted" and plan.client == api and plan.created_by is None
    assert r.json()["missing_slots"] == 1 and r.json()["missing_ads"] == 1
    assert WorkItem.objects.filter(position__code="PED").count() == 1
    assert WorkItem.objects.filter(position__code="ART").count() == 1
    assert plan.history.first().history_source == "client"
    again = post(client, token, body())
    assert again.status_code == 200 and again.json()["id"] == plan.pk
    assert ShelfPlan.objects.count() == 1 and WorkItem.objects.count() == 2
    assert post(client, token, body(title="别的")).status_code == 422
    got = client.get(f"/api/v1/merch/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert got.status_code == 200 and got.json()["status"] == "submitted"


def test_bad_codes_refuse_the_whole_plan(client, world, api_client_for):
    _api, token = api_client_for("PUR-MGR")
    data = body(lines=[{"shelf": "hot", "product": "CUP-1"}, {"shelf": "nope", "product": "X"}])
    r = post(client, token, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and "nope" in r.json()["detail"]
    r = post(client, token, body(ads=[{"position": "home_banner_1", "brief": "x",
                                       "link": "javascript:alert(1)"}]), key="k2")  # fmt: skip
    assert r.status_code == 400
    assert not ShelfPlan.objects.exists() and not WorkItem.objects.exists()


def test_permissions(client, world, api_client_for):
    assert client.post("/api/v1/merch/plans", body(), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY="x").status_code == 401  # fmt: skip
    _api, token = api_client_for("WH-STK")
    assert post(client, token, body()).status_code == 403
    _api, pur = api_client_for("PUR-COL")
    post(client, pur, body())
    plan = ShelfPlan.objects.get()
    assert client.get(f"/api/v1/merch/plans/{plan.pk}",
                      HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403  # fmt: skip
    _api, other = api_client_for("CS-AGT")
    r = client.get(f"/api/v1/merch/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert r.status_code in (403, 404)
    assert post(client, pur, body(), key="").status_code == 400
