"""What campaigns brought in (PRM-03): clicks on their tracked links, and the orders and GMV
whose UTM fields name them — per campaign, per source and per medium.

- *clicks*: clicks on the campaign's short links on the period's days (``LinkClickDay``);
- *orders*: orders placed in the period (site time zone) whose ``utm_campaign`` is set and that
  were paid (the order report's paid statuses, returns included);
- *GMV*: those orders' totals.
- *first touch*: the same orders and GMV counted under the campaign/source/medium the visitor
  first arrived with (within the attribution window, ``first_utm_*`` on the order), side by side
  with the last touch (``utm_*``); an order whose two touches differ counts once under each.

UTM values that name no campaign, source or medium of the controlled lists are shown as they
arrived, marked "unmapped" — they never create a campaign. Once someone maps such a value
(``UtmMapping``), every report, for past periods too, counts it under what it means.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.orders.models import Order
from siteops.orders.reports import PAID_STATUSES
from siteops.reports import datasets

from .choices import Medium
from .models import Campaign, LinkClickDay, PromoCode, Source, UtmMapping

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


def mappings() -> dict[str, dict[str, str]]:
    """{dimension: {value as it arrived: what it means}} — applied to past orders as well."""
    out: dict[str, dict[str, str]] = {d: {} for d in DIMENSIONS}
    for dim, value, maps_to in UtmMapping.objects.values_list("dimension", "value", "maps_to"):
        out.setdefault(dim, {})[value] = maps_to
    return out


#: the order fields of each touch (the last touch is what the order's utm_* hold)
TOUCHES = {"last": "", "first": "first_"}


def _touch_conditions(filters, mapped) -> dict[str, Q]:
    """For each touch: which orders count under it (a campaign named, the filter's if any)."""
    out = {}
    for touch, prefix in TOUCHES.items():
        field = f"{prefix}utm_campaign"
        if filters.get("campaign"):
            code = filters["campaign"]
            aliases = [v for v, c in (mapped or {}).get("campaign", {}).items() if c == code]
            out[touch] = Q(**{f"{field}__in": [code, *aliases]})
        else:
            out[touch] = ~Q(**{field: ""})
    return out


def _orders(start, end, filters, mapped=None):
    """Paid orders of the period that count under either touch, and each touch's condition."""
    lo, hi = datasets.period_bounds(start, end)
    conditions = _touch_conditions(filters, mapped)
    qs = Order.objects.filter(
        conditions["last"] | conditions["first"],
        created_at__gte=lo,
        created_at__lt=hi,
        status__in=PAID_STATUSES,
    )
    return qs, conditions


def _clicks(start, end, filters):
    qs = LinkClickDay.objects.filter(day__range=(start, end))
    if filters.get("campaign"):
        qs = qs.filter(link__campaign__code=filters["campaign"])
    return qs


def conversion(clicks, orders):
    """Orders per click (0–1, four places), or None — shown as "—", never as 0 % — when there
    were no clicks (orders that came without a click, e.g. typed-in UTM, have no rate)."""
    if not clicks:
        return None
    return (Decimal(orders or 0) / Decimal(clicks)).quantize(Decimal("0.0001"))


def _values(clicks, orders, gmv, first_orders=0, first_gmv=0) -> dict:
    return {
        "clicks": clicks or 0,
        "orders": orders or 0,
        "gmv": Decimal(str(gmv or 0)).quantize(CENT),  # SQLite sums decimals as floats
        "conversion": conversion(clicks, orders),
        "first_orders": first_orders or 0,
        "first_gmv": Decimal(str(first_gmv or 0)).quantize(CENT),
        "first_conversion": conversion(clicks, first_orders),
    }


def _empty() -> dict:
    return {"last": 0, "last_gmv": ZERO, "first": 0, "first_gmv": ZERO}


def compute(start, end, dimensions, filters) -> datasets.Result:
    mapped = mappings()
    (orders, cond), clicks = _orders(start, end, filters, mapped), _clicks(start, end, filters)
    # One GROUP BY per breakdown gives both touches: grouped by (last value, first value) with
    # each touch's orders and GMV counted under its condition.
    measures = {
        "n_last": Count("pk", filter=cond["last"]),
        "g_last": Sum("total", filter=cond["last"]),
        "n_first": Count("pk", filter=cond["first"]),
        "g_first": Sum("total", filter=cond["first"]),
    }
    breakdowns = {}
    sums = None  # the totals, when a breakdown by campaign already has every order and click
    for dim in dimensions:
        if dim not in DIMENSIONS:
            continue  # promo codes: below
        order_field, click_field = DIMENSIONS[dim]
        first_field = f"first_{order_field}"
        # Grouped by the value as it arrived; a mapped value joins the row of what it means.
        by_order: dict[str, dict] = {}
        for r in orders.values(order_field, first_field).annotate(**measures).order_by():
            if r["n_last"]:
                row = by_order.setdefault(mapped[dim].get(r[order_field], r[order_field]), _empty())
                row["last"] += r["n_last"]
                row["last_gmv"] += Decimal(str(r["g_last"] or 0))
            if r["n_first"]:
                row = by_order.setdefault(mapped[dim].get(r[first_field], r[first_field]), _empty())
                row["first"] += r["n_first"]
                row["first_gmv"] += Decimal(str(r["g_first"] or 0))
        by_click = {
            r[click_field]: r["n"] for r in clicks.values(click_field).annotate(n=Sum("clicks"))
        }
        labels = _labels(dim)
        rows = []
        for key in sorted(set(by_order) | set(by_click), key=str):
            r = by_order.get(key) or _empty()
            label = labels.get(key) or _("%(value)s (unmapped)") % {"value": key or "—"}
            values = _values(
                by_click.get(key), r["last"], r["last_gmv"], r["first"], r["first_gmv"]
            )
            rows.append(datasets.Row(str(key), label, values))
        rows.sort(key=lambda row: (-row.values["gmv"], -row.values["clicks"], row.key))
        breakdowns[dim] = rows
        if dim == "campaign":  # every counted order and click has a campaign: its rows add up
            sums = (
                sum(by_click.values()),
                sum(r["last"] for r in by_order.values()),
                sum((r["last_gmv"] for r in by_order.values()), ZERO),
                sum(r["first"] for r in by_order.values()),
                sum((r["first_gmv"] for r in by_order.values()), ZERO),
            )
    if sums is None:
        o = orders.aggregate(**measures)
        sums = (
            clicks.aggregate(n=Sum("clicks"))["n"], o["n_last"], o["g_last"], o["n_first"],
            o["g_first"],
        )  # fmt: skip
    totals = datasets.Row("total", _("All campaigns"), _values(*sums))
    if "promo_code" in dimensions:
        breakdowns["promo_code"] = _by_promo_code(orders.filter(cond["last"]))
    return datasets.Result(start, end, totals, breakdowns)


def _by_promo_code(orders) -> list[datasets.Row]:
    """Orders whose referral is one of the campaigns' promo codes (the second attribution key,
    for print and partner sites); a code has no clicks, so no conversion ("—")."""
    names = dict(PromoCode.objects.values_list("code", "campaign__name"))
    rows = [
        datasets.Row(
            r["referral"],
            f"{r['referral']} · {names[r['referral']]}",
            _values(0, r["n"], r["gmv"]),
        )
        for r in orders.filter(referral__in=list(names))
        .values("referral")
        .annotate(n=Count("pk"), gmv=Sum("total"))
        .order_by("referral")
    ]
    rows.sort(key=lambda row: (-row.values["gmv"], row.key))
    return rows


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
            datasets.Dimension(
                "promo_code",
                gettext_lazy("By promo code"),
                gettext_lazy("Orders that arrived after a promo code was typed on the shop."),
            ),
        ],
        measures=[
            datasets.Measure(
                "clicks", gettext_lazy("Clicks"), gettext_lazy("Clicks on the short links /go/c/…")
            ),
            datasets.Measure(
                "orders",
                gettext_lazy("Orders (last touch)"),
                gettext_lazy("Paid orders placed with a campaign's UTM (the visit's last one)."),
            ),
            datasets.Measure(
                "gmv",
                gettext_lazy("GMV (last touch)"),
                gettext_lazy("Total of those orders."),
                kind="money",
            ),
            datasets.Measure(
                "conversion",
                gettext_lazy("Conversion"),
                gettext_lazy("Orders per click; “—” where there were no clicks."),
                kind="rate",
            ),
            datasets.Measure(
                "first_orders",
                gettext_lazy("Orders (first touch)"),
                gettext_lazy(
                    "Paid orders whose visitor first arrived (within the attribution window) "
                    "with this campaign's UTM, whatever brought them back last."
                ),
            ),
            datasets.Measure(
                "first_gmv",
                gettext_lazy("GMV (first touch)"),
                gettext_lazy("Total of the first-touch orders."),
                kind="money",
            ),
            datasets.Measure(
                "first_conversion",
                gettext_lazy("Conversion (first touch)"),
                gettext_lazy("First-touch orders per click; “—” where there were no clicks."),
                kind="rate",
            ),
        ],
        filters=[datasets.Filter("campaign", gettext_lazy("Only campaign"), _campaigns)],
        compute=compute,
        chart="gmv",
        default_dimensions=["campaign"],
    )
)
