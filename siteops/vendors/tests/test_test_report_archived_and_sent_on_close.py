"""When a run closes, its test report (测试报告) is archived through the report registry (XLSX +
HTML) and sent to the developer and maintainer positions and the vendor's login; defects past
their fix SLA are reported weekly, each breach once."""

import datetime
import io

import openpyxl
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from siteops.reports.models import ReportRun
from siteops.vendors import services
from siteops.vendors.models import Defect
from siteops.vendors.reports import test_report_of
from siteops.work.models import Notification, WorkItem


def test_closing_a_run_archives_and_sends_its_report(
    vendor_a, vendor_b, manager, dev_lead, module_dev, maintainer, client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    run = vendor_a["run"]
    with django_capture_on_commit_callbacks(execute=True):
        services.run_close(actor=manager, run=run)
    report = test_report_of(run)
    assert report is not None and ReportRun.objects.count() == 1
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx.read())).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert 1 in cells  # one execution, failed
    sent = [m for m in mail.outbox if m.attachments]
    assert len(sent) == 1
    assert set(sent[0].to) == {u.email for u in (dev_lead, module_dev, maintainer,
                                                   vendor_a["user"])}  # fmt: skip
    for user in (dev_lead, module_dev, maintainer, vendor_a["user"]):
        assert Notification.objects.filter(user=user, message__contains=run.name).exists()
    assert not Notification.objects.filter(user=vendor_b["user"]).exists()
    # the vendor downloads it from its portal; the other vendor cannot
    url = reverse("admin:vendors_portal_test_report", args=[run.pk])
    client.force_login(vendor_a["user"])
    assert client.get(url).status_code == 200
    client.force_login(vendor_b["user"])
    assert client.get(url).status_code == 404
    # developers open the archived run through the report registry
    client.force_login(dev_lead)
    assert client.get(reverse("admin:reports_run", args=[report.pk])).status_code == 200


def test_an_open_run_has_no_report_to_download(vendor_a, client):
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal_test_report", args=[vendor_a["run"].pk])
    assert client.get(url).status_code == 404


def test_sla_breaches_are_reported_weekly_once_each(vendor_a, vendor_b, manager):
    today = timezone.localdate()
    a, b = vendor_a["defect"], vendor_b["defect"]
    Defect.objects.filter(pk=a.pk).update(fix_due=today - datetime.timedelta(days=2))
    assert services.report_sla_breaches(today) == 1
    items = WorkItem.objects.filter(position__code="MGR", title__contains="SLA")
    assert items.count() == 1 and f"#{a.pk}" in items.get().description
    # next week: A is still late, but already reported; B is newly late
    Defect.objects.filter(pk=b.pk).update(fix_due=today)
    assert services.report_sla_breaches(today + datetime.timedelta(days=7)) == 1
    assert f"#{a.pk}" not in items.order_by("-pk").first().description
    assert services.report_sla_breaches(today + datetime.timedelta(days=14)) == 0
    assert items.count() == 2
    # a fixed defect is not a breach
    Defect.objects.update(sla_breach_reported_at=None)
    services.defect_step(actor=manager, defect=Defect.objects.get(pk=a.pk), action="fix")
    assert services.report_sla_breaches(today + datetime.timedelta(days=21)) == 1
