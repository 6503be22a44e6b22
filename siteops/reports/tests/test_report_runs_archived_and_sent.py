"""PRC-04/08: a run is archived once per period, immutable, and mailed with its XLSX."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from siteops.fulfilment.tests import factories as f
from siteops.org.models import Department, Position
from siteops.reports import services
from siteops.reports.models import ReportDefinition, ReportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(db):
    d = ReportDefinition.objects.create(
        code="weekly-orders", name="每周订单统计", period_kind="week", is_scheduled=True,
        dimensions=["day", "region", "payment"], duty_code="PRC-04",
        recipient_emails="boss@example.com\n=evil@example.com",
    )  # fmt: skip
    d.recipient_positions.add(Position.objects.get(code="MGR"))
    # Only this definition is due in these tests (the migrations' own yearly definitions are not).
    ReportDefinition.objects.exclude(pk=d.pk).update(is_scheduled=False)
    return d


def test_a_scheduled_run_is_archived_once_and_mailed(
    weekly, manager, process_editor, django_capture_on_commit_callbacks
):
    f.bulk_orders(40, start=datetime.date(2026, 11, 16), days=7, seed=3)
    with (
        time_machine.travel(datetime.datetime(2026, 11, 23, 9, 30, tzinfo=datetime.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.run_due_reports() == 1
        assert services.run_due_reports() == 0  # the same period again: nothing new
    run = ReportRun.objects.get()
    assert (run.period_start, run.period_end) == (
        datetime.date(2026, 11, 16),
        datetime.date(2026, 11, 22),
    )
    assert run.trigger == "schedule" and run.figures["totals"]["orders"] == 40
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert set(msg.to) == {"manager@example.com", "boss@example.com", "=evil@example.com"}
    name, content, _mime = msg.attachments[0]
    assert name.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(content))
    assert wb.worksheets[0].cell(2, 2).value == 40  # the orders figure in the summary sheet
    assert "每周订单统计" in run.html and 'data-figure="orders">40<' in run.html


def test_a_run_cannot_be_edited(weekly):
    run, created = services.report_run_create(
        actor=None, definition=weekly, start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 11, 8),
    )  # fmt: skip
    assert created
    run.html = "forged"
    with pytest.raises(ValidationError):
        run.save()
    assert ReportRun.objects.get(pk=run.pk).html != "forged"
    again, created = services.report_run_create(
        actor=None, definition=weekly, start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 11, 8),
    )  # fmt: skip
    assert again.pk == run.pk and not created


def test_department_recipients_and_vacant_position_go_to_its_cover(weekly, staff):
    weekly.recipient_positions.set([Position.objects.get(code="ART")])  # vacant → its cover
    weekly.recipient_departments.add(Department.objects.get(positions__code="LOG-DSP"))
    emails = services.recipients_of(weekly)
    assert "logistics@example.com" in emails
    from siteops.org.selectors import resolve

    cover = {u.email for u in resolve("ART").users}
    assert cover and cover <= set(emails) and "product_editor@example.com" in cover


def test_the_scheduled_run_closes_the_duty_work_item(weekly, process_editor):
    from siteops.org.models import Duty
    from siteops.work.models import DutySchedule, WorkItem
    from siteops.work.supervision import run_schedules

    duty = Duty.objects.get(code="PRC-04")
    schedule, _ = DutySchedule.objects.get_or_create(
        name="PRC-04 weekly order report", defaults=dict(
            duty=duty, position=duty.position, frequency="weekly", weekday=0, hour=9,
            title_template="每周订单统计 {period}"),
    )  # fmt: skip
    when = datetime.datetime(2026, 11, 23, 1, 5, tzinfo=datetime.UTC)  # Monday 09:05 in Shanghai
    with time_machine.travel(when):
        run_schedules()
        item = WorkItem.objects.get(schedule=schedule)
        assert not item.is_closed
        services.run_due_reports()
    item.refresh_from_db()
    assert item.is_closed
    assert ReportRun.objects.get(definition=weekly).work_item_id == item.pk


def test_adhoc_report_is_saved_and_sent_on_request(
    client, process_editor, django_capture_on_commit_callbacks
):
    f.bulk_orders(10, start=datetime.date(2026, 11, 3), days=2, seed=5)
    client.force_login(process_editor)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/backoffice/reports/order-statistics/send/", {
        "period": "custom", "start": "2026-11-01", "end": "2026-11-10",
            "dimensions": ["category", "customer"], "name": "临时统计", "emails": "x@example.com",
        })  # fmt: skip
    assert r.status_code == 302, r.content
    run = ReportRun.objects.get()
    assert run.trigger == "adhoc" and run.created_position_code == "PRC"
    assert set(run.figures["breakdowns"]) == {"category", "customer"}
    assert mail.outbox[0].to == ["x@example.com"]
    page = client.get(f"/backoffice/reports/runs/{run.pk}/")
    assert "临时统计" in page.content.decode()
    assert client.get(f"/backoffice/reports/runs/{run.pk}/xlsx/")["Content-Type"].startswith(
        "application/vnd.openxml"
    )


def test_bad_period_is_a_clear_error_and_nothing_is_saved(client, process_editor):
    client.force_login(process_editor)
    r = client.post("/backoffice/reports/order-statistics/send/", {
        "period": "custom", "start": "2026-11-10", "end": "2026-11-01", "name": "x",
    }, follow=True)  # fmt: skip
    assert not ReportRun.objects.exists()
    assert "结束" in r.content.decode() or "ends before" in r.content.decode()
