"""What campaigns brought in (PRM-03): clicks on their tracked links, and the orders and GMV
whose UTM fields name them — per campaign, per source and per medium.

- *clicks*: clicks on the campaign's short links on the period's days (``LinkClickDay``);
- *orders*: orders placed in the period (site time zone) whose ``utm_campaign`` is set and that
  were paid (the order report's paid statuses, returns included);
- *GMV*: those orders' totals.

UTM values that name no campaign, source or medium of the controlled lists are shown as they
arrived, marked "unmapped" — they never create a campaign. Once someone maps such a value
(``UtmMapping``), every report, for past periods too, counts it under what it means.
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


def _orders(start, end, filters, mapped=None):
    lo, hi = datasets.period_bounds(start, end)
    qs = Order.objects.filter(
        created_at__gte=lo, created_at__lt=hi, status__in=PAID_STATUSES
    ).exclude(utm_campaign="")
    if filters.get("campaign"):
        code = filters["campaign"]
        aliases = [v for v, c in (mapped or {}).get("campaign", {}).items() if c == code]
        qs = qs.filter(utm_campaign__in=[code, *aliases])
    return qs


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


def _values(clicks, orders, gmv) -> dict:
    return {
        "clicks": clicks or 0,
        "orders": orders or 0,
        "gmv": Decimal(str(gmv or 0)).quantize(CENT),  # SQLite sums decimals as floats
        "conversion": conversion(clicks, orders),
    }


def compute(start, end, dimensions, filters) -> datasets.Result:
    mapped = mappings()
    orders, clicks = _orders(start, end, filters, mapped), _clicks(start, end, filters)
    breakdowns = {}
    sums = None  # the totals, when a breakdown by campaign already has every order and click
    for dim in dimensions:
        if dim not in DIMENSIONS:
            continue  # promo codes: below
        order_field, click_field = DIMENSIONS[dim]
        # Grouped by the value as it arrived; a mapped value joins the row of what it means.
        by_order: dict[str, dict] = {}
        for r in orders.values(order_field).annotate(n=Count("pk"), gmv=Sum("total")):
            key = mapped[dim].get(r[order_field], r[order_field])
            row = by_order.setdefault(key, {"n": 0, "gmv": ZERO})
            row["n"] += r["n"]
            row["gmv"] += Decimal(str(r["gmv"] or 0))
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
        if dim == "campaign":  # every counted order and click has a campaign: its rows add up
            sums = (
                sum(by_click.values()),
                sum(r["n"] for r in by_order.values()),
                sum((r["gmv"] for r in by_order.values()), ZERO),
            )
    if sums is None:
        o = orders.aggregate(n=Count("pk"), gmv=Sum("total"))
        sums = (clicks.aggregate(n=Sum("clicks"))["n"], o["n"], o["gmv"])
    totals = datasets.Row("total", _("All campaigns"), _values(*sums))
    if "promo_code" in dimensions:
        breakdowns["promo_code"] = _by_promo_code(orders)
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
                gettext_lazy("Orders"),
                gettext_lazy("Paid orders placed with a campaign's UTM."),
            ),
            datasets.Measure(
                "gmv", gettext_lazy("GMV"), gettext_lazy("Total of those orders."), kind="money"
            ),
            datasets.Measure(
                "conversion",
                gettext_lazy("Conversion"),
                gettext_lazy("Orders per click; “—” where there were no clicks."),
                kind="rate",
            ),
        ],
        filters=[datasets.Filter("campaign", gettext_lazy("Only campaign"), _campaigns)],
        compute=compute,
        chart="gmv",
        default_dimensions=["campaign"],
    )
)
