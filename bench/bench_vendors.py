"""Vendors and testing (issue #17): the traceability matrix for 2,000 requirements × 10,000 cases ×
50,000 executions in a constant number of queries, as a ratio to a hand-written query of the same
figures (goal ≤ 2×); and a test run's page with 2,000 executions (p95 ≤ 500 ms).
"""

from __future__ import annotations

from bench import Benchmark, HttpBenchmark, bulk_create_chunks, dataset

PROJECT = "bench-trace"
RUN_PLAN = "bench-run-plan"
CASES_PER_REQ, RUNS = 5, 5


def _project(code: str):
    from siteops.vendors.models import Vendor, VendorProject

    vendor, _ = Vendor.objects.get_or_create(name="基准供应商")
    project, _ = VendorProject.objects.get_or_create(
        code=code, defaults={"vendor": vendor, "name": "基准项目"}
    )
    return project


def _cases_with_revisions(plan, n: int, prefix: str) -> list:
    """n confirmed cases of the plan, each with its first revision (what an execution ran)."""
    from django.contrib.contenttypes.models import ContentType

    from siteops.core.models import Revision
    from siteops.vendors.models import TestCase

    bulk_create_chunks(TestCase, (
        TestCase(plan=plan, title=f"{prefix} 用例 {i}", steps="1. 打开页面", expected="显示正确",
                 status="confirmed")
        for i in range(n)
    ))  # fmt: skip
    cases = list(TestCase.objects.filter(plan=plan).order_by("pk"))
    ct = ContentType.objects.get_for_model(TestCase)
    bulk_create_chunks(Revision, (
        Revision(content_type=ct, object_id=c.pk, number=1,
                 data={"title": c.title, "steps": c.steps, "expected": c.expected})
        for c in cases
    ))  # fmt: skip
    revs = dict(Revision.objects.filter(content_type=ct).values_list("object_id", "pk"))
    for c in cases:
        c.latest_revision_id = c.live_revision_id = revs[c.pk]
    TestCase.objects.bulk_update(cases, ["latest_revision", "live_revision"], batch_size=2000)
    return cases


