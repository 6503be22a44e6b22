"""HR & Administration's system (mounted at /api/v1/people/): reads the staffing plan and the
recruitment requests, and posts candidates' status changes.

The client acts as its position (``ApiClient.position``): HR & Administration's system sees
every request and its candidates; a client whose position may only view requests sees those
for positions below its own; any other department's system gets 403. Personal data (a
candidate's name, contacts, notes) is never in a list: only ``GET /candidates/{id}`` answers
it, and only to a client whose position may see candidates (HR). Accepting an offer creates the
person's account and appointment, so it is done by a person in the back office (409).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.idempotency import run_once

from . import selectors, services
from .models import Candidate, RecruitmentRequest, StaffingPlan

PREFIX = "people"
router = Router(tags=["people"])
LIST_LIMIT = 200


def _require(request, perm: str) -> None:
    if not request.auth.has_perm(perm):
        raise PermissionDenied


def _id(pk: int) -> int:
    """An id from the path; one no row can have (0, 10**30) is simply not found."""
    return pk if 1 <= pk <= 2**31 - 1 else 0


# --- staffing plan ---------------------------------------------------------------------------


class PlanLineOut(Schema):
    position: str = Field(description="Position code")
    position_name: str
    department: str
    planned: int = Field(description="Planned headcount (the plan's; the org's without a plan)")
    org_headcount: int
    holders: int = Field(description="People holding the position today (the org chart's)")
    acting: int = Field(description="People acting for it today")
    in_recruitment: int = Field(description="People asked for by approved or open requests")
    vacancies: int = Field(description="Headcount minus holders, as on the org chart")


class PlanOut(Schema):
    year: int
    version: int | None = Field(description="The plan version shown; null: no plan yet")
    status: str | None
    status_label: str | None
    approved_version: int | None = Field(description="The version in force (approved)")
    lines: list[PlanLineOut]


@router.get(
    "/plan",
    response={200: PlanOut, 400: Error, 401: Error, 403: Error},
    summary="The staffing plan of a year with the org chart's numbers",
)
def plan(request, year: int | None = None, version: int | None = None):
    """The newest version of the year's plan (or ``version``), every position's planned
    headcount next to its holders, acting cover, people in recruitment and vacancies today."""
    _require(request, "people.view_staffingplan")
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        return 400, {"code": "invalid", "detail": _("Enter a year between 2000 and 2100.")}
    if version is not None and not 1 <= version <= 32767:
        return 400, {"code": "invalid", "detail": _("No such version of the plan.")}
    plans = StaffingPlan.objects.filter(year=year)
    chosen = (
        plans.filter(version=version).first() if version else plans.order_by("-version").first()
    )
    if version and chosen is None:
        return 400, {"code": "invalid", "detail": _("No such version of the plan.")}
    approved = selectors.approved_plan(year)
    return 200, {
        "year": year,
        "version": chosen.version if chosen else None,
        "status": chosen.status if chosen else None,
        "status_label": str(chosen.get_status_display()) if chosen else None,
        "approved_version": approved.version if approved else None,
        "lines": [
            {
                "position": r.position.code,
                "position_name": r.position.name,
                "department": r.position.department.code,
                "planned": r.planned,
                "org_headcount": r.org_headcount,
                "holders": len(r.holders),
                "acting": len(r.acting),
                "in_recruitment": r.open_requests,
                "vacancies": r.vacancies,
            }
            for r in selectors.plan_rows(chosen)
        ],
    }


# --- recruitment requests ----------------------------------------------------------------------


class CandidateSummaryOut(Schema):
    """No personal data: the id and where the candidate stands."""

    id: int
    status: str
    status_label: str
    source: str
    scorecards: int
    average_score: Decimal | None
    created_at: datetime.datetime


class RecruitmentOut(Schema):
    id: int
    position: str
    position_name: str
    number: int
    reason: str
    urgency: str
    status: str
    status_label: str
    requirements: str
    salary_min: Decimal
    salary_max: Decimal
    expected_start: datetime.date
    created_at: datetime.datetime
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    days_to_fill: int | None
    candidates: dict[str, int] = Field(description="How many candidates are at each status")


class RecruitmentDetailOut(RecruitmentOut):
    candidate_list: list[CandidateSummaryOut] = Field(
        description="Only for a client that may see candidates; never with personal data"
    )


def requests_for(client):
    """The requests the client's position may see (as for a person holding it)."""
    qs = RecruitmentRequest.objects.select_related("position")
    if client.has_perm("people.decide_recruitmentrequest"):
        return qs
    return qs.filter(position_id__in=selectors.below({client.position_id}))


