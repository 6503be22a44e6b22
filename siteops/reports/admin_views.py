"""Work screens of reports: order statistics (with ad-hoc save and send), a run's HTML and XLSX,
and the manager's dashboard."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import engine, services
from .choices import RunTrigger
from .forms import SendForm, StatisticsForm
from .models import ReportRun

VIEW = "reports.view_reportrun"


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def urlpatterns(site):
    def order_stats(request):
        _require(request, VIEW)
        form = StatisticsForm(request.GET or {"period": "month", "dimensions": ["day"]})
        context = {"form": form, "send_form": SendForm(initial={"name": _("Order statistics")})}
        if form.is_valid():
            start, end = form.date_range()
            dims = form.cleaned_data["dimensions"] or []
            stats = engine.order_statistics(start, end, dims)
            context.update(services.statistics_context(stats))
            context["report_title"] = _("Order statistics")
            context["query"] = request.GET.urlencode()
        return site.render(request, "reports/order_stats.html", context,
                           title=_("Order statistics"))  # fmt: skip

    @require_POST
    def order_stats_send(request):
        _require(request, services.RUN_PERM)
        form = StatisticsForm(request.POST)
        send = SendForm(request.POST)
        if not (form.is_valid() and send.is_valid()):
            for f in (form, send):
                for errors in f.errors.values():
                    for e in errors:
                        messages.error(request, e)
            return redirect("admin:reports_order_stats")
        start, end = form.date_range()
        try:
            definition = services.report_definition_adhoc(
                actor=request.user, name=send.cleaned_data["name"],
                dimensions=form.cleaned_data["dimensions"], emails=send.cleaned_data["emails"],
            )  # fmt: skip
            run, _created = services.report_run_create(
                actor=request.user, definition=definition, start=start, end=end,
                trigger=RunTrigger.ADHOC,
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            for m in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, m)
            return redirect("admin:reports_order_stats")
        messages.success(request, _("Report saved to the archive and sent."))
        return redirect("admin:reports_run", run.pk)

    def run_detail(request, pk):
        _require(request, VIEW)
        run = get_object_or_404(ReportRun.objects.select_related("definition", "created_by"), pk=pk)
        # The HTML was rendered by the engine's own template (autoescaped) when the run was made.
        return site.render(request, "reports/run_detail.html",
                           {"run": run, "body": mark_safe(run.html)},  # noqa: S308
                           title=str(run))  # fmt: skip

    def run_xlsx(request, pk):
        _require(request, VIEW)
        run = get_object_or_404(ReportRun, pk=pk)
        run.xlsx.open("rb")
        try:
            content = run.xlsx.read()
        finally:
            run.xlsx.close()
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{run.xlsx.name.rsplit("/", 1)[-1]}"'
        )
        return response

    @require_POST
    def run_resend(request, pk):
        _require(request, services.RUN_PERM)
        run = get_object_or_404(ReportRun, pk=pk)
        n = services.report_run_send(run_id=run.pk, force=True)
        if n:
            messages.success(request, _("Sent to %d recipients.") % n)
        else:
            messages.error(request, _("This report has no recipients."))
        return redirect("admin:reports_run", pk)

    def dashboard(request):
        _require(request, "reports.view_dashboard")
        from siteops.fulfilment.services import overdue_batches

        today = timezone.localdate()
        month_start = today.replace(day=1)
        overdue = list(
            overdue_batches().select_related("created_by").order_by("acknowledge_by")[:50]
        )
        return site.render(
            request, "reports/dashboard.html",
            {"today": engine.totals(today, today), "month": engine.totals(month_start, today),
             "month_start": month_start, "day": today, "overdue": overdue,
             "recent_runs": ReportRun.objects.select_related("definition")[:10],
             "last_7": engine.by_day(today - datetime.timedelta(days=6), today)},
            title=_("Manager dashboard"),
        )  # fmt: skip

    return [
        site.view("reports/order-statistics/", order_stats, "reports_order_stats"),
        site.view("reports/order-statistics/send/", order_stats_send, "reports_order_stats_send"),
        site.view("reports/runs/<int:pk>/", run_detail, "reports_run"),
        site.view("reports/runs/<int:pk>/xlsx/", run_xlsx, "reports_run_xlsx"),
        site.view("reports/runs/<int:pk>/send/", run_resend, "reports_run_send"),
        site.view("reports/dashboard/", dashboard, "reports_dashboard"),
    ]
