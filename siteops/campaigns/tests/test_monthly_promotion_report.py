"""PRM-03: the promotion report runs monthly through the report registry (archived once per
period, by the scheduled job) and re-running a past period gives the same figures, whatever
happened since."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from siteops.orders.models import Order
from siteops.orders.tests import factories as order_factories
from siteops.reports import datasets
from siteops.reports.models import ReportDefinition, ReportRun
from siteops.reports.services import run_due_reports

from .factories import campaign

pytestmark = pytest.mark.django_db


def _order(buyer, at, total):
    o = order_factories.order(buyer)
    Order.objects.filter(pk=o.pk).update(
        utm_campaign="spring-2026", utm_source="tianya", utm_medium="bbs", status="paid",
        total=Decimal(total), created_at=at,
    )  # fmt: skip


def test_scheduled_month_archived_once_and_past_period_stable(activity_planner):
    campaign(activity_planner)
    ReportDefinition.objects.create(
        code="monthly-promotion", name="每月推广报告", dataset="campaign_results",
        period_kind="month", is_scheduled=True, dimensions=["campaign", "source", "medium"],
    )  # fmt: skip
    tz = timezone.get_current_timezone()
    buyer = order_factories.customer("buyer-m")
    _order(buyer, datetime.datetime(2026, 5, 3, 10, tzinfo=tz), "120")
    _order(buyer, datetime.datetime(2026, 5, 31, 23, 30, tzinfo=tz), "80")  # last evening, local
    _order(buyer, datetime.datetime(2026, 6, 1, 0, 10, tzinfo=tz), "999")  # June: not in May
    june_first = datetime.datetime(2026, 6, 1, 8, 15, tzinfo=tz)
    assert run_due_reports(now=june_first) >= 1
    run = ReportRun.objects.get(definition__code="monthly-promotion")
    assert (run.period_start, run.period_end) == (datetime.date(2026, 5, 1),
                                                  datetime.date(2026, 5, 31))  # fmt: skip
    may = datasets.get("campaign_results").run(run.period_start, run.period_end, ["campaign"])
    assert may.totals.values["orders"] == 2 and may.totals.values["gmv"] == Decimal("200.00")
    _order(buyer, timezone.now(), "55")  # later orders change nothing in May
    assert run_due_reports(now=june_first + datetime.timedelta(hours=1)) == 0
    assert ReportRun.objects.filter(definition__code="monthly-promotion").count() == 1
    again = datasets.get("campaign_results").run(run.period_start, run.period_end, ["campaign"])
    assert again.totals == may.totals and again.breakdowns == may.breakdowns
