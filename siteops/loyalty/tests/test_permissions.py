"""Who may open and use each points screen and endpoint: process editor, Sales, leadership,
manager, an acting holder, another department, customers A and B, anonymous."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.orders.tests import factories as f

from .. import services
from ..models import LedgerEntry, Project
from .helpers import active_project, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(process_editor, leader):
    return active_project(process_editor, leader)


def _status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    r = client.post(url, data or {}) if method == "post" else client.get(url)
    return r.status_code


def test_backoffice_pages_matrix(client, project, process_editor, sales, manager, warehouse,
                                 leader):  # fmt: skip
    acting = make_staff("acting_prc", "PRC", kind="acting")
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=timezone.localdate(), end=timezone.localdate())  # fmt: skip
    pages = {
        reverse("admin:loyalty_project", args=[project.pk]): {"view"},
        reverse("admin:loyalty_batch", args=[batch.pk]): {"view"},
        reverse("admin:loyalty_project_changelist"): {"view"},
        reverse("admin:loyalty_ledgerentry_changelist"): {"ledger"},
        reverse("admin:loyalty_project_request"): {"request"},
    }
    can = {
        process_editor: {"view", "ledger"}, acting: {"view", "ledger"}, manager: {"view", "ledger"},
        sales: {"view", "request"}, leader: {"view"}, warehouse: set(),
    }  # fmt: skip
    for url, needs in pages.items():
        assert _status(client, None, "get", url) == 302, url  # anonymous → login
        for user, rights in can.items():
            code = _status(client, user, "get", url)
            assert code == (200 if needs & rights else 403), (url, user.username, code)


def test_backoffice_posts_matrix(client, project, process_editor, sales, warehouse):
    acting = make_staff("acting_prc", "PRC", kind="acting")
    setup = reverse("admin:loyalty_rule_add", args=[project.pk])
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for user in (sales, warehouse):
        assert _status(client, user, "post", setup, {"effective_from": day}) == 403
    assert _status(client, None, "post", setup, {"effective_from": day}) == 302
    assert project.rule_versions.count() == 1
    assert _status(client, acting, "post", setup, {"effective_from": day}) == 302
    assert project.rule_versions.count() == 2
    # Bad input is a message, not a 500.
    assert _status(client, process_editor, "post", setup, {"effective_from": "2026-02-31"}) == 302
    gen = reverse("admin:loyalty_generate", args=[project.pk])
    assert _status(client, sales, "post", gen, {"start": "2026-01-01", "end": "x"}) == 403
    assert _status(client, process_editor, "post", gen, {"start": "x", "end": "y"}) == 302
    req = reverse("admin:loyalty_project_request")
    assert _status(client, process_editor, "post", req, {"code": "Q", "name": "q"}) == 403
    assert _status(client, sales, "post", req, {"code": "Q2", "name": "问"}) == 302
    assert Project.objects.filter(code="Q2").exists()
    up = reverse("admin:loyalty_members", args=[project.pk])
    assert _status(client, sales, "post", up) == 403


def test_customer_sees_only_their_own_points(client, project, process_editor):
    a, b = f.customer("cust_a"), f.customer("cust_b")
    ma, _mb = members(process_editor, project, a, b)
    LedgerEntry.objects.create(project=project, member=ma, kind="adjust", points=42,
                               entry_source="adjustment", available_on=timezone.localdate(),
                               reason="A 的积分")  # fmt: skip
    url = reverse("loyalty:points")
    assert _status(client, None, "get", url) == 302
    client.force_login(a)
    page = client.get(url).content.decode()
    assert "42" in page and "A 的积分" in page
    client.force_login(b)
    page = client.get(url).content.decode()
    assert "A 的积分" not in page
    data = client.get(reverse("loyalty:points_json")).json()
    assert data["available"] == 0 and data["history"] == []
    client.logout()
    assert client.get(reverse("loyalty:points_json")).status_code == 401
    client.force_login(a)
    assert client.get(reverse("storefront:account")).content.decode().count(url) >= 1


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_matrix(client, api_client_for, project):
    _c, sal = api_client_for("SAL-PRJ")
    _c, log = api_client_for("LOG-DSP")
    body = json.dumps({"code": "API1", "name": "接口项目", "note": "n"})
    url = "/api/v1/loyalty/projects"
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.post(url, body, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY="k1", **_auth(log)).status_code == 403  # fmt: skip
    r = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1",
                    **_auth(sal))  # fmt: skip
    assert r.status_code == 201, r.content
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1",
                        **_auth(sal))  # fmt: skip
    assert again.status_code == 201 and again.json() == r.json()
    assert Project.objects.filter(code="API1").count() == 1
    other = json.dumps({"code": "API2", "name": "x"})
    assert client.post(url, other, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1",
                       **_auth(sal)).status_code == 422  # fmt: skip
    f.customer("api_buyer")
    members_url = f"/api/v1/loyalty/projects/{project.code}/members"
    r = client.post(members_url, json.dumps({"customers": ["api_buyer", "ghost", "api_buyer"]}),
                    content_type="application/json", HTTP_IDEMPOTENCY_KEY="m1", **_auth(sal))  # fmt: skip
    assert r.status_code == 200, r.content
    assert r.json()["added"] == 1 and len(r.json()["rejected"]) == 2
    assert client.post(members_url, json.dumps({"customers": ["x"]}),
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="m2",
                       **_auth(log)).status_code == 403  # fmt: skip
    stats = f"/api/v1/loyalty/projects/{project.code}/statistics?start=2026-01-01&end=2026-12-31"
    r = client.get(stats, **_auth(sal))
    assert r.status_code == 200 and r.json()["members"] == 1
    assert client.get(stats, **_auth(log)).status_code == 403
    assert client.get(stats).status_code == 401
    bad = f"/api/v1/loyalty/projects/{project.code}/statistics?start=2026-12-31&end=2026-01-01"
    assert client.get(bad, **_auth(sal)).status_code == 400
    assert client.get("/api/v1/loyalty/projects/NOPE/statistics?start=2026-01-01&end=2026-01-02",
                      **_auth(sal)).status_code == 404  # fmt: skip
