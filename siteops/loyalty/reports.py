"""PRC-06: the points statistics per project and period, a dataset of the report registry
(ad-hoc screen, archive, scheduled runs, sending). Figures come from the ledger and the batches
in a fixed number of GROUP BY queries, whatever the period or the number of members."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siteops.reports import datasets

from .choices import EntryKind, MemberStatus
from .models import Award, LedgerEntry, Member, Project

KEYS = ("members", "generated", "issued", "redeemed", "expired", "reversed", "liability_points")


def _bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


def _sum(cond):
    return Coalesce(Sum(Case(When(cond, then="points"), output_field=IntegerField())), 0)


def project_figures(start, end, project_ids=None) -> dict[int, dict]:
    """{project id: figures} for the period [start, end] (dates inclusive):

    - members: members who joined by the end and have not left;
    - generated: points proposed by the batches of periods ending in the period;
    - issued / redeemed / expired / reversed: ledger entries booked in the period (positive);
    - liability_points: the outstanding balance at the end of the period (all entries booked
      by then), and liability_value = liability_points × the project's value of a point.
    """
    since, until = _bounds(start, end)
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    out = {p.pk: {"project": p, **dict.fromkeys(KEYS, 0)} for p in projects}
    ids = list(out)
    for r in (
        Member.objects.filter(project_id__in=ids, joined_on__lte=end)
        .exclude(status=MemberStatus.LEFT)
        .values("project_id").annotate(n=Count("pk")).order_by()
    ):  # fmt: skip
        out[r["project_id"]]["members"] = r["n"]
    for r in (
        Award.objects.filter(project_id__in=ids, batch__period_end__range=(start, end))
        .values("project_id").annotate(n=Sum("points")).order_by()
    ):  # fmt: skip
        out[r["project_id"]]["generated"] = r["n"] or 0
    for r in (
        LedgerEntry.objects.filter(project_id__in=ids, at__gte=since, at__lt=until)
        .values("project_id")
        .annotate(issued=_sum(Q(kind=EntryKind.EARN)), redeemed=_sum(Q(kind__in=[EntryKind.REDEEM, EntryKind.REFUND])),
                  expired=_sum(Q(kind=EntryKind.EXPIRE)), reversed=_sum(Q(kind=EntryKind.REVERSE)))
        .order_by()
    ):  # fmt: skip
        f = out[r["project_id"]]
        f["issued"] = r["issued"]
        f["redeemed"], f["expired"], f["reversed"] = -r["redeemed"], -r["expired"], -r["reversed"]
    for r in (
        LedgerEntry.objects.filter(project_id__in=ids, at__lt=until)
        .values("project_id").annotate(n=Sum("points")).order_by()
    ):  # fmt: skip
        out[r["project_id"]]["liability_points"] = r["n"] or 0
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
