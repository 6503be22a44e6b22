"""Monthly figures of design work per art editor (ART-01…05) as a report dataset: requests
opened, finished on time, and the median number of proof rounds to the approved final.

Whose request it is: the art editor who handed in its rounds (the final's author when it is
done, else the first round's); a request nobody has worked on yet counts as "not started".
A bounded number of queries: one for the requests of the period with their round counts."""

from __future__ import annotations

import statistics

from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.reports import datasets

from .choices import DesignStatus
from .models import DesignRequest, ProofRound


def _requests(start, end):
    lo, hi = datasets.period_bounds(start, end)
    first_author = ProofRound.objects.filter(request=OuterRef("pk")).order_by("number")
    return list(
        DesignRequest.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .annotate(
            n_rounds=Count("rounds"),
            final_author=F("final_asset__actor_id"),
            final_author_name=F("final_asset__actor__username"),
            first_author=Subquery(first_author.values("actor_id")[:1]),
            first_author_name=Subquery(first_author.values("actor__username")[:1]),
        )
        .values("pk", "created_at", "done_at", "deadline", "status", "n_rounds", "final_author",
                "final_author_name", "first_author", "first_author_name")
    )  # fmt: skip


def _figures(rows) -> dict:
    done = [r for r in rows if r["status"] == DesignStatus.DONE and r["done_at"]]
    on_time = [
        r for r in done
        if r["deadline"] is None or timezone.localdate(r["done_at"]) <= r["deadline"]
    ]  # fmt: skip
    rounds = [r["n_rounds"] for r in done]
    return {
        "opened": len(rows),
        "done": len(done),
        "on_time": len(on_time),
        "median_rounds": statistics.median(rounds) if rounds else 0,
    }


def _editor(r) -> tuple[str, str]:
    if r["final_author"]:
        return str(r["final_author"]), r["final_author_name"]
    if r["first_author"]:
        return str(r["first_author"]), r["first_author_name"]
    return "none", _("Not started")


def _month(r) -> str:
    return timezone.localtime(r["created_at"]).strftime("%Y-%m")


def _group(rows, key) -> list[datasets.Row]:
    groups: dict[str, tuple[str, list]] = {}
    for r in rows:
        k, label = key(r)
        groups.setdefault(k, (label, []))[1].append(r)
    return [datasets.Row(key=k, label=str(label), values=_figures(items))
            for k, (label, items) in sorted(groups.items(), key=lambda kv: str(kv[1][0]))]  # fmt: skip


BREAKDOWNS = {
    "month": lambda rows: _group(rows, lambda r: (_month(r), _month(r))),
    "art_editor": lambda rows: _group(rows, _editor),
    "art_editor_month": lambda rows: _group(
        rows, lambda r: (f"{_editor(r)[0]}:{_month(r)}", f"{_editor(r)[1]} · {_month(r)}")
    ),
}


def compute(start, end, dimensions, filters) -> datasets.Result:
    rows = _requests(start, end)
    return datasets.Result(
        start=start, end=end,
        totals=datasets.Row(key="total", label=_("All design requests"), values=_figures(rows)),
        breakdowns={d: BREAKDOWNS[d](rows) for d in dimensions},
    )  # fmt: skip


DESIGN = datasets.register(
    datasets.Dataset(
        key="design_requests",
        title=gettext_lazy("Design work per art editor"),
        perm="content.view_designrequest",
        description=gettext_lazy(
            "Design requests opened in the period (by when they were opened), how many were "
            "finished, how many of those by their deadline, and the median number of proof "
            "rounds to the approved final."
        ),
        dimensions=[
            datasets.Dimension("month", gettext_lazy("By month")),
            datasets.Dimension("art_editor", gettext_lazy("By art editor")),
            datasets.Dimension("art_editor_month", gettext_lazy("By art editor and month")),
        ],
        measures=[
            datasets.Measure(
                "opened",
                gettext_lazy("Opened"),
                gettext_lazy("Design requests opened in the period."),
            ),
            datasets.Measure(
                "done",
                gettext_lazy("Finished"),
                gettext_lazy("Of those, finished with an approved final."),
            ),
            datasets.Measure(
                "on_time",
                gettext_lazy("On time"),
                gettext_lazy("Of the finished, approved by their deadline (or with no deadline)."),
            ),
            datasets.Measure(
                "median_rounds",
                gettext_lazy("Median rounds"),
                gettext_lazy(
                    "The median number of proof rounds (concepts and "
                    "finals) of the finished requests."
                ),
            ),
        ],  # fmt: skip
        compute=compute,
        default_dimensions=["art_editor_month"],
        app_label="content",
    )
)
