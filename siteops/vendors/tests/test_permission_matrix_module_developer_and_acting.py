"""The permission matrix for the module developer (MOD) and acting holders on every work screen
and every POST of the area: what MOD may do (record its own executions, report defects, fix the
vendor's defects, read specs and reports) and what it may not (triage, schedule, sign off, close,
assign, acknowledge, the vendor portal); an acting manager and an acting module developer do what
the position does."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.vendors import beta, services
from siteops.vendors.models import BetaFeedback, BetaParticipant, Defect, Need, TestRun
from siteops.vendors.tests.conftest import days


@pytest.fixture
def w(manager, project, plan, case, service, customer):
    from siteops.org.models import Department

    need = services.need_submit(actor=service, department=Department.objects.get(code="CS"),
                                title="需求乙", problem="p")  # fmt: skip
    doc = services.document_issue(actor=manager, project=project)
    run = services.run_create(actor=manager, plan=plan, name="R-MOD", position="MOD")
    e = run.executions.get()
    m = services.milestone_create(actor=manager, project=project, code="M1", title="t",
                                  deliverable="d", planned_date=days(9))  # fmt: skip
    BetaParticipant.objects.create(user=customer)
    fb = beta.feedback_send(user=customer, text="反馈甲")
    return {"need": need, "doc": doc, "run": run, "e": e, "m": m, "project": project, "fb": fb}


def _post(client, user, name, pk, data):
    client.force_login(user)
    return client.post(reverse(f"admin:{name}", args=[pk]), data)


GETS = {
    # page → (module developer, acting manager) status
    "vendors_beta_triage": (403, 200),
    "vendors_similar_cases": (403, 200),
    "vendors_portal": (403, 403),
    "vendors_betafeedback_changelist": (200, 200),
    "vendors_testrun_changelist": (200, 200),
    "vendors_testplan_changelist": (200, 200),
    "vendors_technicaldocument_changelist": (200, 200),
    "vendors_vendor_changelist": (200, 200),
    "vendors_vendorproject_changelist": (200, 200),
    "vendors_betafeature_changelist": (200, 200),
}


@pytest.mark.parametrize("name", sorted(GETS))
def test_get_as_module_developer_and_acting_manager(name, w, client, module_dev):
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    url = reverse(f"admin:{name}")
    for user, want in zip((module_dev, acting), GETS[name], strict=True):
        client.force_login(user)
        assert client.get(url).status_code == want, (name, user)


def test_module_developer_posts(w, client, module_dev, manager):
    run, e, m = w["run"], w["e"], w["m"]
    # may not: triage a need, move the schedule, acknowledge a document, triage beta feedback
    assert _post(client, module_dev, "vendors_need_triage", w["need"].pk,
                 {"action": "accept"}).status_code == 403  # fmt: skip
    _post(
        client,
        module_dev,
        "vendors_project_action",
        w["project"].pk,
        {"action": "forecast", "milestone": m.pk, "date": days(15).isoformat(), "reason": "x"},
    )
    _post(client, module_dev, "vendors_project_action", w["project"].pk,
          {"action": "baseline", "name": "b"})  # fmt: skip
    assert _post(client, module_dev, "vendors_document_ack", w["doc"].pk,
                 {"signatory": "x"}).status_code == 403  # fmt: skip
    assert _post(client, module_dev, "vendors_beta_triage_do", w["fb"].pk,
                 {"action": "need"}).status_code == 403  # fmt: skip
    m.refresh_from_db()
    w["doc"].refresh_from_db()
    assert Need.objects.get(pk=w["need"].pk).status == "new"
    assert m.forecast_date == days(9) and not w["project"].baselines.exists()
    assert not w["doc"].acknowledged_at and BetaFeedback.objects.get().status == "new"
    # may: record its own execution and report the defect from it
    _post(
        client,
        module_dev,
        "vendors_run_action",
        run.pk,
        {"action": "record", "execution": e.pk, "status": "failed", "comment": "报错"},
    )
    e.refresh_from_db()
    assert (e.status, e.tested_by) == ("failed", module_dev)
    _post(client, module_dev, "vendors_run_action", run.pk,
          {"action": "defect", "execution": e.pk, "severity": "major"})  # fmt: skip
    defect = Defect.objects.get()
    # may not: sign off or close the run, assign the defect
    _post(client, module_dev, "vendors_run_action", run.pk, {"action": "sign_off"})
    _post(client, module_dev, "vendors_run_action", run.pk, {"action": "close"})
    run.refresh_from_db()
    assert (run.status, run.signed_off_at) == ("open", None)
    _post(client, module_dev, "vendors_defect_action", defect.pk,
          {"action": "assign", "assignee": "vendor"})  # fmt: skip
    assert Defect.objects.get().status == "new"
    # may: fix a defect assigned to the vendor's work (fix_defect)
    services.defect_step(actor=manager, defect=defect, action="assign", assignee="vendor")
    _post(client, module_dev, "vendors_defect_action", defect.pk, {"action": "fix"})
    assert Defect.objects.get().status == "fixed"
    # the vendor portal is the vendor's only
    for name, data in (("vendors_portal_defect_action", {"action": "fix"}),
                       ("vendors_portal_document_ack", {"signatory": "x"})):  # fmt: skip
        pk = defect.pk if "defect" in name else w["doc"].pk
        assert _post(client, module_dev, name, pk, data).status_code == 403
    client.force_login(module_dev)
    r = client.post(reverse("admin:vendors_portal_report"), {"project": w["project"].pk})
    assert r.status_code == 403
    for name, pk in (("vendors_portal_test_report", run.pk),
                     ("vendors_portal_test_report_pdf", run.pk)):  # fmt: skip
        assert client.get(reverse(f"admin:{name}", args=[pk])).status_code == 403


def test_acting_manager_posts(w, client, manager):
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    run, e, m = w["run"], w["e"], w["m"]
    _post(
        client,
        acting,
        "vendors_project_action",
        w["project"].pk,
        {"action": "forecast", "milestone": m.pk, "date": days(15).isoformat(), "reason": "延期"},
    )
    _post(client, acting, "vendors_project_action", w["project"].pk,
          {"action": "baseline", "name": "代理基线"})  # fmt: skip
    _post(client, acting, "vendors_document_ack", w["doc"].pk, {"signatory": "钱工"})
    m.refresh_from_db()
    w["doc"].refresh_from_db()
    assert m.forecast_date == days(15) and w["project"].baselines.get().name == "代理基线"
    assert w["doc"].acknowledged_by == "钱工"
    _post(client, acting, "vendors_run_action", run.pk,
          {"action": "record", "execution": e.pk, "status": "failed"})  # fmt: skip
    _post(client, acting, "vendors_run_action", run.pk,
          {"action": "defect", "execution": e.pk, "severity": "minor"})  # fmt: skip
    defect = Defect.objects.get()
    _post(client, acting, "vendors_defect_action", defect.pk,
          {"action": "assign", "assignee": "MNT"})  # fmt: skip
    assert Defect.objects.get().status == "assigned"
    _post(client, acting, "vendors_run_action", run.pk, {"action": "sign_off", "note": "代签"})
    _post(client, acting, "vendors_run_action", run.pk, {"action": "close"})
    run = TestRun.objects.get(pk=run.pk)
    assert (run.status, run.signed_off_by, run.signed_off_acting) == ("closed", acting, True)
    assert _post(client, acting, "vendors_need_triage", w["need"].pk,
                 {"action": "reject", "reason": "重复"}).status_code == 302  # fmt: skip
    assert Need.objects.get(pk=w["need"].pk).status == "rejected"


def test_acting_module_developer_records_the_positions_executions(w, client, dev_lead):
    acting = make_staff("acting_mod", "MOD", kind="acting")  # MOD is vacant: the acting does it
    run, e = w["run"], w["e"]
    client.force_login(acting)
    page = client.get(reverse("admin:vendors_run", args=[run.pk])).content.decode()
    assert 'value="record"' in page
    _post(client, acting, "vendors_run_action", run.pk,
          {"action": "record", "execution": e.pk, "status": "passed"})  # fmt: skip
    e.refresh_from_db()
    assert (e.status, e.tested_by) == ("passed", acting)
    _post(client, acting, "vendors_run_action", run.pk, {"action": "sign_off"})
    assert TestRun.objects.get(pk=run.pk).signed_off_at is None
