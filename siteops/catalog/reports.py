"""Catalogue changes as a report dataset (PRC-07): products published and delisted, and price
changes, per day and per category, from the event rows the catalogue writes."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.reports import datasets

from .choices import ProductStatus
from .models import Category, PriceHistory, ProductEvent

PUBLISHED = Q(to_status=ProductStatus.PUBLISHED)
DELISTED = Q(from_status=ProductStatus.PUBLISHED) & ~Q(to_status=ProductStatus.PUBLISHED)


def _events(start, end):
    lo, hi = datasets.period_bounds(start, end)
    return ProductEvent.objects.filter(at__gte=lo, at__lt=hi)


def _prices(start, end):
    lo, hi = datasets.period_bounds(start, end)
    return PriceHistory.objects.filter(at__gte=lo, at__lt=hi).exclude(old_price__isnull=True)


def _event_sums():
    return {"published": Count("pk", filter=PUBLISHED), "delisted": Count("pk", filter=DELISTED)}


def _row(key, label, ev, pr) -> datasets.Row:
    return datasets.Row(key=str(key), label=str(label), values={
        "published": ev.get("published", 0), "delisted": ev.get("delisted", 0),
        "price_changes": pr.get("price_changes", 0),
    })  # fmt: skip


def _by_day(start, end):
    tz = timezone.get_current_timezone()
    ev = {r["d"]: r for r in _events(start, end).annotate(d=TruncDate("at", tzinfo=tz))
          .values("d").annotate(**_event_sums()).order_by("d")}  # fmt: skip
    pr = {r["d"]: r for r in _prices(start, end).annotate(d=TruncDate("at", tzinfo=tz))
          .values("d").annotate(price_changes=Count("pk")).order_by("d")}  # fmt: skip

    def day(d: datetime.date):
        return _row(d.isoformat(), d.isoformat(), ev.get(d, {}), pr.get(d, {}))

    return [day(d) for d in datasets.days(start, end)]


def _by_category(start, end):
    ev = {(r["product__category_id"]): r for r in _events(start, end)
          .values("product__category_id").annotate(**_event_sums())}  # fmt: skip
    pr = {r["sku__product__category_id"]: r for r in _prices(start, end)
          .values("sku__product__category_id").annotate(price_changes=Count("pk"))}  # fmt: skip
    names = dict(Category.objects.filter(pk__in=set(ev) | set(pr)).values_list("pk", "name"))
    rows = [_row(pk, names.get(pk, _("(no category)")), ev.get(pk, {}), pr.get(pk, {}))
            for pk in set(ev) | set(pr)]  # fmt: skip
    rows.sort(key=lambda r: (-(r.values["published"] + r.values["delisted"]
                               + r.values["price_changes"]), r.label))  # fmt: skip
    return rows


BREAKDOWNS = {"day": _by_day, "category": _by_category}


def compute(start, end, dimensions, filters) -> datasets.Result:
    """Two aggregate queries for the totals, two per breakdown (plus the category names)."""
    totals = _row("total", _("All changes"), _events(start, end).aggregate(**_event_sums()),
                  _prices(start, end).aggregate(price_changes=Count("pk")))  # fmt: skip
    return datasets.Result(start=start, end=end, totals=totals,
                           breakdowns={d: BREAKDOWNS[d](start, end) for d in dimensions})  # fmt: skip


CHANGES = datasets.register(
    datasets.Dataset(
        key="catalog_changes",
        title=gettext_lazy("Catalogue changes"),
        perm="reports.add_reportrun",  # the statistics positions (PRC-07), not every viewer
        description=gettext_lazy(
            "Products published and delisted, and price changes, as the catalogue recorded them."
        ),
        dimensions=[
            datasets.Dimension("day", gettext_lazy("By day")),
            datasets.Dimension("category", gettext_lazy("By category")),
        ],
        measures=[
            datasets.Measure(
                "published",
                gettext_lazy("Published"),
                gettext_lazy(
                    "Times a product went on sale (first publication or "
                    "publication again after a delisting)."
                ),
            ),
            datasets.Measure(
                "delisted",
                gettext_lazy("Delisted"),
                gettext_lazy("Times a product on sale was delisted or deleted."),
            ),
            datasets.Measure(
                "price_changes",
                gettext_lazy("Price changes"),
                gettext_lazy("Changes of a SKU's price (the first price is not a change)."),
            ),
        ],  # fmt: skip
        compute=compute,
        chart="published",
        default_dimensions=["day"],
        app_label="catalog",
    )
)