@dataset("vendor_trace", full=2_000, small=20, version="1")
def make_trace(n, rng):
    """n baselined requirements (half from needs), 5 cases each, 5 runs with an execution of
    every case (5n cases, 25n executions), an open defect on every 50th failed execution."""
    import datetime

    from django.utils import timezone

    from siteops.org.models import Department, Position
    from siteops.vendors.models import (
        Defect,
        Milestone,
        Need,
        Requirement,
        TestExecution,
        TestPlan,
        TestRun,
    )

    project = _project(PROJECT)
    cs = Department.objects.get(code="CS")
    bulk_create_chunks(Need, (Need(title=f"需求来源 {i}", problem="p", department=cs,
                                   status="accepted") for i in range(n // 2)))  # fmt: skip
    needs = list(Need.objects.order_by("pk").values_list("pk", flat=True))
    bulk_create_chunks(Requirement, (
        Requirement(project=project, code=f"REQ-{i:05d}", title=f"需求 {i}", statement="系统应当……",
                    status="baselined", need_id=needs[i] if i < len(needs) else None)
        for i in range(n)
    ))  # fmt: skip
    reqs = list(Requirement.objects.filter(project=project).order_by("pk"))
    day = datetime.date(2026, 6, 1)
    bulk_create_chunks(Milestone, (
        Milestone(project=project, code=f"M{i}", title=f"里程碑 {i}", deliverable="d",
                  planned_date=day, forecast_date=day)
        for i in range(max(n // 100, 1))
    ))  # fmt: skip
    milestones = list(Milestone.objects.filter(project=project).order_by("pk"))
    through = Milestone.requirements.through
    bulk_create_chunks(through, (
        through(milestone_id=milestones[i % len(milestones)].pk, requirement_id=r.pk)
        for i, r in enumerate(reqs)
    ))  # fmt: skip
    plan = TestPlan.objects.create(project=project, name="基准计划", kind="black_box")
    cases = _cases_with_revisions(plan, n * CASES_PER_REQ, "追溯")
    link = cases[0].requirements.through
    bulk_create_chunks(link, (
        link(testcase_id=c.pk, requirement_id=reqs[i // CASES_PER_REQ].pk)
        for i, c in enumerate(cases)
        if i % 97 != 0  # a few cases without a requirement, and so a few requirements uncovered
    ))  # fmt: skip
    mgr = Position.objects.get(code="MGR")
    statuses = ["passed"] * 7 + ["failed", "blocked", "idle"]
    now = timezone.now()
    for k in range(RUNS):
        run = TestRun.objects.create(plan=plan, name=f"第 {k + 1} 轮")
        bulk_create_chunks(TestExecution, (
            TestExecution(run=run, case_id=c.pk, case_revision_id=c.live_revision_id,
                          position=mgr, status=rng.choice(statuses),
                          tested_at=now - datetime.timedelta(days=RUNS - k))
            for c in cases
        ))  # fmt: skip
    failed = list(
        TestExecution.objects.filter(run__plan=plan, status="failed").values_list("pk", flat=True)
    )
    picked = failed[::50]
    bulk_create_chunks(Defect, (Defect(project=project, title=f"缺陷 {i}", status="assigned",
                                       assignee="vendor") for i in range(len(picked))))  # fmt: skip
    defects = list(
        Defect.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)
    )
    dlink = Defect.executions.through
    bulk_create_chunks(dlink, (dlink(defect_id=d, testexecution_id=e)
                               for d, e in zip(defects, picked, strict=True)))  # fmt: skip


@dataset("vendor_run", full=2_000, small=20, version="1")
def make_run(n, rng):
    """One open run with n executions (n cases), a few failed with a defect each."""
    from siteops.org.models import Position
    from siteops.vendors.models import Defect, TestExecution, TestPlan, TestRun

    project = _project("bench-run")
    plan = TestPlan.objects.create(project=project, name=RUN_PLAN, kind="internal")
    cases = _cases_with_revisions(plan, n, "轮次")
    run = TestRun.objects.create(plan=plan, name="基准测试轮次")
    mgr = Position.objects.get(code="MGR")
    bulk_create_chunks(TestExecution, (
        TestExecution(run=run, case_id=c.pk, case_revision_id=c.live_revision_id, position=mgr,
                      status=rng.choice(["passed", "passed", "idle", "failed"]))
        for c in cases
    ))  # fmt: skip
    failed = list(run.executions.filter(status="failed").values_list("pk", flat=True)[::20])
    bulk_create_chunks(Defect, (Defect(project=project, title=f"缺陷 {i}")
                                for i in range(len(failed))))  # fmt: skip
    defects = list(
        Defect.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)
    )
    dlink = Defect.executions.through
    bulk_create_chunks(dlink, (dlink(defect_id=d, testexecution_id=e)
                               for d, e in zip(defects, failed, strict=True)))  # fmt: skip


# --- the traceability matrix ------------------------------------------------------------------

HAND_SQL = """
SELECT r.id, r.code, r.title, r.status, n.title,
       c.id, c.title, c.status,
       (SELECT e.status FROM vendors_testexecution e
         WHERE e.case_id = c.id AND e.status <> 'idle'
         ORDER BY e.tested_at DESC, e.id DESC LIMIT 1),
       (SELECT COUNT(DISTINCT de.defect_id) FROM vendors_defect_executions de
          JOIN vendors_testexecution e2 ON e2.id = de.testexecution_id
          JOIN vendors_defect d ON d.id = de.defect_id
         WHERE e2.case_id = c.id AND d.status IN ('new', 'assigned', 'fixed', 'retest', 'reopened'))
  FROM vendors_requirement r
  LEFT JOIN vendors_need n ON n.id = r.need_id
  LEFT JOIN vendors_testcase_requirements cr ON cr.requirement_id = r.id
  LEFT JOIN vendors_testcase c ON c.id = cr.testcase_id
 WHERE r.project_id = %s AND r.status <> 'withdrawn'
 ORDER BY r.code, c.id
"""
MILESTONE_SQL = """
SELECT mr.requirement_id, m.code FROM vendors_milestone_requirements mr
  JOIN vendors_milestone m ON m.id = mr.milestone_id
 WHERE m.project_id = %s
"""


def _trace_project(ctx):
    from siteops.vendors.models import VendorProject

    if "trace_project" not in ctx.state:
        ctx.state["trace_project"] = VendorProject.objects.get(code=PROJECT)
    return ctx.state["trace_project"]


def hand_written(ctx) -> None:
    """The same figures (rows, latest result, open defects, milestones, coverage) by hand."""
    from django.db import connection

    project = _trace_project(ctx)
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, [project.pk])
        rows = cur.fetchall()
        cur.execute(MILESTONE_SQL, [project.pk])
        milestones: dict[int, list[str]] = {}
        for rid, code in cur.fetchall():
            milestones.setdefault(rid, []).append(code)
    covered = {r[0] for r in rows if r[5] is not None and r[3] in ("baselined", "changed")}
    ctx.state["hand"] = (len(rows), len(covered))


def matrix(ctx) -> None:
    from siteops.vendors.selectors import traceability

    data = traceability(_trace_project(ctx))
    ctx.state["orm"] = (len(data["rows"]), data["covered"])


def check_same_figures(ctx) -> None:
    """Setup: both sides must produce the same row count and coverage, else the ratio is moot."""
    hand_written(ctx)
    matrix(ctx)
    if ctx.state["hand"] != ctx.state["orm"]:
        raise AssertionError(f"hand {ctx.state['hand']} != matrix {ctx.state['orm']}")


def _run_path() -> str:
    from siteops.vendors.models import TestRun

    run = TestRun.objects.filter(plan__name=RUN_PLAN).order_by("pk").first()
    return f"/backoffice/vendors/runs/{run.pk}/"


def register(suite):
    run_page = HttpBenchmark(
        name="vendors.run_page",
        path="/backoffice/vendors/runs/0/",
        login="MGR",
        needs=["vendor_run"],
        goal=">= 0.005",
        p95_ms=500,
        concurrency=4,
        note="a test run's page with 2,000 executions (results, tester, defects) vs minimal view",
    )
    # The run's id is known only once the dataset exists: resolve the path when measuring.
    run_page.target = lambda ctx: ctx.load(_run_path(), run_page, login="MGR")
    run_page.queries = lambda ctx: ctx.client("MGR").get(_run_path())
    suite.add(
        Benchmark(
            name="vendors.traceability",
            needs=["vendor_trace"],
            unit="s",
            goal="<= 2",
            setup=check_same_figures,
            ceiling=hand_written,
            target=matrix,
            queries=matrix,
            note="need → requirement → milestones → case → latest result → open defects, vs one "
            "hand-written SQL query of the same figures (same rows and coverage checked first)",
        ),
        run_page,
    )
