"""The test report (测试报告) as a report dataset: per run — totals by status, pass rate, open
defects by severity — for the runs started in the period (archived and sent by the registry)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from siteops.reports import datasets

from .choices import OPEN_DEFECT, STATUS_WEIGHT, ExecutionStatus, Severity
from .models import Defect, TestExecution, TestRun

POSITIVE = [s for s, w in STATUS_WEIGHT.items() if w > 0]
NEGATIVE = [s for s, w in STATUS_WEIGHT.items() if w < 0]


def _runs(start, end, filters):
    qs = TestRun.objects.filter(created_at__date__range=(start, end))
    if filters.get("run"):
        qs = qs.filter(pk=filters["run"])
    return qs


def _rate(passed, total):
    if not total:
        return Decimal("0")
    return (Decimal(passed) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _counts():
    return {
        "executions": Count("pk"),
        "passed": Count("pk", filter=Q(status__in=POSITIVE)),
        "failed": Count("pk", filter=Q(status__in=NEGATIVE)),
        "not_run": Count(
            "pk", filter=Q(status__in=[ExecutionStatus.IDLE, ExecutionStatus.RUNNING])
        ),
    }


def _row(key, label, r, open_defects=0) -> datasets.Row:
    return datasets.Row(
        str(key),
        str(label),
        {
            "executions": r["executions"],
            "passed": r["passed"],
            "failed": r["failed"],
            "not_run": r["not_run"],
            "pass_rate": _rate(r["passed"], r["executions"]),
            "open_defects": open_defects,
        },
    )


def compute(start, end, dimensions, filters) -> datasets.Result:
    runs = _runs(start, end, filters)
    execs = TestExecution.objects.filter(run__in=runs)
    defects = Defect.objects.filter(executions__run__in=runs, status__in=OPEN_DEFECT)
    open_total = defects.values("pk").distinct().count()
    breakdowns = {}
    if "run" in dimensions:
        open_by_run = dict(
            defects.values_list("executions__run").annotate(n=Count("pk", distinct=True)).order_by()
        )
        breakdowns["run"] = [
            _row(
                r["run_id"],
                f"{r['run__name']}（{r['run__plan__name']}）",
                r,
                open_by_run.get(r["run_id"], 0),
            )  # fmt: skip
            for r in execs.values("run_id", "run__name", "run__plan__name")
            .annotate(**_counts())
            .order_by("run__name", "run_id")
        ]
    if "requirement" in dimensions:
        # requirements covered: each requirement the runs' cases are linked to, with its results
        breakdowns["requirement"] = [
            _row(
                r["case__requirements__id"],
                f"{r['case__requirements__code']} {r['case__requirements__title']}",
                r,
            )
            for r in execs.filter(case__requirements__isnull=False)
            .values("case__requirements__id", "case__requirements__code",
                    "case__requirements__title")
            .annotate(**_counts())
            .order_by("case__requirements__code", "case__requirements__id")
        ]  # fmt: skip
    if "status" in dimensions:
        found = dict(execs.values_list("status").annotate(n=Count("pk")).order_by())
        breakdowns["status"] = [
            datasets.Row(s, str(label), {"executions": found.get(s, 0)})
            for s, label in ExecutionStatus.choices
        ]
    if "severity" in dimensions:
        found = dict(
            defects.values_list("severity").annotate(n=Count("pk", distinct=True)).order_by()
        )
        breakdowns["severity"] = [
            datasets.Row(s, str(label), {"open_defects": found.get(s, 0)})
            for s, label in Severity.choices
        ]
    totals = _row("total", _("All runs"), execs.aggregate(**_counts()), open_total)
    return datasets.Result(start, end, totals, breakdowns)


def _run_choices():
    return [(str(pk), name) for pk, name in TestRun.objects.values_list("pk", "name")[:200]]


datasets.register(
    datasets.Dataset(
        key="test_report",
        title=_("Test report"),
        perm="vendors.view_testrun",
        description=_(
            "Test runs started in the period: results by status, pass rate and the "
            "open defects found by them."
        ),  # fmt: skip
        dimensions=[
            datasets.Dimension("run", _("By test run")),
            datasets.Dimension("status", _("By result")),
            datasets.Dimension("severity", _("Open defects by severity")),
            datasets.Dimension("requirement", _("Requirements covered")),
        ],
        measures=[
            datasets.Measure("executions", _("Executions"), _("Test cases in the runs.")),
            datasets.Measure("passed", _("Passed"), _("Passed or waived.")),
            datasets.Measure("failed", _("Failed"), _("Failed, blocked or error.")),
            datasets.Measure("not_run", _("Not run"), _("Idle or running.")),
            datasets.Measure("pass_rate", _("Pass rate"), _("Passed over all executions."), "rate"),
            datasets.Measure("open_defects", _("Open defects"), _("Defects not closed yet.")),
        ],
        filters=[datasets.Filter("run", _("Only the run"), _run_choices)],
        compute=compute,
        chart="executions",
        default_dimensions=["run"],
    )
)


#: Who receives a run's test report when it closes (with the vendor's logins of the project).
REPORT_POSITIONS = ("DEV", "MOD", "MNT")


def archive_test_report(run: TestRun):
    """The run's test report through the report registry: archived (XLSX + HTML, immutable) and
    e-mailed to the developer and maintainer positions and the vendor's logins; once per run."""
    from django.utils import timezone

    from siteops.org.models import Position
    from siteops.reports.choices import PeriodKind, RunTrigger
    from siteops.reports.models import ReportDefinition
    from siteops.reports.services import report_run_create

    from .models import VendorAccount

    vendor_emails = list(
        VendorAccount.objects.filter(vendor_id=run.plan.project.vendor_id, user__isnull=False)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    definition, created = ReportDefinition.objects.get_or_create(
        code=f"test-report-{run.pk}",
        defaults={
            "name": _report_name(run),
            "dataset": "test_report",
            "period_kind": PeriodKind.CUSTOM,
            "dimensions": ["status", "severity", "requirement"],
            "filters": {"run": str(run.pk)},
            "recipient_emails": "\n".join(vendor_emails),
        },
    )
    if created:
        definition.recipient_positions.set(Position.objects.filter(code__in=REPORT_POSITIONS))
    start = timezone.localdate(run.created_at)
    end = max(timezone.localdate(run.closed_at or timezone.now()), start)
    report, _created = report_run_create(
        actor=None, definition=definition, start=start, end=end, trigger=RunTrigger.ADHOC
    )
    return report


def _report_name(run: TestRun) -> str:
    """The archived report's name carries its sign-off (shown on the report and in the mail)."""
    from django.utils.translation import gettext

    from .selectors import sign_off_text

    name = gettext("Test report: %(run)s") % {"run": run.name}
    signed = sign_off_text(run)
    if signed:
        name = f"{name} — {signed}"
    return name[:200]


def archive_test_report_pdf(run: TestRun) -> bool:
    """The closed run's test report as PDF, written once onto the run (False without a Chinese
    font: the XLSX/HTML report is archived all the same, and the run page says why)."""
    import logging

    from django.core.files.base import ContentFile

    from .pdf import PdfUnavailable, test_report_pdf
    from .selectors import test_report

    run = TestRun.objects.select_related("plan__project", "signed_off_by").get(pk=run.pk)
    if run.report_pdf:
        return True
    try:
        content = test_report_pdf(test_report(run))
    except PdfUnavailable as exc:
        logging.getLogger(__name__).warning("test report %s: no PDF: %s", run.pk, exc)
        return False
    run.report_pdf.save(f"test-report-{run.pk}.pdf", ContentFile(content), save=False)
    TestRun.objects.filter(pk=run.pk, report_pdf="").update(report_pdf=run.report_pdf.name)
    return True


def test_report_of(run: TestRun):
    """The archived test report of a closed run (None while it is open)."""
    from siteops.reports.models import ReportRun

    return ReportRun.objects.filter(definition__code=f"test-report-{run.pk}").first()


archive_test_report.__test__ = False  # not a pytest test, despite the name
archive_test_report_pdf.__test__ = False
test_report_of.__test__ = False
