"""PRC-06: the points statistics per project and period, a dataset of the report registry
(ad-hoc screen, archive, scheduled runs, sending). Figures come from the ledger and the batches
in a fixed number of GROUP BY queries, whatever the period or the number of members."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siteops.reports import datasets

from .choices import EntryKind, MemberStatus
from .models import Award, Batch, LedgerEntry, Member, Project

KEYS = ("members", "generated", "issued", "redeemed", "expired", "reversed", "liability_points")


def _bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


def project_figures(start, end, project_ids=None) -> dict[int, dict]:
    """{project id: figures} for the period [start, end] (dates inclusive):

    - members: members who joined by the end and have not left;
    - generated: points proposed by the batches of periods ending in the period;
    - issued / redeemed / expired / reversed: ledger entries booked in the period (positive);
    - liability_points: the outstanding balance at the end of the period (all entries booked
      by then), and liability_value = liability_points × the project's value of a point.

    Four queries whatever the number of members, entries or projects: the projects, one GROUP
    BY of the members, one of the awards and one pass over the ledger up to the period's end
    that sums the period's entries by kind and the balance at its end together.
    """
    since, until = _bounds(start, end)
    ops = connection.ops
    projects = Project.objects.order_by("code")
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    out = {p.pk: {"project": p, **dict.fromkeys(KEYS, 0)} for p in projects}
    if not out:
        return out
    only = project_ids is not None
    ids = list(out)
    inside = f" AND {{}} IN ({', '.join(['%s'] * len(ids))})" if only else ""
    extra = ids if only else []
    d_end = ops.adapt_datefield_value(end)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT project_id, COUNT(*) FROM {Member._meta.db_table} "  # noqa: S608
            f"WHERE joined_on <= %s AND status <> %s{inside.format('project_id')} "
            f"GROUP BY project_id",
            [d_end, MemberStatus.LEFT, *extra],
        )
        for pk, n in cur.fetchall():
            out[pk]["members"] = n
        cur.execute(
            f"SELECT a.project_id, SUM(a.points) FROM {Award._meta.db_table} a "  # noqa: S608
            f"JOIN {Batch._meta.db_table} b ON b.id = a.batch_id "
            f"WHERE b.period_end >= %s AND b.period_end <= %s{inside.format('a.project_id')} "
            f"GROUP BY a.project_id",
            [ops.adapt_datefield_value(start), d_end, *extra],
        )
        for pk, n in cur.fetchall():
            out[pk]["generated"] = int(n or 0)
        t0 = ops.adapt_datetimefield_value(since)
        cur.execute(
            f"SELECT project_id, "  # noqa: S608
            f"SUM(CASE WHEN at >= %s AND kind = '{EntryKind.EARN}' THEN points ELSE 0 END), "
            f"SUM(CASE WHEN at >= %s AND kind IN ('{EntryKind.REDEEM}', '{EntryKind.REFUND}') "
            f"THEN points ELSE 0 END), "
            f"SUM(CASE WHEN at >= %s AND kind = '{EntryKind.EXPIRE}' THEN points ELSE 0 END), "
            f"SUM(CASE WHEN at >= %s AND kind = '{EntryKind.REVERSE}' THEN points ELSE 0 END), "
            f"SUM(points) FROM {LedgerEntry._meta.db_table} "
            f"WHERE at < %s{inside.format('project_id')} GROUP BY project_id",
            [t0, t0, t0, t0, ops.adapt_datetimefield_value(until), *extra],
        )
        for pk, issued, redeemed, expired, reversed_, balance in cur.fetchall():
            f = out[pk]
            f["issued"], f["redeemed"] = int(issued), -int(redeemed)
            f["expired"], f["reversed"] = -int(expired), -int(reversed_)
            f["liability_points"] = int(balance or 0)
    for f in out.values():
        f["liability_value"] = (Decimal(f["liability_points"]) * f["project"].point_value).quantize(
            Decimal("0.01")
        )
    return out


def compute(start, end, dimensions, filters) -> datasets.Result:
    ids = [int(filters["project"])] if filters.get("project") else None
    figures = project_figures(start, end, ids)

    def values(f):
        return {k: f[k] for k in (*KEYS, "liability_value")}

    total = {k: sum(f[k] for f in figures.values()) for k in KEYS}
    total["liability_value"] = sum(
        (f["liability_value"] for f in figures.values()), Decimal("0.00")
    )
    breakdowns = {}
    if "project" in dimensions:
        breakdowns["project"] = [
            datasets.Row(str(pk), str(f["project"]), values(f))
            for pk, f in sorted(figures.items(), key=lambda kv: kv[1]["project"].code)
        ]
    return datasets.Result(start, end, datasets.Row("total", _("All projects"), total), breakdowns)


datasets.register(
    datasets.Dataset(
        key="points_projects",
        title=_("Points projects"),
        perm="loyalty.view_statistics",
        description=_("Per points project and period: members, points generated, issued, "
                      "redeemed, expired and reversed, and the outstanding liability."),
        dimensions=[datasets.Dimension("project", _("By project"))],
        measures=[
            datasets.Measure("members", _("Members"),
                             _("Members who joined by the end of the period and have not left.")),
            datasets.Measure("generated", _("Points generated"),
                             _("Points proposed by the batches of periods ending in the period.")),
            datasets.Measure("issued", _("Points issued"),
                             _("Points booked to members in the period.")),
            datasets.Measure("redeemed", _("Points redeemed"), _("Points spent in the period.")),
            datasets.Measure("expired", _("Points expired"), _("Points expired in the period.")),
            datasets.Measure("reversed", _("Points reversed"),
                             _("Points taken back for cancelled or returned orders.")),
            datasets.Measure("liability_points", _("Outstanding points"),
                             _("Balance of all members at the end of the period.")),
            datasets.Measure("liability_value", _("Liability (CNY)"),
                             _("Outstanding points × the value of one point."), kind="money"),
        ],
        filters=[datasets.Filter("project", _("Project"), lambda: [
            (str(p.pk), str(p)) for p in Project.objects.order_by("code")])],
        compute=compute,
        chart="issued",
        default_dimensions=["project"],
    )
)  # fmt: skip
