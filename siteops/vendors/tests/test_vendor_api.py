"""The vendor's system through the API: its milestones and defects only (two vendors), the
weekly status report and defect updates (Idempotency-Key), and every status in the schema."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from siteops.vendors.models import (
    Defect,
    Milestone,
    MilestoneDelay,
    StatusReport,
    VendorAccount,
)
from siteops.vendors.tests.conftest import days

BASE = "/api/v1/vendors"


@pytest.fixture
def token_of(api_client_for):
    def make(world=None):
        client, token = api_client_for("VEN-PM")
        if world is not None:
            VendorAccount.objects.create(vendor=world["vendor"], api_client=client)
        return token

    return make


def call(method, path, token, key=None, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key:
        headers["Idempotency-Key"] = key
    c = Client()
    if method == "get":
        return c.get(BASE + path, headers=headers, **kw)
    return c.post(BASE + path, headers=headers, content_type="application/json", **kw)


def test_a_reads_its_milestones_and_defects_never_b_s(vendor_a, vendor_b, token_of, manager):
    from siteops.vendors import services

    token = token_of(vendor_a)
    services.milestone_forecast(actor=manager, milestone=vendor_a["milestone"],
                                new_date=days(23), reason="r")  # fmt: skip
    r = call("get", "/milestones", token)
    assert r.status_code == 200
    assert [(m["code"], m["slip_days"]) for m in r.json()] == [("va-M1", 3)]
    r = call("get", "/defects", token)
    assert [d["title"] for d in r.json()] == ["甲软件公司的缺陷"]
    assert r.json()[0]["fix_due"] == days(3).isoformat()  # the vendor's SLA for a major defect


def test_who_may_call(vendor_a, token_of, api_client_for):
    assert call("get", "/milestones", None).status_code == 401
    assert call("get", "/milestones", "nonsense-token").status_code == 401
    _, purchasing = api_client_for("PUR-COL")
    assert call("get", "/milestones", purchasing).status_code == 403
    assert call("get", "/defects", token_of()).status_code == 403  # a VEN-PM system of no vendor


def _report(world, **extra):
    m = world["milestone"]
    return {"project": world["project"].code, "week_ending": days(0).isoformat(),
            "summary": "完成了接口联调", "milestones": [
                {"milestone_id": m.pk, "progress": 50, "forecast_date": days(28).isoformat(),
                 "reason": "第三方支付延误"}], **extra}  # fmt: skip


def test_status_report_is_idempotent_and_escalates_once(vendor_a, token_of):
    token = token_of(vendor_a)
    m = vendor_a["milestone"]
    first = call("post", "/status-reports", token, key="w1", data=_report(vendor_a))
    assert first.status_code == 201, first.content
    assert first.json()["milestones"][0]["slip_days"] == 8
    again = call("post", "/status-reports", token, key="w1", data=_report(vendor_a))
    assert (again.status_code, again.json()) == (201, first.json())
    assert (
        StatusReport.objects.count() == 1
        and MilestoneDelay.objects.filter(milestone=m).count() == 1
    )
    other = call("post", "/status-reports", token, key="w1", data=_report(vendor_a, summary="x"))
    assert other.status_code == 422
    same_week = call("post", "/status-reports", token, key="w2", data=_report(vendor_a))
    assert same_week.status_code == 409
    assert call("post", "/status-reports", token, data=_report(vendor_a)).status_code == 400
    from siteops.work.models import WorkItem

    assert WorkItem.objects.filter(position__code="MGR", subject_id=str(m.pk)).count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"week_ending": "2027-02-30"},
        {"week_ending": "1e300000"},
        {"summary": ""},
        {"summary": "a\u0000b"},
        {"milestones": [{"milestone_id": 1, "progress": 101}]},
        {"milestones": [{"milestone_id": 99999999999999999999999, "progress": 1}]},
        {"milestones": "x"},
    ],
)
def test_bad_reports_are_400_and_change_nothing(vendor_a, token_of, change):
    r = call(
        "post", "/status-reports", token_of(vendor_a), key="k", data=_report(vendor_a, **change)
    )
    assert r.status_code == 400, r.content
    assert not StatusReport.objects.exists()
    assert Milestone.objects.get(pk=vendor_a["milestone"].pk).forecast_date == days(20)


def test_reports_on_b_s_project_or_milestones_are_refused(vendor_a, vendor_b, token_of):
    token = token_of(vendor_a)
    r = call("post", "/status-reports", token, key="b", data=_report(vendor_b))
    assert r.status_code == 404
    mixed = _report(vendor_a)
    mixed["milestones"][0]["milestone_id"] = vendor_b["milestone"].pk
    assert call("post", "/status-reports", token, key="c", data=mixed).status_code == 400
    assert not StatusReport.objects.exists()
    assert Milestone.objects.get(pk=vendor_b["milestone"].pk).forecast_date == days(20)


def test_a_report_on_an_accepted_milestone_is_409(vendor_a, token_of):
    Milestone.objects.filter(pk=vendor_a["milestone"].pk).update(status="accepted")
    r = call("post", "/status-reports", token_of(vendor_a), key="k", data=_report(vendor_a))
    assert r.status_code == 409
    assert not StatusReport.objects.exists()


def test_defect_updates(vendor_a, vendor_b, token_of):
    token = token_of(vendor_a)
    d = vendor_a["defect"]
    url = f"/defects/{d.pk}/updates"
    r = call("post", url, token, key="f1", data={"action": "fix", "build": "1.0.4"})
    assert (r.status_code, r.json()["status"], r.json()["target_build"]) == (200, "fixed", "1.0.4")
    assert (
        call("post", url, token, key="f1", data={"action": "fix", "build": "1.0.4"}).json()
        == r.json()
    )
    assert call("post", url, token, key="f2", data={"action": "fix"}).status_code == 409
    assert call("post", url, token, key="f3", data={"action": "close"}).status_code == 400
    assert call("post", url, token, key="f4", data={"action": "comment"}).status_code == 400
    assert (
        call("post", url, token, key="f5", data={"action": "comment", "comment": "ok"}).status_code
        == 200
    )
    b = f"/defects/{vendor_b['defect'].pk}/updates"
    assert call("post", b, token, key="b1", data={"action": "fix"}).status_code == 404
    assert call("post", "/defects/99999999999999999999/updates", token, key="b2",
                data={"action": "fix"}).status_code in (400, 404)  # fmt: skip
    assert Defect.objects.get(pk=vendor_b["defect"].pk).status == "assigned"
    assert d.events.filter(client__isnull=False).count() == 2


def _count(path, token):
    with CaptureQueriesContext(connection) as ctx:
        assert call("get", path, token).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow(vendor_a, token_of, manager):
    from siteops.vendors import services

    token = token_of(vendor_a)
    small = (_count("/milestones", token), _count("/defects", token))
    for i in range(3):
        services.milestone_create(actor=manager, project=vendor_a["project"], code=f"X{i}",
                                  title="t", deliverable="d", planned_date=days(30 + i))  # fmt: skip
        e = services.run_create(actor=manager, plan=vendor_a["plan"], name=f"r{i}").executions.get()
        services.execution_record(actor=manager, execution=e, status="failed")
        d = services.defect_from_execution(actor=manager, execution=e)
        services.defect_step(actor=manager, defect=d, action="assign", assignee="vendor")
    big = (_count("/milestones", token), _count("/defects", token))
    assert big == small
    assert len(call("get", "/defects", token).json()) == 4


def test_the_schema_lists_every_status(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[f"{BASE}/status-reports"]["post"]["responses"]) >= {
        "201", "400", "401", "403", "404", "409", "422"}  # fmt: skip
    assert set(paths[f"{BASE}/defects/{{defect_id}}/updates"]["post"]["responses"]) >= {
        "200", "400", "401", "403", "404", "409", "422"}  # fmt: skip
    assert set(paths[f"{BASE}/plans/{{plan_id}}/junit"]["post"]["responses"]) >= {
        "201", "400", "401", "403", "404", "422"}  # fmt: skip
    assert set(paths[f"{BASE}/milestones"]["get"]["responses"]) >= {"200", "401", "403"}
