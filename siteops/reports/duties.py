"""Duties of the statistics: periodic order reports, the roll-up, ad-hoc figures (PRC-04, 07, 08)."""

from django.utils.translation import gettext_lazy as _

from siteops.core.duties import Screen, serves

STATS = Screen("admin:reports_order_stats", "reports.view_reportrun")
ARCHIVE = Screen("admin:reports_reportrun_changelist", "reports.view_reportrun")
DEFINITIONS = Screen("admin:reports_reportdefinition_changelist", "reports.view_reportdefinition")

serves("PRC-04", STATS, ARCHIVE)
serves("PRC-08", STATS)

# PRC-07: the roll-up of the site's other statistics: the monthly site report (every registered
# dataset's headline figures), the searches and every other dataset, the standing definitions.
serves(
    "PRC-07",
    Screen("admin:reports_dataset", "reports.add_reportrun", args=("site",),
           label=_("Site statistics (monthly roll-up)")),
    Screen("admin:reports_datasets", check="menu.sees_a_report"),
    DEFINITIONS,
    ARCHIVE,
)  # fmt: skip
