"""The vendor's system (mounted at /api/v1/vendors/): read its milestones and the defects
assigned to it, post the weekly status report and defect updates, and upload CI results (JUnit
XML) as a test run. The client's token is tied to one vendor (a VendorAccount); another
vendor's record answers 404. Writes take an ``Idempotency-Key``: a replay gets the first
answer; the same key with another body → 422."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Router, Schema
from ninja.files import UploadedFile

from siteops.api.schemas import Error
from siteops.core.errors import DomainError
from siteops.core.idempotency import run_once

from . import junit, portal
from .models import Defect, TestPlan

PREFIX = "vendors"
router = Router(tags=["vendors"])


def _vendor(request):
    """The calling system's vendor; 403 for a client that is not a vendor's."""
    if not request.auth.has_perm(portal.PORTAL_PERM):
        raise PermissionDenied
    vendor = portal.vendor_of(client=request.auth)
    if vendor is None:
        raise PermissionDenied
    return vendor


def _clean(value: str, max_length: int) -> str:
    """Text through core.inputs (no NUL or control characters): a bad value is a 400."""
    from siteops.core.inputs import InputError, clean_text

    try:
        return clean_text(value, max_length=max_length)
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from exc


def _one(qs, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class MilestoneOut(Schema):
    id: int
    project: str
    code: str
    title: str
    planned_date: datetime.date
    baseline_date: datetime.date | None
    forecast_date: datetime.date
    actual_date: datetime.date | None
    slip_days: int | None = Field(description="Days late against the project's reference baseline")
    vendor_progress: int
    accepted_progress: int
    status: str
    status_label: str


def _milestone(m) -> dict:
    return {"id": m.pk, "project": m.project.code, "code": m.code, "title": m.title,
            "planned_date": m.planned_date, "baseline_date": m.baseline_date,
            "forecast_date": m.forecast_date, "actual_date": m.actual_date, "slip_days": m.slip,
            "vendor_progress": m.vendor_progress, "accepted_progress": m.accepted_progress,
            "status": m.status, "status_label": str(m.get_status_display())}  # fmt: skip


@router.get("/milestones", response={200: list[MilestoneOut], 401: Error, 403: Error})
def list_milestones(request):
    """The milestones of the vendor's projects, with slippage against the reference baseline."""
    vendor = _vendor(request)
    rows = portal.with_slip(
        list(
            portal.milestones_of(vendor)
            .select_related("project__reference_baseline")
            .order_by("project__code", "planned_date", "pk")[:1000]
        )
    )
    return 200, [_milestone(m) for m in rows]


class DefectOut(Schema):
    id: int
    project: str
    title: str
    steps: str
    environment: str
    severity: str
    priority: str
    status: str
    status_label: str
    target_build: str
    fix_due: datetime.date | None
    created_at: datetime.datetime


def _defect(d: Defect) -> dict:
    return {"id": d.pk, "project": d.project.code, "title": d.title, "steps": d.steps,
            "environment": d.environment, "severity": d.severity, "priority": d.priority,
            "status": d.status, "status_label": str(d.get_status_display()),
            "target_build": d.target_build, "fix_due": d.fix_due,
            "created_at": d.created_at}  # fmt: skip


@router.get("/defects", response={200: list[DefectOut], 400: Error, 401: Error, 403: Error})
def list_defects(request, open_only: bool = True):
    """The defects assigned to the vendor (by default only those still open)."""
    from .choices import OPEN_DEFECT

    qs = portal.defects_of(_vendor(request)).order_by("pk")
    if open_only:
        qs = qs.filter(status__in=OPEN_DEFECT)
    return 200, [_defect(d) for d in qs[:1000]]


class ReportLineIn(Schema):
    milestone_id: int = Field(..., ge=1, le=2**62)
    progress: int = Field(..., ge=0, le=100)
    forecast_date: datetime.date | None = None
    reason: str = Field("", max_length=2000)


class StatusReportIn(Schema):
    project: str = Field(..., max_length=30, description="The project's code")
    week_ending: datetime.date
    summary: str = Field(..., min_length=1, max_length=8000)
    risks: str = Field("", max_length=8000)
    next_steps: str = Field("", max_length=8000)
    milestones: list[ReportLineIn] = Field([], max_length=200)


class StatusReportOut(Schema):
    id: int
    project: str
    week_ending: datetime.date
    milestones: list[MilestoneOut]


