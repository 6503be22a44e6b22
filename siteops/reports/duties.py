"""Duties of the statistics: periodic order reports, the roll-up, ad-hoc figures (PRC-04, 07, 08)."""

from siteops.core.duties import Screen, serves

STATS = Screen("admin:reports_order_stats", "reports.view_reportrun")
ARCHIVE = Screen("admin:reports_reportrun_changelist", "reports.view_reportrun")

serves("PRC-04", STATS, ARCHIVE)
serves("PRC-08", STATS)

# PRC-07: the roll-up of the site's other statistics (every registered dataset, e.g. shop clicks).
serves("PRC-07", Screen("admin:reports_datasets", check="menu.sees_a_report"), ARCHIVE)
