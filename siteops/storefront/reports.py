"""The shop's searches as a report dataset (PRC-07): what customers looked for, per day and per
term, and which searches found nothing — the product editor's weekly to-do of what is missing."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.reports import datasets

from .models import SearchDay

TOP = 200  # rows of a term breakdown (the long tail is in the totals)


def _sums():
    return {
        "n_searches": Coalesce(Sum("searches"), 0),
        "n_empty": Coalesce(Sum("empty"), 0),
        "n_terms": Count("term", distinct=True),
        "n_empty_terms": Count("term", filter=Q(empty__gt=0), distinct=True),
    }


def _row(key, label, r) -> datasets.Row:
    return datasets.Row(key=str(key), label=str(label), values={
        "searches": r["n_searches"], "empty": r["n_empty"],
        "found": r["n_searches"] - r["n_empty"], "terms": r.get("n_terms"),
        "empty_terms": r.get("n_empty_terms"),
    })  # fmt: skip


def _by_day(qs, start, end):
    found = {r["day"]: r for r in qs.values("day").annotate(**_sums()).order_by("day")}
    empty = {"n_searches": 0, "n_empty": 0, "n_terms": 0, "n_empty_terms": 0}
    return [_row(d.isoformat(), d.isoformat(), found.get(d, empty))
            for d in datasets.days(start, end)]  # fmt: skip


def _by_term(qs, start, end):
    rows = qs.values("term").annotate(n_searches=Sum("searches"), n_empty=Sum("empty"))
    return [_row(r["term"], r["term"], r) for r in rows.order_by("-n_searches", "term")[:TOP]]


def _without_results(qs, start, end):
    rows = (
        qs.values("term")
        .annotate(n_searches=Sum("searches"), n_empty=Sum("empty"))
        .filter(n_empty__gt=0)
        .order_by("-n_empty", "term")[:TOP]
    )
    return [_row(r["term"], r["term"], r) for r in rows]


BREAKDOWNS = {"day": _by_day, "term": _by_term, "without_results": _without_results}


def _kinds():
    return [("without_results", _("Searches without results"))]


def compute(start, end, dimensions, filters) -> datasets.Result:
    """One aggregate query for the totals and one per breakdown."""
    qs = SearchDay.objects.filter(day__gte=start, day__lte=end)
    if filters.get("kind") == "without_results":
        qs = qs.filter(empty__gt=0)
    totals = _row("total", _("All searches"), qs.aggregate(**_sums()))
    return datasets.Result(
        start=start, end=end, totals=totals,
        breakdowns={d: BREAKDOWNS[d](qs, start, end) for d in dimensions},
    )  # fmt: skip


SEARCHES = datasets.register(
    datasets.Dataset(
        key="shop_searches",
        title=gettext_lazy("Shop searches"),
        perm="storefront.view_searchday",
        description=gettext_lazy(
            "What customers searched the shop for (counted when a search is made, not for its "
            "further pages), and which searches found no product."
        ),
        dimensions=[
            datasets.Dimension("day", gettext_lazy("By day")),
            datasets.Dimension("term", gettext_lazy("By search term (top 200)")),
            datasets.Dimension(
                "without_results",
                gettext_lazy("Terms without results (top 200)"),
                gettext_lazy(
                    "What customers looked for and did not find: products to add, or "
                    "words to add to existing products' titles."
                ),
            ),  # fmt: skip
        ],
        measures=[
            datasets.Measure(
                "searches",
                gettext_lazy("Searches"),
                gettext_lazy("Searches made in the shop (first page only)."),
            ),
            datasets.Measure(
                "found",
                gettext_lazy("With results"),
                gettext_lazy("Searches that found at least one product."),
            ),
            datasets.Measure(
                "empty",
                gettext_lazy("Without results"),
                gettext_lazy("Searches that found no product."),
            ),
            datasets.Measure(
                "terms",
                gettext_lazy("Distinct terms"),
                gettext_lazy("Different search terms (lower case, single spaces)."),
            ),
            datasets.Measure(
                "empty_terms",
                gettext_lazy("Terms without results"),
                gettext_lazy("Different terms that found nothing at least once."),
            ),
        ],  # fmt: skip
        filters=[datasets.Filter("kind", gettext_lazy("Only"), _kinds)],
        compute=compute,
        chart="searches",
        default_dimensions=["day", "without_results"],
        app_label="storefront",
    )
)