@router.post(
    "/status-reports",
    response={201: StatusReportOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)  # fmt: skip
def post_status_report(
    request, payload: StatusReportIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """The weekly status report; a new forecast date needs its reason (logged as a delay; the
    manager is told; beyond the project's threshold it escalates once). 409: a report for that
    week is already in, or a milestone is accepted."""
    vendor = _vendor(request)
    body = payload.model_dump(mode="json")

    def effect():
        project = portal.projects_of(vendor).filter(code=payload.project).first()
        if project is None:
            raise Http404
        report = portal.status_report_submit(
            client=request.auth, project=project, week_ending=payload.week_ending,
            summary=_clean(payload.summary, 8000),
            risks=_clean(payload.risks, 8000),
            next_steps=_clean(payload.next_steps, 8000),
            lines=[{"milestone": line.milestone_id, "progress": line.progress,
                    "forecast_date": line.forecast_date,
                    "reason": _clean(line.reason, 2000)}
                   for line in payload.milestones],
        )  # fmt: skip
        rows = portal.with_slip(
            list(portal.milestones_of(vendor).filter(project=project)
                 .select_related("project__reference_baseline").order_by("planned_date", "pk"))
        )  # fmt: skip
        return 201, {"id": report.pk, "project": project.code, "week_ending": report.week_ending,
                     "milestones": [_milestone(m) for m in rows]}  # fmt: skip

    return run_once(client=request.auth, scope="vendors.status-report", key=idempotency_key,
                    body=body, effect=effect)  # fmt: skip


class DefectUpdateIn(Schema):
    action: str = Field(..., pattern="^(fix|comment)$", description="fix: mark fixed; comment")
    comment: str = Field("", max_length=2000)
    build: str = Field("", max_length=60, description="The build that holds the fix")


@router.post(
    "/defects/{defect_id}/updates",
    response={200: DefectOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)  # fmt: skip
def post_defect_update(
    request, defect_id: int, payload: DefectUpdateIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """Mark a defect assigned to the vendor fixed (409 when it is not assigned now), or comment."""
    vendor = _vendor(request)
    if not 1 <= defect_id <= 2**62:
        raise Http404
    defect = _one(portal.defects_of(vendor), defect_id)
    body = payload.model_dump(mode="json")

    def effect():
        d = portal.defect_update(
            client=request.auth, defect=defect, action=payload.action,
            comment=_clean(payload.comment, 2000),
            build=_clean(payload.build, 60),
        )  # fmt: skip
        return 200, _defect(d)

    return run_once(client=request.auth, scope=f"vendors.defect.{defect.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip


class JunitRowError(Schema):
    row: int
    name: str
    errors: list[str]


class JunitError(Schema):
    code: str
    detail: str
    rows: list[JunitRowError] = Field([], description="Each test case that cannot be imported")


class JunitOut(Schema):
    run_id: int
    name: str
    executions: int
    cases_created: int
    by_status: dict[str, int]


@router.post(
    "/plans/{plan_id}/junit",
    response={201: JunitOut, 400: JunitError, 401: Error, 403: Error, 404: Error, 422: Error},
)
def upload_junit(
    request, plan_id: int,
    file: UploadedFile = File(..., description="The JUnit XML file"),  # noqa: B008
    name: str = Form(..., max_length=200), build: str = Form("", max_length=60),
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """CI results (a JUnit XML file) as a test run of the plan: one execution per test case.
    400 lists each bad row; then nothing is imported."""
    vendor_client = not request.auth.has_perm("vendors.add_testrun")
    plans = TestPlan.objects.select_related("project")
    if vendor_client:
        plans = plans.filter(project__vendor=_vendor(request))
    if not 1 <= plan_id <= 2**62:
        raise Http404
    plan = _one(plans, plan_id)
    if file.size is not None and file.size > junit.MAX_BYTES:
        return 400, {"code": "invalid", "detail": _("The file is too large."), "rows": []}
    data = file.read(junit.MAX_BYTES + 1)
    body = {"sha256": hashlib.sha256(data).hexdigest(), "name": name, "build": build,
            "plan": plan.pk}  # fmt: skip

    def effect():
        try:
            run, created = junit.import_results(
                client=request.auth, plan=plan, name=name, build=build, data=data
            )
        except junit.JunitRejected as exc:
            return 400, {"code": exc.code, "detail": str(exc), "rows": [
                {"row": r.row, "name": r.name, "errors": [str(e) for e in r.errors]}
                for r in exc.rows[:1000]]}  # fmt: skip
        from .selectors import run_summary

        counts = run_summary(run)["counts"]
        return 201, {"run_id": run.pk, "name": run.name, "executions": sum(counts.values()),
                     "cases_created": created, "by_status": counts}  # fmt: skip

    return run_once(client=request.auth, scope=f"vendors.junit.{plan.pk}", key=idempotency_key,
                    body=body, effect=effect)  # fmt: skip


__all__ = ["router", "PREFIX", "PermissionDenied"]
