"""Reads of the vendors-and-testing area: run summaries, slippage, the traceability matrix."""

from __future__ import annotations

import difflib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery

from .choices import (
    OPEN_DEFECT,
    STATUS_WEIGHT,
    ExecutionStatus,
    NeedStatus,
    RequirementStatus,
    Severity,
)
from .models import (
    BaselineDate,
    Defect,
    Milestone,
    Need,
    Requirement,
    TestCase,
    TestExecution,
    VendorProject,
)


def needs_visible_to(user):
    """Triagers and the area's staff see every need; a department sees its own."""
    qs = Need.objects.select_related("department", "requester", "merged_into")
    if user.has_perm("vendors.triage_need") or user.has_perm("vendors.view_requirement"):
        return qs
    from siteops.org.models import PositionAssignment

    depts = PositionAssignment.objects.active().filter(user=user).values("position__department")
    return qs.filter(Q(department__in=depts) | Q(requester=user))


def projects_visible_to(user):
    if not user.has_perm("vendors.view_vendorproject"):
        return VendorProject.objects.none()
    return VendorProject.objects.select_related("vendor", "reference_baseline")


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def run_summary(run) -> dict:
    """Totals by status, pass rate (passed + waived over all), open defects by severity, exit."""
    counts = dict(run.executions.values_list("status").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    positive = sum(n for s, n in counts.items() if STATUS_WEIGHT.get(s, 0) > 0)
    negative = sum(n for s, n in counts.items() if STATUS_WEIGHT.get(s, 0) < 0)
    open_by_severity = dict(
        Defect.objects.filter(executions__run=run, status__in=OPEN_DEFECT)
        .values_list("severity")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    open_major = open_by_severity.get(Severity.CRITICAL, 0) + open_by_severity.get(
        Severity.MAJOR, 0
    )
    pass_rate = percent(positive, total)
    plan = run.plan
    return {
        "total": total,
        "by_status": [(s, label, counts.get(s, 0)) for s, label in ExecutionStatus.choices],
        "counts": counts,
        "done": positive + negative,
        "pass_rate": pass_rate,
        "open_by_severity": [
            (s, label, open_by_severity.get(s, 0)) for s, label in Severity.choices
        ],
        "open_major": open_major,
        "meets_exit": total > 0
        and pass_rate >= plan.exit_min_pass_rate
        and open_major <= plan.exit_max_open_major,
    }


def milestones_with_slip(project, baseline=None, today=None) -> list[Milestone]:
    """Each milestone with ``baseline_date`` and ``slip`` (days) against the chosen baseline."""
    from .schedule import expected_date, slippage_days

    baseline = baseline or project.reference_baseline
    dates = {}
    if baseline is not None:
        dates = dict(
            BaselineDate.objects.filter(baseline=baseline).values_list("milestone_id", "date")
        )
    rows = list(
        project.milestones.prefetch_related("requirements", "delays").select_related(
            "acceptance_run"
        )
    )
    for m in rows:
        m.baseline_date = dates.get(m.pk)
        m.expected = expected_date(m, today)
        m.slip = slippage_days(m, m.baseline_date, today)
    return rows


def similar_cases(plan_or_project, title: str, limit: int = 5) -> list[tuple[TestCase, float]]:
    """Existing cases whose titles look like ``title`` (to avoid duplicate test cases)."""
    title = (title or "").strip().lower()
    if len(title) < 2:
        return []
    qs = TestCase.objects.filter(plan__project=plan_or_project).only("pk", "title", "plan_id")
    scored = []
    for c in qs[:5000]:
        ratio = difflib.SequenceMatcher(None, title, c.title.lower()).ratio()
        if ratio >= 0.6 or title in c.title.lower():
            scored.append((c, round(ratio, 2)))
    scored.sort(key=lambda t: -t[1])
    return scored[:limit]


def traceability(project) -> dict:
    """need → requirement → milestones → test cases → latest result → open defects.

    A fixed number of queries whatever the size: requirements, the two link tables, the cases
    with their latest execution (a subquery), and the open defects per case.
    """
    reqs = list(
        Requirement.objects.filter(project=project)
        .exclude(status=RequirementStatus.WITHDRAWN)
        .select_related("need")
        # the matrix shows only these: loading the whole revisioned row 2,000 times costs double
        .only("code", "title", "status", "need__title")
        .order_by("code")
    )
    # the link tables by the project (a join), not by a 2,000-id IN list
    in_project = {"requirement__project": project}
    milestones = defaultdict(list)
    for rid, code in Milestone.requirements.through.objects.filter(**in_project).values_list(
        "requirement_id", "milestone__code"
    ):
        milestones[rid].append(code)
    latest = (
        TestExecution.objects.filter(case=OuterRef("pk"))
        .exclude(status=ExecutionStatus.IDLE)
        .order_by("-tested_at", "-pk")
    )
    cases = {
        c["pk"]: c
        for c in TestCase.objects.filter(plan__project=project)
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by()  # a dict by id: no sort needed
        .values("pk", "title", "status", "latest_status")
    }
    links = defaultdict(list)
    for rid, cid in TestCase.requirements.through.objects.filter(**in_project).values_list(
        "requirement_id", "testcase_id"
    ):
        links[rid].append(cid)
    defects = defaultdict(set)
    for cid, did in Defect.executions.through.objects.filter(
        testexecution__case__plan__project=project, defect__status__in=OPEN_DEFECT
    ).values_list("testexecution__case_id", "defect_id"):
        defects[cid].add(did)
    labels = {k: str(v) for k, v in ExecutionStatus.choices}  # translated once, not per row
    rows, covered, baselined, uncovered = [], 0, 0, []
    for r in reqs:
        is_baselined = r.status in (RequirementStatus.BASELINED, RequirementStatus.CHANGED)
        baselined += is_baselined
        case_ids = sorted(links.get(r.pk, []))
        if case_ids:
            covered += is_baselined
        elif is_baselined:
            uncovered.append(r)
        base = {
            "need": r.need.title if r.need_id else "",
            "requirement": r,
            "milestones": ", ".join(sorted(milestones.get(r.pk, []))),
        }
        if not case_ids:
            rows.append({**base, "case": None, "result": "", "result_label": "", "open_defects": 0})
        for cid in case_ids:
            c = cases[cid]
            rows.append(
                {
                    **base,
                    "case": c,
                    "result": c["latest_status"] or "",
                    "result_label": labels.get(c["latest_status"], ""),
                    "open_defects": len(defects.get(cid, ())),
                }
            )
    return {
        "rows": rows,
        "baselined": baselined,
        "covered": covered,
        "coverage": percent(covered, baselined),
        "uncovered": uncovered,
    }


def traceability_xlsx(project) -> bytes:
    from django.utils.translation import gettext as _

    from siteops.core.spreadsheets import xlsx_bytes

    data = traceability(project)
    header = [
        _("Need"), _("Requirement ID"), _("Requirement"), _("Requirement status"),
        _("Milestones"), _("Test case"), _("Latest result"), _("Open defects"),
    ]  # fmt: skip
    body = [
        [
            row["need"],
            row["requirement"].code,
            row["requirement"].title,
            row["requirement"].get_status_display(),
            row["milestones"],
            row["case"]["title"] if row["case"] else _("No test case"),
            row["result_label"],
            row["open_defects"],
        ]
        for row in data["rows"]
    ]
    return xlsx_bytes([header, *body])


def open_needs():
    return Need.objects.filter(status=NeedStatus.NEW)


def sign_off_text(run) -> str:
    """ "Signed off by X as <position> (acting), <when>" — or "" while the run is not signed off."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from siteops.org.models import Position

    if run.signed_off_at is None:
        return ""
    position = Position.objects.filter(code=run.signed_off_position_code).first()
    text = _("Signed off by %(who)s as %(position)s%(acting)s, %(when)s") % {
        "who": run.signed_off_by or "-",
        "position": position or run.signed_off_position_code,
        "acting": _(" (acting)") if run.signed_off_acting else "",
        "when": timezone.localtime(run.signed_off_at).strftime("%Y-%m-%d %H:%M"),
    }
    if run.signed_off_note:
        text += " — " + run.signed_off_note
    return text


def run_requirements(run) -> tuple[list[dict], list[str]]:
    """Traceability of one run: each requirement its cases cover → those cases (the version run)
    → their result in this run; and the baselined requirements no case of the run tests."""
    labels = dict(ExecutionStatus.choices)
    rows = (
        TestExecution.objects.filter(run=run, case__requirements__isnull=False)
        .exclude(case__requirements__status=RequirementStatus.WITHDRAWN)
        .values_list(
            "case__requirements__id", "case__requirements__code", "case__requirements__title",
            "case_id", "case_revision__number", "case_revision__data", "status",
        )
        .order_by("case__requirements__code", "case_id")
    )  # fmt: skip
    out: dict[int, dict] = {}
    for rid, code, title, case_id, number, data, status in rows:
        req = out.setdefault(rid, {"id": rid, "code": code, "title": title, "cases": []})
        req["cases"].append({
            "id": case_id, "title": (data or {}).get("title", ""), "version": number,
            "status": status, "result": str(labels.get(status, status)),
        })  # fmt: skip
    uncovered = list(
        Requirement.objects.filter(
            project_id=run.plan.project_id,
            status__in=[RequirementStatus.BASELINED, RequirementStatus.CHANGED],
        )
        .exclude(pk__in=list(out))
        .order_by("code")
        .values_list("code", flat=True)
    )
    return list(out.values()), uncovered


def test_report(run) -> dict:
    """Everything the test report shows: results, pass rate, open defects, the requirements
    covered (requirement → cases → result) and the sign-off."""
    requirements, uncovered = run_requirements(run)
    return {
        "run": run,
        "summary": run_summary(run),
        "requirements": requirements,
        "uncovered": uncovered,
        "sign_off": sign_off_text(run),
    }


test_report.__test__ = False  # not a pytest test, despite the name
