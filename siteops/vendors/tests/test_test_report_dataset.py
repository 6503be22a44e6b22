"""The test report dataset equals a plain count of the same executions and defects."""

import datetime

from django.utils import timezone

from siteops.reports import datasets
from siteops.vendors import services
from siteops.vendors.models import Defect, TestExecution


def test_report_matches_a_plain_count(manager, plan, baselined):
    cases = [
        services.case_create(actor=manager, plan=plan, title=f"c{i}", steps="s", expected="e")
        for i in range(7)
    ]
    run = services.run_create(actor=manager, plan=plan, name="R1")
    statuses = ["passed", "passed", "waived", "failed", "blocked", "error", "idle"]
    for e, s in zip(run.executions.order_by("pk"), statuses, strict=True):
        services.execution_record(actor=manager, execution=e, status=s)
    failed = run.executions.get(status="failed")
    d1 = services.defect_from_execution(actor=manager, execution=failed, severity="critical")
    services.defect_from_execution(
        actor=manager, execution=run.executions.get(status="error"), severity="minor"
    )
    Defect.objects.filter(pk=d1.pk).update(status="closed")
    today = timezone.localdate()
    ds = datasets.get("test_report")
    result = ds.run(today - datetime.timedelta(days=1), today, ["run", "status", "severity"])
    execs = list(TestExecution.objects.filter(run=run))
    assert result.totals.values["executions"] == len(execs) == len(cases)
    passed = sum(e.status in ("passed", "waived") for e in execs)
    assert result.totals.values["passed"] == passed == 3
    assert result.totals.values["failed"] == sum(
        e.status in ("failed", "blocked", "error") for e in execs
    )
    assert float(result.totals.values["pass_rate"]) == round(passed / len(execs), 4)
    assert result.totals.values["open_defects"] == 1
    by_sev = {r.key: r.values["open_defects"] for r in result.breakdowns["severity"]}
    assert by_sev == {"critical": 0, "major": 0, "minor": 1, "trivial": 0}
    by_status = {r.key: r.values["executions"] for r in result.breakdowns["status"]}
    assert by_status["passed"] == 2 and by_status["idle"] == 1
    assert [r.values["executions"] for r in result.breakdowns["run"]] == [7]
