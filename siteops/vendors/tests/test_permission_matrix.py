"""Every screen of the area: anonymous, customers, other departments, the programming team, the
manager and an acting manager — GET and each POST."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.vendors import services
from siteops.vendors.models import Need, TestExecution
from siteops.vendors.tests.conftest import days


@pytest.fixture
def world(manager, project, plan, case, service):
    from siteops.org.models import Department

    need = services.need_submit(
        actor=service,
        department=Department.objects.get(code="CS"),
        title="客服的需求甲",
        problem="p",
    )
    doc = services.document_issue(actor=manager, project=project)
    run = services.run_create(actor=manager, plan=plan, name="R1")
    e = run.executions.get()
    services.execution_record(actor=manager, execution=e, status="failed")
    defect = services.defect_from_execution(actor=manager, execution=e)
    m = services.milestone_create(
        actor=manager, project=project, code="M1", title="t", deliverable="d", planned_date=days(9)
    )
    return {
        "need": need,
        "doc": doc,
        "run": run,
        "e": e,
        "defect": defect,
        "m": m,
        "project": project,
    }


def _users(request):
    return {
        "manager": request.getfixturevalue("manager"),
        "acting_mgr": make_staff("acting_mgr", "MGR", kind="acting"),
        "dev_lead": request.getfixturevalue("dev_lead"),
        "module_dev": request.getfixturevalue("module_dev"),
        "maintainer": request.getfixturevalue("maintainer"),
        "service": request.getfixturevalue("service"),
        "purchasing": request.getfixturevalue("purchasing"),
        "chief_editor": request.getfixturevalue("chief_editor"),
    }


# page → who gets 200 (everyone else with back-office access: 403)
TEAM = {"manager", "acting_mgr", "dev_lead", "module_dev", "maintainer"}
PAGES = {
    "needs": ({"manager", "acting_mgr"}, lambda w: reverse("admin:vendors_needs")),
    "project": (TEAM, lambda w: reverse("admin:vendors_project", args=[w["project"].pk])),
    "trace": (TEAM, lambda w: reverse("admin:vendors_traceability_xlsx", args=[w["project"].pk])),
    "document": (TEAM, lambda w: reverse("admin:vendors_document", args=[w["doc"].pk])),
    "document_html": (TEAM, lambda w: reverse("admin:vendors_document", args=[w["doc"].pk]) + "?format=html"),
    "document_xlsx": (TEAM, lambda w: reverse("admin:vendors_document", args=[w["doc"].pk]) + "?format=xlsx"),
    "run": (TEAM, lambda w: reverse("admin:vendors_run", args=[w["run"].pk])),
    "run_page_2": (TEAM, lambda w: reverse("admin:vendors_run", args=[w["run"].pk]) + "?page=2&status=failed"),
    "run_pdf": (TEAM, lambda w: reverse("admin:vendors_run", args=[w["run"].pk]) + "?format=pdf"),
    "document_pdf": (TEAM, lambda w: reverse("admin:vendors_document", args=[w["doc"].pk]) + "?format=pdf"),
    "beta_triage": ({"manager", "acting_mgr"}, lambda w: reverse("admin:vendors_beta_triage")),
    "defect": (TEAM, lambda w: reverse("admin:vendors_defect", args=[w["defect"].pk])),
    "requirements": (TEAM, lambda w: reverse("admin:vendors_requirement_changelist")),
    "cases": (TEAM, lambda w: reverse("admin:vendors_testcase_changelist")),
    "defects": (TEAM, lambda w: reverse("admin:vendors_defect_changelist")),
    "devrequests": (TEAM, lambda w: reverse("admin:vendors_devrequest_changelist")),
    "devrequest_add": ({"manager", "acting_mgr", "dev_lead"}, lambda w: reverse("admin:vendors_devrequest_add")),
    "milestones": (TEAM, lambda w: reverse("admin:vendors_milestone_changelist")),
    "milestone_add": ({"manager", "acting_mgr"}, lambda w: reverse("admin:vendors_milestone_add")),
    "requirement_add": ({"manager", "acting_mgr"}, lambda w: reverse("admin:vendors_requirement_add")),
    "case_add": ({"manager", "acting_mgr", "dev_lead"}, lambda w: reverse("admin:vendors_testcase_add")),
    # other departments send needs and see their own
    "need_add": ({"manager", "acting_mgr", "service", "purchasing"},
                 lambda w: reverse("admin:vendors_need_add")),  # fmt: skip
    "need_list": (TEAM | {"service", "purchasing"}, lambda w: reverse("admin:vendors_need_changelist")),
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGES))
def test_get_pages(page, world, request, client):
    allowed, url_of = PAGES[page]
    url = url_of(world)
    assert client.get(url).status_code == 302  # anonymous → login
    customer = request.getfixturevalue("customer")
    client.force_login(customer)
    assert client.get(url).status_code == 302  # a shop customer has no back office
    for name, user in _users(request).items():
        client.force_login(user)
        got = client.get(url).status_code
        assert got == (200 if name in allowed else 403), (name, got)


def test_other_departments_see_only_their_own_needs(world, client, purchasing, service):
    client.force_login(purchasing)
    url = reverse("admin:vendors_need_changelist")
    assert "客服的需求甲" not in client.get(url).content.decode()
    assert (
        client.get(reverse("admin:vendors_need_change", args=[world["need"].pk])).status_code == 302
    )
    client.force_login(service)
    assert "客服的需求甲" in client.get(url).content.decode()


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_posts_need_the_right_position(world, request, client):
    users = _users(request)
    triage = reverse("admin:vendors_need_triage", args=[world["need"].pk])
    for name in ("dev_lead", "maintainer", "service"):
        assert _post(client, users[name], triage, {"action": "accept"}).status_code == 403
    assert client.post(reverse("admin:vendors_needs")).status_code == 403
    assert _post(client, users["acting_mgr"], triage, {"action": "accept"}).status_code == 302
    assert Need.objects.get(pk=world["need"].pk).status == "accepted"

    action = reverse("admin:vendors_project_action", args=[world["project"].pk])
    m = world["m"]
    # a module developer may look at the schedule but not move it
    r = _post(client, users["module_dev"], action, {"action": "forecast", "milestone": m.pk,
              "date": days(12).isoformat(), "reason": "x"})  # fmt: skip
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.forecast_date == days(9)
    _post(client, users["manager"], action, {"action": "forecast", "milestone": m.pk,
          "date": days(12).isoformat(), "reason": "接口延期"})  # fmt: skip
    m.refresh_from_db()
    assert m.forecast_date == days(12)
    _post(client, users["service"], action, {"action": "baseline", "name": "b"})
    assert not world["project"].baselines.exists()
    assert (
        _post(client, users["service"], action, {"action": "baseline", "name": "b"}).status_code
        == 403
    )

    ack = reverse("admin:vendors_document_ack", args=[world["doc"].pk])
    assert _post(client, users["dev_lead"], ack, {"signatory": "钱工"}).status_code == 403
    assert _post(client, users["manager"], ack, {"signatory": "钱工"}).status_code == 302
    world["doc"].refresh_from_db()
    assert world["doc"].acknowledged_by == "钱工"

    run_action = reverse("admin:vendors_run_action", args=[world["run"].pk])
    assert _post(client, users["service"], run_action, {"action": "close"}).status_code == 403
    _post(client, users["module_dev"], run_action, {"action": "close"})
    world["run"].refresh_from_db()
    assert world["run"].status == "open"  # MOD records results, does not close runs

    defect_action = reverse("admin:vendors_defect_action", args=[world["defect"].pk])
    assert (
        _post(client, users["purchasing"], defect_action, {"action": "assign"}).status_code == 403
    )
    _post(client, users["maintainer"], defect_action, {"action": "assign", "assignee": "MNT"})
    world["defect"].refresh_from_db()
    assert world["defect"].status == "new"  # only the manager / programming lead assign
    _post(client, users["dev_lead"], defect_action, {"action": "assign", "assignee": "MNT"})
    _post(client, users["maintainer"], defect_action, {"action": "fix"})
    world["defect"].refresh_from_db()
    assert world["defect"].status == "fixed"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "forecast", "milestone": "abc", "date": "2027-01-01", "reason": "x"},
        {"action": "forecast", "milestone": "1", "date": "not-a-date", "reason": "x"},
        {"action": "forecast", "milestone": "99999999999999999999", "reason": "x"},
        {"action": "deliver", "milestone": "1", "date": "2027-02-30", "run": "-1"},
        {"action": "nonsense"},
        {"action": "review", "req": ""},
    ],
)
def test_bad_input_is_a_message_not_a_500(world, manager, client, data):
    client.force_login(manager)
    url = reverse("admin:vendors_project_action", args=[world["project"].pk])
    r = client.post(url, data)
    assert r.status_code in (302, 404)
    r = client.post(reverse("admin:vendors_run_action", args=[world["run"].pk]),
                    {"action": "record", "execution": "x", "status": "passed"})  # fmt: skip
    assert r.status_code == 302
    r = client.post(reverse("admin:vendors_run_action", args=[world["run"].pk]),
                    {"action": "record", "execution": world["e"].pk, "status": "bogus"})  # fmt: skip
    assert r.status_code == 302
    assert TestExecution.objects.get(pk=world["e"].pk).status == "failed"
