"""Work screens of reports, for every registered dataset: the ad-hoc screen (choose the dataset,
period, breakdowns and filters; the table; XLSX; save to the archive and send), and an archived
run's HTML and XLSX. Each screen asks the dataset's own permission."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError, NotAllowed

from . import datasets, services
from .choices import RunTrigger
from .forms import ReportForm, SendForm
from .models import ReportRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _dataset(request, key) -> datasets.Dataset:
    try:
        return datasets.get_for(request.user, key)
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError:
        from django.http import Http404

        raise Http404(key) from None


def _screen_url(key: str) -> str:
    if key == "orders":  # the order statistics keep their address (PRC-04's bookmark)
        return reverse("admin:reports_order_stats")
    return reverse("admin:reports_dataset", args=[key])


def _send_url(key: str) -> str:
    if key == "orders":
        return reverse("admin:reports_order_stats_send")
    return reverse("admin:reports_dataset_send", args=[key])


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def urlpatterns(site):
    def dataset_list(request):
        visible = datasets.for_user(request.user)
        if not visible:
            raise PermissionDenied
        rows = [{"d": d, "url": _screen_url(d.key)} for d in visible]
        return site.render(request, "reports/dataset_list.html", {"rows": rows},
                           title=_("Reports"))  # fmt: skip

    def dataset_screen(request, key):
        dataset = _dataset(request, key)
        initial = {"period": "month", "dimensions": list(dataset.default_dimensions)}
        form = ReportForm(request.GET or initial, dataset=dataset)
        context = {
            "form": form, "dataset": dataset, "send_url": _send_url(key),
            "send_form": SendForm(initial={"name": str(dataset.title)}),
        }  # fmt: skip
        if form.is_valid():
            start, end = form.date_range()
            try:
                result = dataset.run(start, end, form.cleaned_data["dimensions"], form.filters())
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                if request.GET.get("download") == "xlsx":
                    content = services.result_xlsx(dataset, result, str(dataset.title),
                                                   dataset.clean_filters(form.filters()))  # fmt: skip
                    name = (
                        f"{dataset.key}-{start:%Y%m%d}-{end:%Y%m%d}-{services.local_stamp()}.xlsx"
                    )
                    return _attachment(content, name)
                context.update(services.result_context(dataset, result))
                context["report_title"] = dataset.title
                query = request.GET.copy()
                query["download"] = "xlsx"
                context["xlsx_query"] = query.urlencode()
        return site.render(request, "reports/dataset.html", context, title=dataset.title)

    @require_POST
    def dataset_send(request, key):
        _require(request, services.RUN_PERM)
        dataset = _dataset(request, key)
        form = ReportForm(request.POST, dataset=dataset)
        send = SendForm(request.POST)
        if not (form.is_valid() and send.is_valid()):
            for f in (form, send):
                for errors in f.errors.values():
                    for e in errors:
                        messages.error(request, e)
            return redirect(_screen_url(key))
        start, end = form.date_range()
        try:
            definition = services.report_definition_adhoc(
                actor=request.user, name=send.cleaned_data["name"], dataset=dataset.key,
                dimensions=form.cleaned_data["dimensions"], filters=form.filters(),
                emails=send.cleaned_data["emails"],
            )  # fmt: skip
            run, _created = services.report_run_create(
                actor=request.user, definition=definition, start=start, end=end,
                trigger=RunTrigger.ADHOC,
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            for m in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, m)
            return redirect(_screen_url(key))
        messages.success(request, _("Report saved to the archive and sent."))
        return redirect("admin:reports_run", run.pk)

    def _run(request, pk) -> ReportRun:
        run = get_object_or_404(ReportRun.objects.select_related("definition", "created_by"), pk=pk)
        _dataset(request, run.dataset)  # who may see the dataset may see its archived runs
        return run

    def run_detail(request, pk):
        run = _run(request, pk)
        # The HTML was rendered by the reports' own template (autoescaped) when the run was made.
        return site.render(request, "reports/run_detail.html",
                           {"run": run, "body": mark_safe(run.html)},  # noqa: S308
                           title=str(run))  # fmt: skip

    def run_xlsx(request, pk):
        run = _run(request, pk)
        run.xlsx.open("rb")
        try:
            content = run.xlsx.read()
        finally:
            run.xlsx.close()
        return _attachment(content, run.xlsx.name.rsplit("/", 1)[-1])

    @require_POST
    def run_resend(request, pk):
        _require(request, services.RUN_PERM)
        run = _run(request, pk)
        n = services.report_run_send(run_id=run.pk, force=True)
        if n:
            messages.success(request, _("Sent to %d recipients.") % n)
        else:
            messages.error(request, _("This report has no recipients."))
        return redirect("admin:reports_run", pk)

    return [
        site.view("reports/datasets/", dataset_list, "reports_datasets"),
        site.view("reports/datasets/<slug:key>/", dataset_screen, "reports_dataset"),
        site.view("reports/datasets/<slug:key>/send/", dataset_send, "reports_dataset_send"),
        site.view(
            "reports/order-statistics/",
            lambda r: dataset_screen(r, "orders"),
            "reports_order_stats",
        ),  # fmt: skip
        site.view(
            "reports/order-statistics/send/",
            lambda r: dataset_send(r, "orders"),
            "reports_order_stats_send",
        ),  # fmt: skip
        site.view("reports/runs/<int:pk>/", run_detail, "reports_run"),
        site.view("reports/runs/<int:pk>/xlsx/", run_xlsx, "reports_run_xlsx"),
        site.view("reports/runs/<int:pk>/send/", run_resend, "reports_run_send"),
    ]
