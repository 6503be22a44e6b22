"""The monthly availability report per endpoint and per provider (MGR-16), as a dataset.

Accounting rule (written on the report): the job checks each endpoint once a minute; each check
stands for one minute. A check is *down* when the endpoint did not answer with its expected
status. Checks inside a maintenance window are left out of both sides (maintenance does not count
as downtime, nor as uptime). Uptime = up checks ÷ counted checks; downtime minutes = down checks
outside maintenance; incidents = outages (2 failed checks in a row) that started in the period;
time to recover = the mean minutes from an incident's first failed check to the first good one.
"""

from __future__ import annotations

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from siteops.reports import datasets

from .models import Check, Incident

RULE = _(
    "Each check stands for one minute. Down: the endpoint did not answer with its expected "
    "status. Checks in a maintenance window are left out (maintenance is neither downtime nor "
    "uptime). Uptime = up checks ÷ counted checks; time to recover = mean minutes from the first "
    "failed check to the first good one."
)


def _values(checks: dict, incidents: dict) -> dict:
    n, up = checks.get("n") or 0, checks.get("up") or 0
    mttr = incidents.get("mttr")
    return {
        "checks": n,
        "uptime": (up / n) if n else None,
        "downtime": n - up,
        "incidents": incidents.get("k") or 0,
        "mttr": round(mttr.total_seconds() / 60, 1) if mttr is not None else None,
    }


def compute(start, end, dimensions, filters) -> datasets.Result:
    lo, hi = datasets.period_bounds(start, end)
    checks = Check.objects.filter(at__gte=lo, at__lt=hi, in_maintenance=False)
    incidents = Incident.objects.filter(started_at__gte=lo, started_at__lt=hi)
    if filters.get("monitor"):
        checks = checks.filter(monitor_id=filters["monitor"])
        incidents = incidents.filter(monitor_id=filters["monitor"])
    agg = {"n": Count("pk"), "up": Count("pk", filter=Q(ok=True))}
    took = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    iagg = {"k": Count("pk"), "mttr": Avg(took, filter=Q(ended_at__isnull=False))}
    totals = datasets.Row(
        "total",
        str(_("All endpoints")),
        _values(checks.aggregate(**agg), incidents.aggregate(**iagg)),
    )
    breakdowns = {}
    for dim, key, label in (
        ("monitor", "monitor_id", "monitor__name"),
        ("provider", "monitor__provider_id", "monitor__provider__name"),
    ):
        if dim not in dimensions:
            continue
        c = {r[key]: r for r in checks.values(key, label).annotate(**agg).order_by(label)}
        i = {r[key]: r for r in incidents.values(key).annotate(**iagg).order_by()}
        breakdowns[dim] = [
            datasets.Row(str(k), str(r[label] or _("No provider")), _values(r, i.get(k, {})))
            for k, r in c.items()
        ]
    return datasets.Result(start, end, totals, breakdowns)


def _monitors():
    from .models import Monitor

    return [(str(m.pk), m.name) for m in Monitor.objects.order_by("name")]


datasets.register(
    datasets.Dataset(
        key="availability",
        title=_("Availability of the site's endpoints"),
        perm="infra.view_check",
        description=RULE,
        dimensions=[
            datasets.Dimension("monitor", _("By endpoint")),
            datasets.Dimension("provider", _("By provider")),
        ],
        measures=[
            datasets.Measure(
                "checks",
                _("Counted checks"),
                _("Checks outside maintenance windows (one a minute)."),
            ),
            datasets.Measure("uptime", _("Uptime"), _("Up checks ÷ counted checks."), kind="rate"),
            datasets.Measure(
                "downtime", _("Downtime (minutes)"), _("Failed checks outside maintenance.")
            ),
            datasets.Measure(
                "incidents",
                _("Incidents"),
                _("Outages (2 failed checks in a row) started in the period."),
            ),
            datasets.Measure(
                "mttr",
                _("Time to recover (minutes)"),
                _("Mean minutes from the first failed check to recovery."),
            ),
        ],
        filters=[datasets.Filter("monitor", _("Only"), _monitors)],
        compute=compute,
        chart="downtime",
        default_dimensions=["monitor"],
    )
)
