"""PRC-06: the dataset's figures equal a plain-Python sum over the generated ledger and batches."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from siteops.orders.tests import factories as f
from siteops.reports import datasets

from .. import reports, services
from ..models import Award, LedgerEntry, Member
from .helpers import active_project, delivered_order, members, undo

pytestmark = pytest.mark.django_db


def expected(project, start, end):
    tz = timezone.get_current_timezone()

    def day(e):
        return e.at.astimezone(tz).date()

    entries = list(LedgerEntry.objects.filter(project=project))
    in_period = [e for e in entries if start <= day(e) <= end]
    by_kind = {k: -sum(e.points for e in in_period if e.kind == k)
               for k in ("redeem", "expire", "reverse")}  # fmt: skip
    outstanding = sum(e.points for e in entries if day(e) <= end)
    return {
        "members": sum(1 for m in Member.objects.filter(project=project)
                       if m.joined_on <= end and m.status != "left"),
        "generated": sum(a.points for a in Award.objects.filter(project=project)
                         if start <= a.batch.period_end <= end),
        "issued": sum(e.points for e in in_period if e.kind == "earn"),
        "redeemed": by_kind["redeem"], "expired": by_kind["expire"],
        "reversed": by_kind["reverse"], "liability_points": outstanding,
        "liability_value": (Decimal(outstanding) * project.point_value).quantize(Decimal("0.01")),
    }  # fmt: skip


def test_figures_match(process_editor, leader, chief_editor):
    from siteops.approvals.services import approval_approve

    rng = random.Random(7)
    today = timezone.localdate()
    project = active_project(process_editor, leader, pending_days=0)
    buyers = [f.customer() for _ in range(4)]
    members(process_editor, project, *buyers)
    orders = [delivered_order(rng.choice(buyers), price=f"{rng.randint(10, 500)}.00",
                              days_ago=rng.randint(0, 5)) for _ in range(7)]  # fmt: skip
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=today - datetime.timedelta(days=10), end=today)  # fmt: skip
    approval_approve(actor=chief_editor, approval=services.batch_submit(actor=process_editor,
                                                                       batch=batch))  # fmt: skip
    batch.refresh_from_db()
    services.batch_issue(actor=process_editor, batch=batch)
    undo(orders[0])
    services.reversals_post()
    earn = LedgerEntry.objects.filter(project=project, kind="earn").first()
    LedgerEntry.objects.create(project=project, member=earn.member, kind="redeem", points=-7,
                               lot=earn, entry_source="order", available_on=today,
                               reason="消费")  # fmt: skip
    for start, end in [
        (today, today),
        (today - datetime.timedelta(days=30), today),
        (today - datetime.timedelta(days=30), today - datetime.timedelta(days=20)),
    ]:
        got = reports.project_figures(start, end)[project.pk]
        want = expected(project, start, end)
        assert {k: got[k] for k in want} == want
    result = datasets.get("points_projects").compute(today, today, ["project"], {})
    assert result.breakdowns["project"][0].values["issued"] == batch.total_points
    assert result.totals.values["reversed"] > 0
