"""The permission matrix of every points page and endpoint, GET and every POST: the process
editor, an acting process editor, the chief editor, the manager, Website Sales, the sales lead
and leadership, another department, customers A and B, and anonymous.

Website Sales has one position (SAL-PRJ) whose superior in siteops/org/data/org.py is LEAD
(company leadership): the issue's "sales lead" is that position, so one LEAD holder stands for
both "sales lead" and "leadership" below (``apps.PROJECT_STEPS`` makes LEAD approve setups).

A refused request answers 403 (staff) or sends to the login (anonymous, and a shop customer in
the back office) and changes nothing; an allowed one gets through to the service (a redirect
back to the screen with its message, or the page)."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.orders.tests import factories as f

from .. import services
from ..models import (
    Adjustment,
    Award,
    Batch,
    LedgerEntry,
    Member,
    Project,
    ProjectEvent,
    RuleVersion,
)
from .helpers import active_project, delivered_order, lot, members

pytestmark = pytest.mark.django_db

RUN = {"prc", "acting", "ce", "mgr"}  # set up, generate, adjust, see everything
SEE = RUN | {"sales", "lead"}  # see projects, batches, statistics


@pytest.fixture
def world(process_editor, leader, chief_editor, manager, sales, warehouse):
    project = active_project(process_editor, leader)
    draft = services.project_request(actor=sales, code="DRAFT", name="草稿")
    a, b = f.customer("cust_a"), f.customer("cust_b")
    ma, mb = members(process_editor, project, a, b)
    lot(ma, 100)
    delivered_order(a, days_ago=1)
    today = timezone.localdate()
    batch, _c = services.batch_generate(actor=process_editor, project=project, start=today,
                                        end=today)  # fmt: skip
    users = {
        "anon": None, "prc": process_editor, "acting": make_staff("acting_prc", "PRC",
                                                                  kind="acting"),
        "ce": chief_editor, "mgr": manager, "sales": sales, "lead": leader, "other": warehouse,
        "cust_a": a, "cust_b": b,
    }  # fmt: skip
    return {"project": project, "draft": draft, "batch": batch, "ma": ma, "mb": mb,
            "users": users}  # fmt: skip


def _state():
    return (
        Project.objects.count(), list(Project.objects.order_by("pk").values_list("status", "name")),
        RuleVersion.objects.count(), list(Member.objects.order_by("pk").values_list("status")),
        list(Batch.objects.order_by("pk").values_list("status")), Award.objects.count(),
        Adjustment.objects.count(), LedgerEntry.objects.count(), ProjectEvent.objects.count(),
    )  # fmt: skip


def _call(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    if method == "post":
        return client.post(url, data or {})
    return client.get(url)


def _to_login(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"]


def test_backoffice_pages_get(client, world):
    w = world
    pages = {
        reverse("admin:loyalty_project_request"): {"sales"},
        reverse("admin:loyalty_project", args=[w["project"].pk]): SEE,
        reverse("admin:loyalty_project", args=[w["draft"].pk]): SEE,
        reverse("admin:loyalty_batch", args=[w["batch"].pk]): SEE,
        reverse("admin:loyalty_project_changelist"): SEE,
        reverse("admin:loyalty_batch_changelist"): SEE,
        reverse("admin:loyalty_member_changelist"): RUN | {"sales"},
        reverse("admin:loyalty_ruleversion_changelist"): RUN | {"sales"},
        reverse("admin:loyalty_ledgerentry_changelist"): RUN,
        reverse("admin:loyalty_adjustment_changelist"): RUN,
        reverse("admin:loyalty_balancecheck_changelist"): RUN,
    }
    for url, allowed in pages.items():
        for name, user in w["users"].items():
            r = _call(client, user, "get", url)
            if name in allowed:
                assert r.status_code == 200, (url, name, r.status_code)
            elif name in ("anon", "cust_a", "cust_b"):
                assert _to_login(r) or r.status_code == 403, (url, name, r.status_code)
            else:
                assert r.status_code == 403, (url, name, r.status_code)


def _posts(w):
    p, d, batch, ma = w["project"], w["draft"], w["batch"], w["ma"]
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    return [  # (url, data, who may)
        (reverse("admin:loyalty_project_request"), {"code": "NEW", "name": "新"}, {"sales"}),
        (reverse("admin:loyalty_project_setup", args=[d.pk]), {"name": "改", "budget_points": "1"},
         RUN),
        (reverse("admin:loyalty_rule_add", args=[p.pk]), {"effective_from": day}, RUN),
        (reverse("admin:loyalty_members", args=[p.pk]), {}, RUN),
        (reverse("admin:loyalty_member_status", args=[w["mb"].pk]), {"status": "suspended"}, RUN),
        (reverse("admin:loyalty_project_action", args=[d.pk, "submit"]), {}, RUN),
        (reverse("admin:loyalty_generate", args=[p.pk]), {"start": "x", "end": "y"}, RUN),
        (reverse("admin:loyalty_batch_action", args=[batch.pk, "issue"]), {}, RUN),
        (reverse("admin:loyalty_batch_action", args=[batch.pk, "submit"]), {}, RUN),
        (reverse("admin:loyalty_adjust", args=[p.pk]),
         {"customer": ma.customer.username, "points": "5", "reason": "补偿"}, RUN),
        (reverse("admin:loyalty_project_action", args=[p.pk, "close"]), {}, RUN),  # the last
    ]  # fmt: skip


def test_backoffice_posts_refused_change_nothing(client, world):
    """Every POST by everyone who may not: 403 or the login, and nothing changed."""
    for url, data, allowed in _posts(world):
        for name, user in world["users"].items():
            if name in allowed:
                continue
            before = _state()
            r = _call(client, user, "post", url, data)
            if name in ("anon", "cust_a", "cust_b"):
                assert _to_login(r) or r.status_code == 403, (url, name, r.status_code)
            else:
                assert r.status_code == 403, (url, name, r.status_code)
            assert _state() == before, (url, name)


@pytest.mark.parametrize("who", sorted(RUN | {"sales"}))
def test_backoffice_posts_allowed(client, world, who):
    """Everyone who may gets through to the service: a redirect back to the screen (with the
    service's message), never 403 or the login."""
    user = world["users"][who]
    for url, data, allowed in _posts(world):
        if who not in allowed:
            continue
        r = _call(client, user, "post", url, data)
        assert r.status_code in (200, 302) and not _to_login(r), (url, who, r.status_code)
    if who == "sales":
        assert Project.objects.filter(code="NEW").exists()
    else:  # the adjustment went to the manager's approval (nothing booked)
        assert Adjustment.objects.filter(reason="补偿", status="pending").count() == 1


def test_customer_pages_a_versus_b(client, world):
    a, b = world["users"]["cust_a"], world["users"]["cust_b"]
    page, data = reverse("loyalty:points"), reverse("loyalty:points_json")
    assert _to_login(_call(client, None, "get", page))
    assert _call(client, None, "get", data).status_code == 401
    assert _call(client, a, "get", data).json()["available"] == 100
    assert "测试积分" in _call(client, a, "get", page).content.decode()
    mine = _call(client, b, "get", data).json()
    assert (mine["available"], mine["history"], mine["expiries"]) == (0, [], [])
    assert "测试积分" not in _call(client, b, "get", page).content.decode()
    for user in (None, a, b, world["users"]["prc"]):  # read-only: a POST changes nothing
        before = _state()
        assert _call(client, user, "post", page).status_code == 405
        assert _call(client, user, "post", data).status_code == 405
        assert _state() == before
    # staff have no points of their own: an empty page, never someone else's
    assert _call(client, world["users"]["prc"], "get", data).json()["history"] == []


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_matrix_every_endpoint(client, world, api_client_for):
    p = world["project"]
    tokens = {code: api_client_for(code)[1]
              for code in ("PRC", "CE", "MGR", "SAL-PRJ", "LEAD", "LOG-DSP")}  # fmt: skip
    adj = Adjustment.objects.create(member=world["ma"], points=3, reason="旧")
    base = f"/api/v1/loyalty/projects/{p.code}"
    endpoints = [  # (method, url, body, codes that may, status when allowed)
        ("post", "/api/v1/loyalty/projects", {"code": "API{n}", "name": "接口"}, {"SAL-PRJ"}, 201),
        ("post", f"{base}/members", {"customers": ["cust_a"]}, {"SAL-PRJ"}, 200),
        ("get", f"{base}/statistics?start=2026-01-01&end=2026-12-31",
         None, {"PRC", "CE", "MGR", "SAL-PRJ", "LEAD"}, 200),
        ("post", f"{base}/adjustments", {"customer": "cust_a", "points": 7, "reason": "补{n}"},
         {"PRC", "CE", "MGR"}, 201),
        ("get", f"{base}/adjustments/{adj.pk}", None, {"PRC", "CE", "MGR"}, 200),
    ]  # fmt: skip
    for n, (method, url, body, allowed, ok) in enumerate(endpoints):
        payload = json.dumps(body).replace("{n}", str(n)) if body else None
        kw = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": f"k{n}"}

        def call(extra, method=method, url=url, payload=payload, kw=kw):
            if method == "post":
                return client.post(url, payload, **kw, **extra)
            return client.get(url, **extra)

        before = _state()
        assert call({}).status_code == 401, url
        for code, token in tokens.items():
            r = call(_auth(token))
            if code in allowed:
                assert r.status_code == ok, (url, code, r.content)
            else:
                assert r.status_code == 403, (url, code, r.status_code)
        if method == "get":
            assert _state() == before
    # the adjustments' writes: one per allowed system, all waiting for the manager
    assert Adjustment.objects.filter(status="pending", reason__startswith="补").count() == 3
    assert not LedgerEntry.objects.filter(kind="adjust").exists()
