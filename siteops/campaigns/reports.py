"""What campaigns brought in (PRM-03): clicks on their tracked links, and the orders and GMV
whose UTM fields name them — per campaign, per source and per medium.

- *clicks*: clicks on the campaign's short links on the period's days (``LinkClickDay``);
- *orders*: orders placed in the period (site time zone) whose ``utm_campaign`` is set and that
  were paid (the order report's paid statuses, returns included);
- *GMV*: those orders' totals.

UTM values that name no campaign, source or medium of the controlled lists are shown as they
arrived, marked "unmapped" — they never create a campaign.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.orders.models import Order
from siteops.orders.reports import PAID_STATUSES
from siteops.reports import datasets

from .choices import Medium
from .models import Campaign, LinkClickDay, Source

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
DIMENSIONS = {
    # dimension -> (order field, click field)
    "campaign": ("utm_campaign", "link__campaign__code"),
    "source": ("utm_source", "link__source__code"),
    "medium": ("utm_medium", "link__medium"),
}


def _labels(dim: str) -> dict[str, str]:
    if dim == "campaign":
        return dict(Campaign.objects.values_list("code", "name"))
    if dim == "source":
        return dict(Source.objects.values_list("code", "name"))
    return {k: str(v) for k, v in Medium.choices}


def _campaigns():
    return list(Campaign.objects.order_by("-start").values_list("code", "name")[:200])


def _orders(start, end, filters):
    lo, hi = datasets.period_bounds(start, end)
    qs = Order.objects.filter(
        created_at__gte=lo, created_at__lt=hi, status__in=PAID_STATUSES
    ).exclude(utm_campaign="")
    if filters.get("campaign"):
        qs = qs.filter(utm_campaign=filters["campaign"])
    return qs


def _clicks(start, end, filters):
    qs = LinkClickDay.objects.filter(day__range=(start, end))
    if filters.get("campaign"):
        qs = qs.filter(link__campaign__code=filters["campaign"])
    return qs


def _values(clicks, orders, gmv) -> dict:
    return {
        "clicks": clicks or 0,
        "orders": orders or 0,
        "gmv": (gmv or ZERO).quantize(CENT),  # SQLite sums decimals as floats
    }


def compute(start, end, dimensions, filters) -> datasets.Result:
    orders, clicks = _orders(start, end, filters), _clicks(start, end, filters)
    o = orders.aggregate(n=Count("pk"), gmv=Sum("total"))
    c = clicks.aggregate(n=Sum("clicks"))
    totals = datasets.Row("total", _("All campaigns"), _values(c["n"], o["n"], o["gmv"]))
    breakdowns = {}
    for dim in dimensions:
        order_field, click_field = DIMENSIONS[dim]
        by_order = {
            r[order_field]: r
            for r in orders.values(order_field).annotate(n=Count("pk"), gmv=Sum("total"))
        }
        by_click = {
            r[click_field]: r["n"] for r in clicks.values(click_field).annotate(n=Sum("clicks"))
        }
        labels = _labels(dim)
        rows = []
        for key in sorted(set(by_order) | set(by_click), key=str):
            r = by_order.get(key, {})
            label = labels.get(key) or _("%(value)s (unmapped)") % {"value": key or "—"}
            rows.append(
                datasets.Row(str(key), label, _values(by_click.get(key), r.get("n"), r.get("gmv")))
            )
        rows.sort(key=lambda row: (-row.values["gmv"], -row.values["clicks"], row.key))
        breakdowns[dim] = rows
    return datasets.Result(start, end, totals, breakdowns)


datasets.register(
    datasets.Dataset(
        key="campaign_results",
        title=gettext_lazy("Campaign results"),
        perm="campaigns.view_linkclickday",
        description=gettext_lazy(
            "Clicks on the campaigns' tracked links, and the paid orders and GMV that arrived "
            "with a campaign's UTM parameters."
        ),
        dimensions=[
            datasets.Dimension("campaign", gettext_lazy("By campaign")),
            datasets.Dimension(
                "source",
                gettext_lazy("By source"),
                gettext_lazy("Values not in the source list are shown as they arrived (unmapped)."),
            ),  # fmt: skip
            datasets.Dimension("medium", gettext_lazy("By medium")),
        ],
        measures=[
            datasets.Measure(
                "clicks", gettext_lazy("Clicks"), gettext_lazy("Clicks on the short links /go/c/…")
            ),
            datasets.Measure(
                "orders",
                gettext_lazy("Orders"),
                gettext_lazy("Paid orders placed with a campaign's UTM."),
            ),
            datasets.Measure(
                "gmv", gettext_lazy("GMV"), gettext_lazy("Total of those orders."), kind="money"
            ),
        ],
        filters=[datasets.Filter("campaign", gettext_lazy("Only campaign"), _campaigns)],
        compute=compute,
        chart="gmv",
        default_dimensions=["campaign"],
    )
)
