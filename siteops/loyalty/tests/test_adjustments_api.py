"""The process editor's system asks for a manual adjustment through the API: it waits for the
manager's approval like one asked for on the screen, a replay of the Idempotency-Key gets the
first answer, bad input is a translated 400 (never a 500), a closed project a 409, and every
status code is in the schema."""

import json

import pytest

from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.core.errors import NotAllowed
from siteops.orders.tests import factories as f

from .. import services
from ..choices import AdjustmentStatus, EntryKind
from ..models import Adjustment, LedgerEntry
from .helpers import active_project, lot, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(process_editor, leader):
    project = active_project(process_editor, leader)
    (m,) = members(process_editor, project, f.customer("api_member"))
    lot(m, 100)
    return project


def _post(client, url, body, token, key="k1"):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_an_adjustment_through_the_api_waits_for_the_manager(client, api_client_for, project,
                                                             manager):  # fmt: skip
    _c, token = api_client_for("PRC")
    url = f"/api/v1/loyalty/projects/{project.code.lower()}/adjustments"
    body = {"customer": "api_member@example.com", "points": -30, "reason": "重复发放"}
    r = _post(client, url, body, token)
    assert r.status_code == 201, r.content
    answer = r.json()
    assert (answer["status"], answer["points"], answer["customer"]) == ("pending", -30,
                                                                       "api_member")  # fmt: skip
    assert answer["status_label"] and answer["status_label"] != "pending"  # translated
    again = _post(client, url, body, token)
    assert again.status_code == 201 and again.json() == answer
    assert Adjustment.objects.count() == 1
    assert _post(client, url, {**body, "points": -31}, token).status_code == 422
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUST).exists()  # nothing booked
    adj = Adjustment.objects.get()
    approval = Approval.objects.get(object_id=str(adj.pk), kind="loyalty.adjustment")
    assert approval.client_id is not None and approval.actor_id is None  # asked by the system
    approval_approve(actor=manager, approval=approval)
    read = client.get(f"{url}/{adj.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert read.status_code == 200 and read.json()["status"] == AdjustmentStatus.BOOKED
    assert LedgerEntry.objects.get(kind=EntryKind.ADJUST).points == -30
    assert client.get(f"{url}/999999", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    other = f"/api/v1/loyalty/projects/NOPE/adjustments/{adj.pk}"
    assert client.get(other, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404


def test_bad_input_is_a_translated_400_and_changes_nothing(client, api_client_for, project):
    _c, token = api_client_for("PRC")
    url = f"/api/v1/loyalty/projects/{project.code}/adjustments"
    ok = {"customer": "api_member", "points": 5, "reason": "补偿"}
    cases = [
        ({**ok, "points": 0}, None),
        ({**ok, "points": 10**30}, None),
        ({**ok, "points": "many"}, None),
        ({**ok, "reason": "补\x00偿"}, None),
        ({**ok, "reason": "   "}, None),
        ({**ok, "customer": "ghost"}, "unknown_member"),
        ({**ok, "customer": "api\x00member"}, "unknown_member"),
        ({**ok, "reason": "x" * 301}, None),
    ]
    for i, (body, code) in enumerate(cases):
        r = _post(client, url, body, token, key=f"bad{i}")
        assert r.status_code == 400, (body, r.status_code, r.content)
        detail = r.json()["detail"]
        assert detail and not detail.isascii() or r.json()["code"] == "invalid", detail
        if code:
            assert r.json()["code"] == code
    assert _post(client, url, ok, token, key=None).status_code == 400  # no Idempotency-Key
    assert not Adjustment.objects.exists()
    # the same key works once the body is right: a refused request kept nothing
    assert _post(client, url, ok, token, key="bad0").status_code == 201


def test_a_closed_project_is_409_and_an_unknown_one_404(client, api_client_for, project,
                                                       process_editor):  # fmt: skip
    _c, token = api_client_for("PRC")
    body = {"customer": "api_member", "points": 5, "reason": "补偿"}
    assert _post(client, "/api/v1/loyalty/projects/NOPE/adjustments", body,
                 token).status_code == 404  # fmt: skip
    services.project_close(actor=process_editor, project=project)
    r = _post(client, f"/api/v1/loyalty/projects/{project.code}/adjustments", body, token)
    assert r.status_code == 409 and r.json()["code"] == "inactive"
    assert not Adjustment.objects.exists()


def test_a_system_without_the_right_cannot_ask_and_the_service_refuses_too(api_client_for,
                                                                           project):  # fmt: skip
    from .. import ledger

    client_sal, _t = api_client_for("SAL-PRJ")
    with pytest.raises(NotAllowed):
        ledger.adjustment_request(client=client_sal, member=project.members.get(), points=5,
                                  reason="补偿")  # fmt: skip
    assert not Adjustment.objects.exists()


def test_every_status_is_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    base = "/api/v1/loyalty/projects"
    assert set(paths[f"{base}/{{code}}/adjustments"]["post"]["responses"]) >= {
        "201", "400", "401", "403", "404", "409", "422"}  # fmt: skip
    assert set(paths[f"{base}/{{code}}/adjustments/{{adjustment_id}}"]["get"]["responses"]) >= {
        "200", "400", "401", "403", "404"}  # fmt: skip
    assert set(paths[base]["post"]["responses"]) >= {"201", "400", "401", "403", "409", "422"}
    assert set(paths[f"{base}/{{code}}/members"]["post"]["responses"]) >= {
        "200", "400", "401", "403", "404", "409", "422"}  # fmt: skip
    assert set(paths[f"{base}/{{code}}/statistics"]["get"]["responses"]) >= {
        "200", "400", "401", "403", "404"}  # fmt: skip
