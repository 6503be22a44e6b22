"""The vendor's narrow login: another department's kind of user (VEN-PM) tied to one vendor. It
sees only its projects, milestones, the defects assigned to it and the documents sent to it;
posts its weekly status report (a slip reaches the manager) and defect updates. Two vendors: A
never sees B's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_staff
from siteops.vendors.models import (
    Defect,
    DefectEvent,
    Milestone,
    MilestoneDelay,
    StatusReport,
    TechnicalDocument,
)
from siteops.vendors.tests.conftest import days, vendor_world
from siteops.work.models import Notification, WorkItem


def test_the_portal_shows_a_its_own_and_nothing_of_b(client, vendor_a, vendor_b):
    client.force_login(vendor_a["user"])
    page = client.get(reverse("admin:vendors_portal"))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("甲软件公司的项目", "甲软件公司的里程碑", "甲软件公司的缺陷", "va-M1"):
        assert text in html
    assert "乙软件公司" not in html and "vb-M1" not in html
    # the menu offers the portal and none of the department's own lists
    assert reverse("admin:vendors_portal") in html
    assert reverse("admin:vendors_defect_changelist") not in html


@pytest.mark.parametrize("name", ["vendors_portal_defect", "vendors_portal_document"])
def test_b_s_records_are_not_found_for_a(client, vendor_a, vendor_b, name):
    key = "defect" if "defect" in name else "doc"
    client.force_login(vendor_a["user"])
    assert client.get(reverse(f"admin:{name}", args=[vendor_a[key].pk])).status_code == 200
    assert client.get(reverse(f"admin:{name}", args=[vendor_b[key].pk])).status_code == 404


def test_a_cannot_write_to_b_s_records(client, vendor_a, vendor_b):
    client.force_login(vendor_a["user"])
    b_defect, b_doc = vendor_b["defect"], vendor_b["doc"]
    r = client.post(reverse("admin:vendors_portal_defect_action", args=[b_defect.pk]),
                    {"action": "fix"})  # fmt: skip
    assert r.status_code == 404
    r = client.post(reverse("admin:vendors_portal_document_ack", args=[b_doc.pk]),
                    {"signatory": "甲"})  # fmt: skip
    assert r.status_code == 404
    client.post(
        reverse("admin:vendors_portal_report"),
        {"project": vendor_b["project"].pk, "week_ending": days(0).isoformat(), "summary": "x"},
    )
    assert Defect.objects.get(pk=b_defect.pk).status == "assigned"
    assert TechnicalDocument.objects.get(pk=b_doc.pk).acknowledged_at is None
    assert not StatusReport.objects.exists()


def test_the_vendor_opens_none_of_the_department_s_pages(client, vendor_a):
    client.force_login(vendor_a["user"])
    for url in (
        reverse("admin:vendors_project", args=[vendor_a["project"].pk]),
        reverse("admin:vendors_defect", args=[vendor_a["defect"].pk]),
        reverse("admin:vendors_run", args=[vendor_a["run"].pk]),
        reverse("admin:vendors_document", args=[vendor_a["doc"].pk]),
        reverse("admin:vendors_needs"),
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        reverse("admin:vendors_defect_changelist"),
        reverse("admin:vendors_milestone_changelist"),
        reverse("admin:vendors_vendorproject_changelist"),
    ):
        assert client.get(url).status_code == 403, url


def test_who_may_open_the_portal(client, vendor_a, manager, dev_lead, maintainer, service,
                                 customer):  # fmt: skip
    url = reverse("admin:vendors_portal")
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert client.get(url).status_code == 302  # a shop customer has no back office
    for user in (manager, dev_lead, maintainer, service):
        client.force_login(user)
        assert client.get(url).status_code == 403
    # a VEN-PM login not tied to a vendor sees nothing
    client.force_login(make_staff("loose_vendor", "VEN-PM"))
    assert client.get(url).status_code == 403


def test_weekly_report_with_a_slip_reaches_the_manager_once(
    client, vendor_a, manager, django_capture_on_commit_callbacks
):
    m = vendor_a["milestone"]
    client.force_login(vendor_a["user"])
    data = {
        "project": vendor_a["project"].pk,
        "week_ending": days(0).isoformat(),
        "summary": "完成了购物车接口",
        "risks": "支付接口文档未到",
        f"progress_{m.pk}": "40",
        f"forecast_{m.pk}": days(30).isoformat(),
        f"reason_{m.pk}": "支付接口文档晚到",
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("admin:vendors_portal_report"), data)
    assert r.status_code == 302
    report = StatusReport.objects.get()
    assert report.actor == vendor_a["user"] and report.position_code == "VEN-PM"
    assert report.lines.get().forecast_date == days(30)
    m.refresh_from_db()
    assert (m.forecast_date, m.vendor_progress) == (days(30), 40)
    delay = MilestoneDelay.objects.get(milestone=m)
    assert delay.reason == "支付接口文档晚到" and delay.actor == vendor_a["user"]
    # 10 days beyond the baseline > the threshold of 5: one escalation to the manager
    assert WorkItem.objects.filter(position__code="MGR", subject_id=str(m.pk)).count() == 1
    assert Notification.objects.filter(user=manager, link__endswith="#reports").exists()
    # the manager sees the report and the delay on the project page
    client.force_login(manager)
    html = client.get(reverse("admin:vendors_project", args=[vendor_a["project"].pk])).content
    assert "完成了购物车接口" in html.decode() and "支付接口文档晚到" in html.decode()
    # the same week again is refused, nothing changes
    client.force_login(vendor_a["user"])
    client.post(
        reverse("admin:vendors_portal_report"), {**data, f"forecast_{m.pk}": days(40).isoformat()}
    )
    assert StatusReport.objects.count() == 1
    assert Milestone.objects.get(pk=m.pk).forecast_date == days(30)


def test_a_new_date_needs_a_reason_and_bad_input_is_a_message(client, vendor_a):
    m = vendor_a["milestone"]
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal_report")
    base = {"project": vendor_a["project"].pk, "week_ending": days(0).isoformat(), "summary": "s"}
    for extra in (
        {f"progress_{m.pk}": "10", f"forecast_{m.pk}": days(25).isoformat()},  # no reason
        {f"progress_{m.pk}": "1e300000"},
        {f"progress_{m.pk}": "101"},
        {f"progress_{m.pk}": "10", f"forecast_{m.pk}": "2027-02-30", f"reason_{m.pk}": "r"},
        {"week_ending": "2026-13-01"},
        {"week_ending": days(30).isoformat()},
        {"summary": ""},
        {"project": "abc"},
        {"summary": "a\x00b"},
    ):
        r = client.post(url, {**base, **extra})
        assert r.status_code in (302, 404), extra
    assert not StatusReport.objects.exists()
    assert Milestone.objects.get(pk=m.pk).forecast_date == days(20)


def test_the_vendor_fixes_and_comments_its_defect(client, vendor_a, manager):
    d = vendor_a["defect"]
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal_defect_action", args=[d.pk])
    client.post(url, {"action": "comment", "comment": "正在排查"})
    client.post(url, {"action": "fix", "build": "1.0.3", "comment": "已修复"})
    d.refresh_from_db()
    assert (d.status, d.target_build) == ("fixed", "1.0.3")
    events = list(DefectEvent.objects.filter(defect=d, actor=vendor_a["user"]).order_by("pk"))
    assert [(e.from_status, e.to_status, e.comment) for e in events] == [
        ("assigned", "assigned", "正在排查"), ("assigned", "fixed", "已修复"),
    ]  # fmt: skip
    # fixing twice is refused; closing is ours (retest), not the vendor's
    client.post(url, {"action": "fix"})
    client.post(url, {"action": "close"})
    assert Defect.objects.get(pk=d.pk).status == "fixed"
    assert DefectEvent.objects.filter(defect=d, actor=vendor_a["user"]).count() == 2


def test_a_defect_assigned_to_our_maintainer_is_not_the_vendor_s(client, vendor_a, manager):
    from siteops.vendors import services

    d = vendor_a["defect"]
    services.defect_step(actor=manager, defect=d, action="assign", assignee="MNT")
    client.force_login(vendor_a["user"])
    assert client.get(reverse("admin:vendors_portal_defect", args=[d.pk])).status_code == 404
    assert "甲软件公司的缺陷" not in client.get(reverse("admin:vendors_portal")).content.decode()


def test_the_vendor_acknowledges_a_document_version_once(client, vendor_a):
    doc = vendor_a["doc"]
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal_document_ack", args=[doc.pk])
    client.post(url, {"signatory": "甲公司 钱工"})
    client.post(url, {"signatory": "someone else"})
    doc.refresh_from_db()
    assert doc.acknowledged_by == "甲公司 钱工" and doc.acknowledged_at is not None
    assert client.get(reverse("admin:vendors_portal_document", args=[doc.pk]) + "?format=html"
                      ).status_code == 200  # fmt: skip


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_portal_queries_do_not_grow_with_projects(client, vendor_a, manager):
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal")
    _count(client, url)
    small = _count(client, url)
    for i in range(3):
        extra = vendor_world(manager, f"甲{i}", f"vx{i}", login=f"x{i}")
        extra["project"].vendor = vendor_a["vendor"]
        extra["project"].save()
    big = _count(client, url)
    assert big == small
