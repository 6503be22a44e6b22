"""The API Website Sales' system uses (mounted at /api/v1/loyalty/): ask for a project, upload
members, read a project's statistics; and the process editor's system: ask for a manual
adjustment of a member's points (through the manager's approval) and read where it stands. Writes take an ``Idempotency-Key``: a replay gets the first
answer; another body → 422. (A customer reads their own points with their shop session at
/account/points.json — an API token belongs to a department, never to a customer.)"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.errors import DomainError
from siteops.core.idempotency import run_once

from . import ledger, services
from .models import Adjustment, Project
from .reports import project_figures

PREFIX = "loyalty"
router = Router(tags=["loyalty"])


def _require(request: HttpRequest, perm: str):
    if not request.auth.has_perm(perm):
        raise PermissionDenied


class ProjectRequestIn(Schema):
    code: str = Field(..., max_length=32)
    name: str = Field(..., max_length=100)
    note: str = Field("", max_length=4000)


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    status: str
    status_label: str


def _project(p: Project) -> dict:
    return {"id": p.pk, "code": p.code, "name": p.name, "status": p.status,
            "status_label": str(p.get_status_display())}  # fmt: skip


@router.post(
    "/projects",
    response={201: ProjectOut, 400: Error, 401: Error, 403: Error, 409: Error, 422: Error},
)
def create_project_request(
    request, payload: ProjectRequestIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    """Ask for a points project: a draft project and a work item for the process editor."""
    _require(request, services.REQUEST_PERM)
    body = payload.model_dump(mode="json")

    def effect():
        p = services.project_request(client=request.auth, **body)
        return 201, _project(p)

    return run_once(client=request.auth, scope="loyalty.project-request", key=idempotency_key,
                    body=body, effect=effect)  # fmt: skip


class MembersIn(Schema):
    customers: list[str] = Field(..., max_length=services.MAX_MEMBER_ROWS,
                                 description="Email or login name of each shop customer")  # fmt: skip


class RowError(Schema):
    row: int
    customer: str
    errors: list[str]


class MembersOut(Schema):
    added: int
    rejected: list[RowError]


@router.post(
    "/projects/{code}/members",
    response={200: MembersOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)  # fmt: skip
def upload_members(
    request, code: str, payload: MembersIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """Add members (shop customers); each row that cannot be added comes back with its errors."""
    _require(request, services.REQUEST_PERM)
    project = get_object_or_404(Project, code=code.upper()[:32])
    body = payload.model_dump(mode="json")

    def effect():
        records = [(i, {"customer": c}) for i, c in enumerate(body["customers"], start=1)]
        added, bad = services.members_import(client=request.auth, project=project, records=records)
        return 200, {"added": added, "rejected": [
            {"row": r.line, "customer": r.customer_text[:200], "errors": [str(e) for e in r.errors]}
            for r in bad]}  # fmt: skip

    return run_once(client=request.auth, scope=f"loyalty.members.{project.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip


class StatsOut(Schema):
    code: str
    start: datetime.date
    end: datetime.date
    members: int
    generated: int
    issued: int
    redeemed: int
    expired: int
    reversed: int
    liability_points: int
    liability_value: str


@router.get(
    "/projects/{code}/statistics",
    response={200: StatsOut, 400: Error, 401: Error, 403: Error, 404: Error},
)
def project_statistics(request, code: str, start: datetime.date, end: datetime.date):
    """A project's figures for a period (the PRC-06 dataset's row for the project)."""
    _require(request, "loyalty.view_statistics")
    project = get_object_or_404(Project, code=code.upper()[:32])
    if end < start or (end - start).days > 3660:
        raise DomainError(
            _("The period must run forwards and last at most ten years."), code="invalid"
        )
    figures = project_figures(start, end, project_ids=[project.pk]).get(project.pk, {})
    return 200, {"code": project.code, "start": start, "end": end,
                 **{k: figures.get(k, 0) for k in ("members", "generated", "issued", "redeemed",
                                                    "expired", "reversed", "liability_points")},
                 "liability_value": str(figures.get("liability_value", "0.00"))}  # fmt: skip


# --- manual adjustments ----------------------------------------------------------------------


class AdjustmentIn(Schema):
    customer: str = Field(..., max_length=254, description="Email or login name of the member")
    points: int = Field(..., description="Points to add (> 0) or take (< 0); never 0")
    reason: str = Field(..., max_length=300)


class AdjustmentOut(Schema):
    id: int
    project: str
    customer: str
    points: int
    reason: str
    status: str
    status_label: str
    requested_at: datetime.datetime


def _adjustment(a: Adjustment) -> dict:
    return {"id": a.pk, "project": a.member.project.code, "customer": a.member.customer.username,
            "points": a.points, "reason": a.reason, "status": a.status,
            "status_label": str(a.get_status_display()), "requested_at": a.requested_at}  # fmt: skip


@router.post(
    "/projects/{code}/adjustments",
    response={201: AdjustmentOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)  # fmt: skip
def request_adjustment(
    request, code: str, payload: AdjustmentIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """Ask for a manual adjustment of a member's points, with a reason. Nothing is booked until
    the manager approves it in the back office (status ``pending`` → ``booked`` or
    ``rejected``); 409 when the project is not active."""
    _require(request, ledger.ADJUST_PERM)
    project = get_object_or_404(Project, code=code.upper()[:32])
    body = payload.model_dump(mode="json")

    def effect():
        who = body["customer"].strip()
        member = (
            project.members.select_related("project", "customer")
            .filter(Q(customer__username=who) | Q(customer__email__iexact=who))
            .first()
            if who and "\x00" not in who else None
        )  # fmt: skip
        if member is None:
            raise DomainError(_("No member of this project with this login name or email."),
                              code="unknown_member")  # fmt: skip
        adj = ledger.adjustment_request(client=request.auth, member=member,
                                        points=body["points"], reason=body["reason"])  # fmt: skip
        return 201, _adjustment(adj)

    return run_once(client=request.auth, scope=f"loyalty.adjustment.{project.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip


@router.get(
    "/projects/{code}/adjustments/{adjustment_id}",
    response={200: AdjustmentOut, 400: Error, 401: Error, 403: Error, 404: Error},
)
def read_adjustment(request, code: str, adjustment_id: int):
    """Where an adjustment stands (pending, booked, rejected, withdrawn)."""
    _require(request, "loyalty.view_adjustment")
    adj = get_object_or_404(
        Adjustment.objects.select_related("member__project", "member__customer"),
        pk=adjustment_id, member__project__code=code.upper()[:32],
    )  # fmt: skip
    return 200, _adjustment(adj)