def _request_row(r: RecruitmentRequest, counts: dict[str, int]) -> dict:
    return {
        "id": r.pk,
        "position": r.position.code,
        "position_name": r.position.name,
        "number": r.number,
        "reason": r.reason,
        "urgency": r.urgency,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "requirements": r.requirements,
        "salary_min": r.salary_min,
        "salary_max": r.salary_max,
        "expected_start": r.expected_start,
        "created_at": r.created_at,
        "opened_at": r.opened_at,
        "closed_at": r.closed_at,
        "days_to_fill": r.days_to_fill,
        "candidates": counts,
    }


def _counts(ids) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for row in (
        Candidate.objects.filter(request_id__in=ids)
        .values("request_id", "status")
        .annotate(n=Count("pk"))
    ):
        result[row["request_id"]][row["status"]] = row["n"]
    return result


@router.get(
    "/recruitment",
    response={200: list[RecruitmentOut], 400: Error, 401: Error, 403: Error},
    summary="Recruitment requests (no candidates' personal data)",
)
def recruitment_list(request, status: str | None = None, since: datetime.date | None = None):
    """The newest requests (at most 200), optionally of one status or created since a day."""
    _require(request, "people.view_recruitmentrequest")
    qs = requests_for(request.auth).order_by("-created_at", "-pk")
    if status:
        if status not in services.S.values:
            return 400, {"code": "invalid", "detail": _("Unknown status.")}
        qs = qs.filter(status=status)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    rows = list(qs[:LIST_LIMIT])
    counts = _counts([r.pk for r in rows])
    return 200, [_request_row(r, counts[r.pk]) for r in rows]


@router.get(
    "/recruitment/{pk}",
    response={200: RecruitmentDetailOut, 401: Error, 403: Error, 404: Error},
    summary="One recruitment request with its candidates' statuses",
)
def recruitment_detail(request, pk: int):
    _require(request, "people.view_recruitmentrequest")
    r = requests_for(request.auth).filter(pk=_id(pk)).first()
    if r is None:
        return 404, {"code": "not_found", "detail": _("No such recruitment request.")}
    row = _request_row(r, _counts([r.pk])[r.pk])
    row["candidate_list"] = []
    if request.auth.has_perm("people.decide_recruitmentrequest"):
        row["candidate_list"] = [
            {
                "id": c.pk,
                "status": c.status,
                "status_label": str(c.get_status_display()),
                "source": c.source,
                "scorecards": c.n,
                "average_score": Decimal(str(round(c.avg, 2))) if c.avg is not None else None,
                "created_at": c.created_at,
            }
            for c in r.candidates.annotate(n=Count("interviews"), avg=Avg("interviews__score"))
        ]
    return 200, row


# --- candidates --------------------------------------------------------------------------------


class CandidateOut(Schema):
    id: int
    request: int
    status: str
    status_label: str
    source: str
    name: str
    email: str
    phone: str
    start_date: datetime.date | None
    anonymised: bool


def candidates_for(client):
    """Candidates' personal data: only for a client acting as HR (who runs recruitment)."""
    if not client.has_perm("people.decide_recruitmentrequest"):
        return Candidate.objects.none()
    return Candidate.objects.select_related("request")


def _candidate(c: Candidate) -> dict:
    return {
        "id": c.pk,
        "request": c.request_id,
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "source": c.source,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "start_date": c.start_date,
        "anonymised": c.anonymised_at is not None,
    }


@router.get(
    "/candidates/{pk}",
    response={200: CandidateOut, 401: Error, 403: Error, 404: Error},
    summary="One candidate (personal data; HR's system only)",
)
def candidate_detail(request, pk: int):
    _require(request, "people.view_candidate")
    c = candidates_for(request.auth).filter(pk=_id(pk)).first()
    if c is None:
        return 404, {"code": "not_found", "detail": _("No such candidate.")}
    return 200, _candidate(c)


class CandidateStatusIn(Schema):
    action: Literal["screen", "interview", "offer", "reject", "accept"] = Field(
        description="screen, interview, offer (goes to the manager for approval), reject; "
        "accept is refused (409): it is done in the back office"
    )
    message: str = Field("", max_length=500)


@router.post(
    "/candidates/{pk}/status",
    response={
        200: CandidateOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        422: Error,
    },
    summary="Move a candidate along the pipeline",
)
def candidate_status(
    request,
    pk: int,
    payload: CandidateStatusIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):
    _require(request, "people.change_candidate")
    c = candidates_for(request.auth).filter(pk=_id(pk)).first()
    if c is None:
        return 404, {"code": "not_found", "detail": _("No such candidate.")}

    def effect():
        moved = services.candidate_move(
            actor=None,
            client=request.auth,
            candidate=c,
            action=payload.action,
            message=payload.message,
        )
        return 200, _candidate(moved)

    return run_once(
        client=request.auth,
        scope=f"people.candidate.{c.pk}",
        key=idempotency_key,
        body=payload.dict(),
        effect=effect,
    )
