"""PRC-07: the shop's ad and shelf-slot clicks per ad, slot and day, as a report dataset — counted
on the day of the click in the site's time zone, archived and sent like the order statistics."""

import datetime

import pytest
import time_machine
from django.core import mail

from siteops.merch import services
from siteops.reports import datasets
from siteops.reports import services as reports
from siteops.reports.models import ReportDefinition, ReportRun

from .factories import ad, slot

pytestmark = pytest.mark.django_db
SH = datetime.timezone(datetime.timedelta(hours=8))


def click(fn, pk, y, m, d, h):
    assert fn(pk, at=datetime.datetime(y, m, d, h, 30, tzinfo=SH))


def test_clicks_per_ad_slot_and_day():
    a1, a2, s = ad(title="双11主图"), ad(title="新品"), slot()
    for _ in range(3):
        click(services.ad_click, a1.pk, 2026, 11, 2, 0)  # 00:30 in Shanghai = 1 Nov 16:30 UTC
    click(services.ad_click, a2.pk, 2026, 11, 3, 23)
    click(services.slot_click, s.pk, 2026, 11, 3, 10)
    click(services.slot_click, s.pk, 2026, 11, 5, 10)
    clicks = datasets.get("shop_clicks")
    r = clicks.run(datetime.date(2026, 11, 1), datetime.date(2026, 11, 7),
                   ["day", "ad", "slot", "ad_position", "shelf"])  # fmt: skip
    assert r.totals.values == {"clicks": 6, "ad_clicks": 4, "slot_clicks": 2}
    by_day = {row.key: row.values["clicks"] for row in r.breakdowns["day"]}
    assert len(by_day) == 7 and by_day["2026-11-02"] == 3 and by_day["2026-11-01"] == 0
    assert by_day["2026-11-03"] == 2 and by_day["2026-11-05"] == 1
    ads = [(row.label, row.values["ad_clicks"]) for row in r.breakdowns["ad"]]
    assert ads[0][0].startswith("双11主图") and ads[0][1] == 3 and ads[1][1] == 1
    assert [row.values["slot_clicks"] for row in r.breakdowns["slot"]] == [2]
    only_slots = clicks.run(datetime.date(2026, 11, 1), datetime.date(2026, 11, 7), [],
                            {"kind": "slot"})  # fmt: skip
    assert only_slots.totals.values["clicks"] == 2


def test_an_unknown_filter_value_is_refused():
    from siteops.core.errors import DomainError

    with pytest.raises(DomainError):
        datasets.get("shop_clicks").run(datetime.date(2026, 11, 1), datetime.date(2026, 11, 2),
                                        [], {"kind": "'; DROP TABLE"})  # fmt: skip
    with pytest.raises(DomainError):
        datasets.get("shop_clicks").run(datetime.date(2026, 11, 1), datetime.date(2026, 11, 2),
                                        ["region"])  # fmt: skip


def test_prc07_weekly_click_report_is_archived_and_sent(django_capture_on_commit_callbacks):
    from siteops.org.models import Position

    a = ad()
    click(services.ad_click, a.pk, 2026, 11, 17, 12)
    d = ReportDefinition.objects.create(
        code="weekly-clicks", name="每周广告与货架点击", dataset="shop_clicks", period_kind="week",
        is_scheduled=True, dimensions=["day", "ad"], duty_code="PRC-07",
    )  # fmt: skip
    d.recipient_positions.add(Position.objects.get(code="MGR"))
    # Only this definition is due here (the migrations' own yearly definitions are not).
    ReportDefinition.objects.exclude(pk=d.pk).update(is_scheduled=False)
    from conftest import make_staff

    make_staff("manager", "MGR")
    with (
        time_machine.travel(datetime.datetime(2026, 11, 23, 9, 30, tzinfo=datetime.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reports.run_due_reports() == 1
    run = ReportRun.objects.get(definition=d)
    assert run.dataset == "shop_clicks" and run.figures["totals"]["clicks"] == 1
    assert run.parameters["dataset"] == "shop_clicks"
    assert 'data-figure="clicks">1<' in run.html
    assert (
        mail.outbox and mail.outbox[0].attachments[0][0] == "weekly-clicks-20261116-20261122.xlsx"
    )


def test_the_click_report_screen_costs_the_same_queries_at_two_sizes(client, process_editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = ("/backoffice/reports/datasets/shop_clicks/?period=custom&start=2026-11-01"
           "&end=2026-11-30&dimensions=day&dimensions=ad&dimensions=slot&dimensions=ad_position"
           "&dimensions=shelf")  # fmt: skip
    client.force_login(process_editor)

    def grow(n):
        for i in range(n):
            a, s = ad(), slot()
            click(services.ad_click, a.pk, 2026, 11, 1 + i % 28, 10)
            click(services.slot_click, s.pk, 2026, 11, 2 + i % 27, 10)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200 and 'data-breakdown="slot"' in page.content.decode()
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(25)
    assert count() == small
