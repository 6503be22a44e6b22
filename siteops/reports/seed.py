"""The site's standing reports of PRC-07 (idempotent, matched by code): the monthly site report
to the manager and leadership, and the weekly searches without results, archived and handed to
the product editor as a to-do."""

from __future__ import annotations

from siteops.org.models import Position

from .models import ReportDefinition

SITE_MONTHLY = "site-monthly"
SEARCHES_WEEKLY = "searches-without-results"


def seed_site_reports(created_by=None) -> list[ReportDefinition]:
    positions = {p.code: p for p in Position.objects.filter(code__in=["MGR", "LEAD", "PRC", "PED"])}
    site, _ = ReportDefinition.objects.get_or_create(
        code=SITE_MONTHLY,
        defaults={
            "name": "网站月度统计汇总", "dataset": "site", "period_kind": "month",
            "dimensions": ["day"], "is_scheduled": True, "duty_code": "PRC-07",
            "created_by": created_by,
        },
    )  # fmt: skip
    site.recipient_positions.add(*[positions[c] for c in ("MGR", "LEAD", "PRC") if c in positions])
    searches, _ = ReportDefinition.objects.get_or_create(
        code=SEARCHES_WEEKLY,
        defaults={
            "name": "每周无结果搜索词", "dataset": "shop_searches", "period_kind": "week",
            "dimensions": ["without_results"], "filters": {"kind": "without_results"},
            "is_scheduled": True, "todo_position": positions.get("PED"),
            "created_by": created_by,
        },
    )  # fmt: skip
    searches.recipient_positions.add(*[positions[c] for c in ("PED",) if c in positions])
    return [site, searches]
