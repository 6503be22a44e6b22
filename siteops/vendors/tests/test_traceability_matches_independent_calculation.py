"""The matrix (and its coverage) equals a plain-Python walk over the same rows."""

import datetime
import io
import random

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siteops.vendors import selectors, services
from siteops.vendors.choices import DefectStatus, ExecutionStatus
from siteops.vendors.models import Defect, Requirement, TestCase, TestExecution


def _build(manager, project, plan, n_req, n_case, seed=7, prefix="Q"):
    rnd = random.Random(seed)
    reqs = []
    for i in range(n_req):
        r = services.requirement_create(
            actor=manager, project=project, code=f"{prefix}-{i:03}", title=f"需求{i}", statement="s"
        )
        if i % 4:  # every fourth stays a draft
            services.requirement_review(actor=manager, requirement=r)
            services.requirement_baseline(actor=manager, requirement=r)
        reqs.append(r)
    m = services.milestone_create(
        actor=manager, project=project, code=f"M{prefix}", title="t", deliverable="d",
        planned_date=datetime.date(2027, 1, 1),
        requirements=reqs[::2],
    )  # fmt: skip
    cases = [
        services.case_create(
            actor=manager,
            plan=plan,
            title=f"用例{i}",
            steps="s",
            expected="e",
            requirements=rnd.sample(reqs[:-2], min(len(reqs[:-2]), rnd.randint(0, 2))),
        )  # fmt: skip
        for i in range(n_case)
    ]
    for run_no in range(3):
        run = services.run_create(actor=manager, plan=plan, name=f"轮次{run_no}")
        for e in run.executions.all():
            status = rnd.choice(ExecutionStatus.values)
            services.execution_record(actor=manager, execution=e, status=status)
            if status == "failed" and rnd.random() < 0.7:
                d = services.defect_from_execution(actor=manager, execution=e)
                if rnd.random() < 0.3:
                    Defect.objects.filter(pk=d.pk).update(status=DefectStatus.CLOSED)
    return reqs, cases, m


def _independent(project):
    rows = []
    baselined = covered = 0
    for r in (
        Requirement.objects.filter(project=project).exclude(status="withdrawn").order_by("code")
    ):
        is_base = r.status in ("baselined", "changed")
        cases = sorted(r.cases.all(), key=lambda c: c.pk)
        baselined += is_base
        covered += bool(is_base and cases)
        ms = ", ".join(sorted(m.code for m in r.milestones.all()))
        if not cases:
            rows.append((r.code, ms, None, "", 0))
        for c in cases:
            done = [e for e in TestExecution.objects.filter(case=c) if e.status != "idle"]
            done.sort(key=lambda e: (e.tested_at, e.pk))
            latest = done[-1].status if done else ""
            open_defects = {
                d.pk for e in TestExecution.objects.filter(case=c) for d in e.defects.all()
                if d.status not in ("closed",)
            }  # fmt: skip
            rows.append((r.code, ms, c.pk, latest, len(open_defects)))
    return rows, baselined, covered


def _as_tuples(data):
    return [
        (
            row["requirement"].code,
            row["milestones"],
            row["case"]["pk"] if row["case"] else None,
            row["result"],
            row["open_defects"],
        )  # fmt: skip
        for row in data["rows"]
    ]


def test_matrix_equals_the_independent_walk(manager, project, plan):
    _build(manager, project, plan, n_req=12, n_case=15)
    data = selectors.traceability(project)
    rows, baselined, covered = _independent(project)
    assert _as_tuples(data) == rows
    assert (data["baselined"], data["covered"]) == (baselined, covered)
    assert float(data["coverage"]) == round(covered * 100 / baselined, 2)
    assert {r.code for r in data["uncovered"]} == {
        r.code for r in Requirement.objects.filter(project=project, status="baselined", cases=None)
    }


def test_matrix_queries_do_not_grow_with_size(manager, project, plan):
    _build(manager, project, plan, n_req=4, n_case=4)
    with CaptureQueriesContext(connection) as small:
        selectors.traceability(project)
    _build(manager, project, plan, n_req=10, n_case=12, seed=3, prefix="B")
    with CaptureQueriesContext(connection) as big:
        selectors.traceability(project)
    assert len(small) == len(big) <= 6
    assert len(selectors.traceability(project)["rows"]) > 14


def test_the_xlsx_has_one_line_per_matrix_row(manager, project, plan):
    _build(manager, project, plan, n_req=5, n_case=6)
    book = openpyxl.load_workbook(io.BytesIO(selectors.traceability_xlsx(project)))
    sheet = book.worksheets[0]
    assert sheet.max_row == 1 + len(selectors.traceability(project)["rows"])
    assert TestCase.objects.count() == 6
