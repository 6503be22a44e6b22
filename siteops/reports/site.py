"""PRC-07: the site's "other statistics" as one monthly report, drawn from the datasets the areas
register — orders, ad and shelf-slot clicks, searches, catalogue changes, work throughput per
position, points, campaigns, availability — plus the work-throughput dataset itself (the work app
sits below the report registry, so its dataset lives here)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.org.models import Position
from siteops.work.choices import WorkStatus
from siteops.work.models import WorkItem

from . import datasets

# --- work throughput per position ---------------------------------------------------------------


def _work_sums(start, end):
    lo, hi = datasets.period_bounds(start, end)
    tz = timezone.get_current_timezone()
    late = Q(closed_at__isnull=True) | Q(GreaterThan(TruncDate("closed_at", tzinfo=tz), F("due")))
    return {
        "opened": Count("pk", filter=Q(created_at__gte=lo, created_at__lt=hi)),
        "done": Count("pk", filter=Q(status=WorkStatus.DONE, closed_at__gte=lo, closed_at__lt=hi)),
        "overdue": Count(
            "pk",
            filter=Q(due__gte=start, due__lte=end) & ~Q(status=WorkStatus.CANCELLED) & late,
        ),
    }


def _work_qs(start, end):
    lo, hi = datasets.period_bounds(start, end)
    return WorkItem.objects.filter(
        Q(created_at__gte=lo, created_at__lt=hi)
        | Q(closed_at__gte=lo, closed_at__lt=hi)
        | Q(due__gte=start, due__lte=end)
    )


def _work_row(key, label, r) -> datasets.Row:
    return datasets.Row(key=str(key), label=str(label),
                        values={k: r.get(k, 0) for k in ("opened", "done", "overdue")})  # fmt: skip


def work_compute(start, end, dimensions, filters) -> datasets.Result:
    """One aggregate query for the totals and one for the breakdown by position."""
    sums = _work_sums(start, end)
    qs = _work_qs(start, end)
    breakdowns = {}
    if "position" in dimensions:
        found = {r["position_id"]: r for r in qs.values("position_id").annotate(**sums)}
        names = {p.pk: p for p in Position.objects.filter(pk__in=found)}
        rows = [_work_row(names[pk].code, names[pk].name, r) for pk, r in found.items()]
        breakdowns["position"] = sorted(rows, key=lambda r: (-r.values["opened"], r.label))
    return datasets.Result(start=start, end=end, breakdowns=breakdowns,
                           totals=_work_row("total", _("All positions"), qs.aggregate(**sums)))  # fmt: skip


WORK = datasets.register(
    datasets.Dataset(
        key="work_throughput",
        title=gettext_lazy("Work throughput"),
        perm="reports.add_reportrun",
        description=gettext_lazy(
            "Work items between positions: opened, done and overdue in the period, per position."
        ),
        dimensions=[datasets.Dimension("position", gettext_lazy("By position"))],
        measures=[
            datasets.Measure(
                "opened", gettext_lazy("Opened"), gettext_lazy("Work items created in the period.")
            ),
            datasets.Measure(
                "done", gettext_lazy("Done"), gettext_lazy("Work items finished in the period.")
            ),
            datasets.Measure(
                "overdue",
                gettext_lazy("Overdue"),
                gettext_lazy(
                    "Work items due in the period and not done by their due "
                    "date (finished late, or still open); cancelled ones "
                    "are not counted."
                ),
            ),
        ],  # fmt: skip
        compute=work_compute,
        chart="opened",
        default_dimensions=["position"],
        app_label="reports",
    )
)

# --- the site report: a roll-up of the other datasets ------------------------------------------

# (dataset, measure) figures of the monthly site report, in the order it shows them.
FIGURES = [
    ("orders", "orders"), ("orders", "paid_orders"), ("orders", "gmv"), ("orders", "return_rate"),
    ("shop_clicks", "ad_clicks"), ("shop_clicks", "slot_clicks"),
    ("shop_searches", "searches"), ("shop_searches", "empty"),
    ("catalog_changes", "published"), ("catalog_changes", "delisted"),
    ("catalog_changes", "price_changes"),
    ("work_throughput", "opened"), ("work_throughput", "done"), ("work_throughput", "overdue"),
    ("points_projects", "issued"), ("points_projects", "redeemed"),
    ("campaign_results", "clicks"), ("campaign_results", "orders"),
    ("availability", "uptime"), ("availability", "incidents"),
]  # fmt: skip
SEP = "__"


def _figures() -> list[tuple[datasets.Dataset, datasets.Measure]]:
    """The figures whose dataset and measure are registered (an app not installed is left out)."""
    out = []
    for key, measure in FIGURES:
        try:
            ds = datasets.get(key)
        except Exception:  # noqa: BLE001 — a DomainError: that area's app is not installed
            continue
        found = [m for m in ds.measures if m.key == measure]
        if found:
            out.append((ds, found[0]))
    return out


def site_compute(start, end, dimensions, filters) -> datasets.Result:
    """Each source dataset runs once (with its own bounded queries): its totals, and its days
    when the report is broken down by day and the dataset has days."""
    totals: dict = {}
    days: dict[str, dict] = {d.isoformat(): {} for d in datasets.days(start, end)}
    by_source: dict[str, list[str]] = {}
    for ds, m in _figures():
        by_source.setdefault(ds.key, []).append(m.key)
    for key, measures in by_source.items():
        ds = datasets.get(key)
        dims = ["day"] if "day" in dimensions and any(d.key == "day" for d in ds.dimensions) else []
        result = ds.run(start, end, dims)
        for m in measures:
            totals[f"{key}{SEP}{m}"] = result.totals.values.get(m)
        for row in result.breakdowns.get("day", []):
            if row.key in days:
                for m in measures:
                    days[row.key][f"{key}{SEP}{m}"] = row.values.get(m)
    breakdowns = {}
    if "day" in dimensions:
        breakdowns["day"] = [datasets.Row(key=d, label=d, values=v) for d, v in days.items()]
    return datasets.Result(start=start, end=end, breakdowns=breakdowns,
                           totals=datasets.Row("total", _("The whole period"), totals))  # fmt: skip


def register_site() -> datasets.Dataset:
    """Called once every app's datasets are registered (ReportsConfig.ready)."""
    measures = [
        datasets.Measure(f"{ds.key}{SEP}{m.key}", format_lazy("{} · {}", ds.title, m.label),
                         m.definition, m.kind)
        for ds, m in _figures()
    ]  # fmt: skip
    return datasets.register(
        datasets.Dataset(
            key="site",
            title=gettext_lazy("Site statistics (monthly roll-up)"),
            perm="reports.add_reportrun",
            description=gettext_lazy(
                "The site's other statistics in one report: orders, ad and shelf-slot clicks, "
                "searches, catalogue changes, work throughput, points, campaigns and "
                "availability, each as its own report defines it."
            ),
            dimensions=[
                datasets.Dimension(
                    "day",
                    gettext_lazy("By day"),
                    gettext_lazy(
                        "Figures without days (points, campaigns, availability) are in "
                        "the totals only."
                    ),
                )
            ],  # fmt: skip
            measures=measures,
            compute=site_compute,
            default_dimensions=["day"],
            app_label="reports",
        )
    )
