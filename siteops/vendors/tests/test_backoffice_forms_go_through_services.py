"""The back office's add/change forms save through the services (revisions, work items, events)."""

from django.urls import reverse

from siteops.vendors.models import (
    DevRequest,
    Milestone,
    Need,
    Requirement,
    TestCase,
    TestRun,
    VendorEvent,
)
from siteops.vendors.tests.conftest import days
from siteops.work.models import WorkItem


def test_forms_make_revisions_events_and_work(
    client, manager, dev_lead, service, project, plan, baselined
):
    from siteops.org.models import Department

    client.force_login(service)
    r = client.post(reverse("admin:vendors_need_add"), {
        "title": "退货进度查询", "problem": "客户看不到退货进度", "value": "", "urgency": "high",
        "department": Department.objects.get(code="CS").pk,
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    need = Need.objects.get(title="退货进度查询")
    assert need.requester == service
    assert VendorEvent.objects.filter(object_id=need.pk, verb="submitted").exists()

    client.force_login(manager)
    r = client.post(reverse("admin:vendors_requirement_add"), {
        "project": project.pk, "code": "R-7", "title": "退货进度", "statement": "显示退货节点",
        "rationale": "", "acceptance_criteria": "", "priority": "high", "section": "screens",
        "need": "",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    req = Requirement.objects.get(code="R-7")
    assert req.latest_revision.number == 1
    url = reverse("admin:vendors_requirement_change", args=[baselined[0].pk])
    r = client.post(url, {
        "title": "需求 R-1", "statement": "改过的陈述", "rationale": "", "acceptance_criteria": "",
        "priority": "high", "section": "scope", "need": "",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    b = Requirement.objects.get(pk=baselined[0].pk)
    assert (b.status, b.statement, b.latest_revision.data["statement"]) == (
        "changed", "系统应当……", "改过的陈述",
    )  # fmt: skip
    # the change form shows the newest draft
    assert "改过的陈述" in client.get(url).content.decode()

    r = client.post(reverse("admin:vendors_milestone_add"), {
        "project": project.pk, "code": "M9", "title": "上线", "deliverable": "程序",
        "acceptance_criteria": "", "payment_share": "20", "planned_date": days(30).isoformat(),
        "requirements": [req.pk],
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    m = Milestone.objects.get(code="M9")
    assert (m.forecast_date, list(m.requirements.all())) == (days(30), [req])

    r = client.post(reverse("admin:vendors_testcase_add"), {
        "plan": plan.pk, "title": "退货进度显示", "steps": "1. 申请退货", "expected": "显示进度",
        "status": "confirmed", "reviewer": "", "requirements": [req.pk],
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    case = TestCase.objects.get(title="退货进度显示")
    assert case.live_revision.number == 1 and list(case.requirements.all()) == [req]
    r = client.post(reverse("admin:vendors_testcase_change", args=[case.pk]), {
        "title": "退货进度显示", "steps": "1. 申请退货", "expected": "显示进度与时间",
        "status": "confirmed", "reviewer": "", "requirements": [req.pk],
    })  # fmt: skip
    assert r.status_code == 302
    case.refresh_from_db()
    assert (case.expected, case.live_revision.number) == ("显示进度与时间", 2)

    r = client.post(
        reverse("admin:vendors_testrun_add"), {"plan": plan.pk, "name": "回归", "build": "1.1"}
    )
    run = TestRun.objects.get(name="回归")
    assert r.url == reverse("admin:vendors_run", args=[run.pk])
    assert run.executions.count() == 1

    client.force_login(dev_lead)
    r = client.post(reverse("admin:vendors_devrequest_add"), {
        "kind": "bug", "title": "退货页 500", "requirement": "", "need": "",
        "affected_module": "退货", "design_notes": "", "estimate_days": "", "severity": "major",
        "steps_to_reproduce": "打开退货页", "expected": "正常", "actual": "报错",
        "environment": "生产", "release": "",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    dr = DevRequest.objects.get(title="退货页 500")
    assert WorkItem.objects.get(subject_id=str(dr.pk)).position.code == "MNT"
    r = client.post(reverse("admin:vendors_devrequest_add"), {"kind": "new_module", "title": "x"})
    assert r.status_code == 200  # the form shows what a module request needs, no 500


def test_a_refused_save_is_a_message(client, manager, project, baselined):
    client.force_login(manager)
    from siteops.vendors import services

    services.requirement_withdraw(actor=manager, requirement=baselined[1], reason="取消")
    url = reverse("admin:vendors_requirement_change", args=[baselined[1].pk])
    r = client.post(url, {
        "title": "新", "statement": "新", "rationale": "", "acceptance_criteria": "",
        "priority": "high", "section": "scope", "need": "",
    }, follow=True)  # fmt: skip
    assert r.status_code == 200
    assert Requirement.objects.get(pk=baselined[1].pk).latest_revision.data["title"] == "需求 R-2"
