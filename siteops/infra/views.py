"""The public status page (/status/): each public monitor's state now and its last 30 days."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from .models import Check, Incident, Monitor


@cache_control(max_age=30, public=True)
def status(request):
    since = timezone.now() - datetime.timedelta(days=30)
    monitors = list(Monitor.objects.filter(is_active=True, is_public=True).order_by("name"))
    counts = {
        r["monitor_id"]: r
        for r in Check.objects.filter(monitor__in=monitors, at__gte=since, in_maintenance=False)
        .values("monitor_id")
        .annotate(n=Count("pk"), up=Count("pk", filter=Q(ok=True)))
    }
    down = set(
        Incident.objects.filter(monitor__in=monitors, ended_at__isnull=True).values_list(
            "monitor_id", flat=True
        )
    )
    rows = []
    for m in monitors:
        c = counts.get(m.pk)
        rows.append({
            "name": m.name, "down": m.pk in down,
            "uptime": round(100 * c["up"] / c["n"], 2) if c and c["n"] else None,
        })  # fmt: skip
    incidents = Incident.objects.filter(monitor__in=monitors, started_at__gte=since).select_related(
        "monitor"
    )[:20]
    return render(
        request, "infra/status.html", {"rows": rows, "incidents": incidents, "all_up": not down}
    )
