"""The manager's dashboard (MGR): today's and this month's order figures and the delivery
batches Logistics is late on.

It lives with order operations, which may read both the orders dataset and the batches; the
reports app stays below every area (it imports none of them). Its address and permission
(``reports.view_dashboard``) are the ones it always had.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.orders import reports as order_figures
from siteops.reports.selectors import recent_runs

from .services import overdue_batches


def dashboard_view(site):
    def dashboard(request):
        if not request.user.has_perm("reports.view_dashboard"):
            raise PermissionDenied
        today = timezone.localdate()
        month_start = today.replace(day=1)
        overdue = list(
            overdue_batches().select_related("created_by").order_by("acknowledge_by")[:50]
        )
        return site.render(
            request, "fulfilment/manager_dashboard.html",
            {"today": order_figures.totals(today, today),
             "month": order_figures.totals(month_start, today),
             "month_start": month_start, "day": today, "overdue": overdue,
             "recent_runs": recent_runs(request.user, 10),
             "last_7": order_figures.by_day(today - datetime.timedelta(days=6), today)},
            title=_("Manager dashboard"),
        )  # fmt: skip

    return site.view("reports/dashboard/", dashboard, "reports_dashboard")
