"""The shop's ad and shelf-slot clicks as a report dataset (PRC-07's roll-up of the site's other
statistics): clicks per ad, per slot and per day, from the daily rows ``ClickDay`` counts."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.reports import datasets

from .models import ClickDay

AD = Q(ad__isnull=False)
SLOT = Q(slot__isnull=False)


def _kinds():
    return [("ad", _("Ads")), ("slot", _("Shelf slots"))]


def _sums():
    return {
        "ad_clicks": Coalesce(Sum("clicks", filter=AD), 0),
        "slot_clicks": Coalesce(Sum("clicks", filter=SLOT), 0),
    }


def _row(key, label, r) -> datasets.Row:
    ad, slot = r["ad_clicks"], r["slot_clicks"]
    return datasets.Row(key=str(key), label=str(label),
                        values={"clicks": ad + slot, "ad_clicks": ad, "slot_clicks": slot})  # fmt: skip


def _by_day(qs, start, end):
    found = {r["day"]: r for r in qs.values("day").annotate(**_sums()).order_by("day")}
    empty = {"ad_clicks": 0, "slot_clicks": 0}
    return [_row(d.isoformat(), d.isoformat(), found.get(d, empty))
            for d in datasets.days(start, end)]  # fmt: skip


def _by_ad(qs, start, end):
    rows = (
        qs.filter(AD)
        .values("ad_id", "ad__title", "ad__position__name")
        .annotate(**_sums())
        .order_by("-ad_clicks", "ad__title", "ad_id")
    )
    return [_row(r["ad_id"], f"{r['ad__title']}（{r['ad__position__name']}）", r) for r in rows]


def _by_ad_position(qs, start, end):
    rows = (
        qs.filter(AD)
        .values("ad__position_id", "ad__position__name")
        .annotate(**_sums())
        .order_by("-ad_clicks", "ad__position__name")
    )
    return [_row(r["ad__position_id"], r["ad__position__name"], r) for r in rows]


def _by_slot(qs, start, end):
    rows = (
        qs.filter(SLOT)
        .values("slot_id", "slot__shelf__name", "slot__position", "slot__product__title")
        .annotate(**_sums())
        .order_by("-slot_clicks", "slot__shelf__name", "slot__position", "slot_id")
    )
    return [
        _row(r["slot_id"],
             f"{r['slot__shelf__name']} #{r['slot__position']}: {r['slot__product__title']}", r)
        for r in rows
    ]  # fmt: skip


def _by_shelf(qs, start, end):
    rows = (
        qs.filter(SLOT)
        .values("slot__shelf_id", "slot__shelf__name")
        .annotate(**_sums())
        .order_by("-slot_clicks", "slot__shelf__name")
    )
    return [_row(r["slot__shelf_id"], r["slot__shelf__name"], r) for r in rows]


BREAKDOWNS = {
    "day": _by_day, "ad": _by_ad, "ad_position": _by_ad_position, "slot": _by_slot,
    "shelf": _by_shelf,
}  # fmt: skip


def compute(start, end, dimensions, filters) -> datasets.Result:
    """One aggregate query for the totals and one per breakdown (GROUP BY in the database)."""
    qs = ClickDay.objects.filter(day__gte=start, day__lte=end)
    kind = filters.get("kind")
    if kind == "ad":
        qs = qs.filter(AD)
    elif kind == "slot":
        qs = qs.filter(SLOT)
    totals = _row("total", _("All clicks"), qs.aggregate(**_sums()))
    return datasets.Result(
        start=start, end=end, totals=totals,
        breakdowns={d: BREAKDOWNS[d](qs, start, end) for d in dimensions},
    )  # fmt: skip


CLICKS = datasets.register(
    datasets.Dataset(
        key="shop_clicks",
        title=gettext_lazy("Ad and shelf clicks"),
        perm="merch.view_clickday",
        description=gettext_lazy(
            "Clicks in the shop on ads and on products in shelf slots, counted per "
            "day in the site's time zone (from the day daily counting started)."
        ),
        dimensions=[
            datasets.Dimension("day", gettext_lazy("By day")),
            datasets.Dimension("ad", gettext_lazy("By ad")),
            datasets.Dimension("ad_position", gettext_lazy("By ad position")),
            datasets.Dimension("slot", gettext_lazy("By shelf slot")),
            datasets.Dimension("shelf", gettext_lazy("By shelf")),
        ],
        measures=[
            datasets.Measure(
                "clicks",
                gettext_lazy("Clicks"),
                gettext_lazy(
                    "Visits to the shop through an ad or a shelf slot, while it was "
                    "live (clicks on an ad or slot not shown are not counted)."
                ),
            ),
            datasets.Measure(
                "ad_clicks", gettext_lazy("Ad clicks"), gettext_lazy("Of those, clicks on ads.")
            ),
            datasets.Measure(
                "slot_clicks",
                gettext_lazy("Shelf-slot clicks"),
                gettext_lazy("Of those, clicks on products in shelf slots."),
            ),
        ],
        filters=[datasets.Filter("kind", gettext_lazy("Only"), _kinds)],
        compute=compute,
        chart="clicks",
        default_dimensions=["day"],
        app_label="merch",
    )  # fmt: skip
)
