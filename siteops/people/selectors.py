"""Reads of the people area, restricted by the org: who may see which request and candidate.

Visibility follows the reporting lines of the org on the day asked (acting cover included):
- HR & Administration (``people.decide_recruitmentrequest``) and leadership see every request;
- anyone else sees the requests for positions below one they hold or act for (the manager the
  department, a lead their team) and the ones they filed;
- a candidate's personal data: HR, and the request position's line inside its department (the
  manager and the lead: the panel) — not leadership, not peers, not other departments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from siteops.org.models import Position
from siteops.org.selectors import Staffing, positions_of

from .choices import PlanStatus, RecruitmentStatus
from .models import Candidate, RecruitmentRequest, StaffingPlan

# Requests that still claim headcount (the people they ask for are not yet on the org chart).
CLAIMING = (RecruitmentStatus.APPROVED, RecruitmentStatus.OPEN, RecruitmentStatus.ON_HOLD)


def _position_ids(user, at=None) -> set[int]:
    cache_key = f"_people_pos_{at}"
    cached = getattr(user, cache_key, None)
    if cached is None:
        cached = {a.position_id for a in positions_of(user, at)}
        setattr(user, cache_key, cached)
    return cached


def _sees_all(user) -> bool:
    if user.is_superuser or user.has_perm("people.decide_recruitmentrequest"):
        return True
    return Position.objects.filter(
        pk__in=_position_ids(user), department__kind="leadership"
    ).exists()


def line_of(position: Position) -> list[Position]:
    """The position's superiors inside its own department (its lead, the manager)."""
    return [p for p in position.chain() if p.department_id == position.department_id]


def below(position_ids: set[int]) -> set[int]:
    """Positions that report (directly or not) to any of ``position_ids``."""
    result: set[int] = set()
    parents = dict(Position.objects.values_list("pk", "reports_to_id"))
    for pk in parents:
        seen, boss = {pk}, parents[pk]
        while boss and boss not in seen:
            if boss in position_ids:
                result.add(pk)
                break
            seen.add(boss)
            boss = parents.get(boss)
    return result


def requests_visible_to(user) -> QuerySet[RecruitmentRequest]:
    qs = RecruitmentRequest.objects.select_related("position", "requested_by")
    if not user.is_authenticated or not user.has_perm("people.view_recruitmentrequest"):
        return qs.none()
    if _sees_all(user):
        return qs
    return qs.filter(Q(position_id__in=below(_position_ids(user))) | Q(requested_by=user))


def may_see_candidates(user, request: RecruitmentRequest) -> bool:
    if not user.is_authenticated or not user.has_perm("people.view_candidate"):
        return False
    if user.is_superuser or user.has_perm("people.decide_recruitmentrequest"):
        return True
    return bool(_position_ids(user) & {p.pk for p in line_of(request.position)})


def candidates_visible_to(user, request: RecruitmentRequest) -> QuerySet[Candidate]:
    qs = Candidate.objects.filter(request=request).prefetch_related("interviews__interviewer")
    return qs if may_see_candidates(user, request) else qs.none()


def plans_visible_to(user) -> QuerySet[StaffingPlan]:
    if not user.is_authenticated or not user.has_perm("people.view_staffingplan"):
        return StaffingPlan.objects.none()
    return StaffingPlan.objects.select_related("created_by")


def approved_plan(year: int) -> StaffingPlan | None:
    return (
        StaffingPlan.objects.filter(year=year, status=PlanStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def planned_headcount(position: Position, year: int) -> int:
    """The approved plan's headcount for the position that year; the org's headcount without one."""
    plan = approved_plan(year)
    if plan is not None:
        line = plan.lines.filter(position=position).first()
        if line is not None:
            return line.planned
    return position.headcount


def claimed(position: Position, *, exclude_pk: int | None = None) -> int:
    qs = RecruitmentRequest.objects.filter(position=position, status__in=CLAIMING)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(n=Sum("number"))["n"] or 0


@dataclass
class PlanRow:
    position: Position
    depth: int
    org_headcount: int
    planned: int
    holders: list
    acting: list
    open_requests: int
    vacancies: int  # the org chart's: headcount − holders

    @property
    def to_request(self) -> int:
        """People the plan allows that are neither on the chart nor already asked for."""
        return max(0, self.planned - len(self.holders) - self.open_requests)


def plan_rows(plan: StaffingPlan | None, at: datetime.date | None = None) -> list[PlanRow]:
    """Every position of the department(s) in the plan, with the org's own numbers (Staffing)."""
    staffing = Staffing(at)
    planned = {}
    if plan is not None:
        planned = dict(plan.lines.values_list("position_id", "planned"))
    claims = dict(
        RecruitmentRequest.objects.filter(status__in=CLAIMING)
        .values("position_id")
        .annotate(n=Sum("number"))
        .values_list("position_id", "n")
    )
    positions = [p for p in staffing.positions.values() if p.department.kind == "own"]
    ids = {p.pk for p in positions}
    children: dict[int | None, list[Position]] = {}
    for p in sorted(positions, key=lambda p: (p.order, p.code)):
        children.setdefault(p.reports_to_id if p.reports_to_id in ids else None, []).append(p)
    rows: list[PlanRow] = []

    def walk(p: Position, depth: int) -> None:
        rows.append(
            PlanRow(
                position=p,
                depth=depth,
                org_headcount=p.headcount,
                planned=planned.get(p.pk, p.headcount),
                holders=[a.user for a in staffing.holders.get(p.pk, [])],
                acting=list(staffing.acting.get(p.pk, [])),
                open_requests=claims.get(p.pk, 0),
                vacancies=staffing.vacancies(p.pk),
            )
        )
        for c in children.get(p.pk, []):
            walk(c, depth + 1)

    for p in children.get(None, []):
        walk(p, 0)
    return rows


# --- appraisals and personnel requests -------------------------------------------------------


def team_position_ids(user) -> set[int]:
    """Positions below the ones the user holds or acts for today (their line's subordinates)."""
    key = "_people_team_ids"
    cached = getattr(user, key, None)
    if cached is None:
        cached = below(_position_ids(user))
        setattr(user, key, cached)
    return cached


def appraisals_visible_to(user):
    """HR: every appraisal; a reviewer: exactly their subordinates' (acting cover included, for
    its duration); everyone: their own (whose review parts the screen shows once shared)."""
    from .models import Appraisal

    qs = Appraisal.objects.select_related("cycle", "appraisee", "position", "reviewer_position")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_perm("people.view_all_appraisals"):
        return qs
    return qs.filter(
        Q(appraisee=user) | (Q(position_id__in=team_position_ids(user)) & ~Q(appraisee=user))
    )


def sees_review(user, appraisal) -> bool:
    """The appraisee never sees an unshared review; their line and HR do."""
    return appraisal.appraisee_id != user.pk or appraisal.is_shared


def personnel_visible_to(user):
    """Confidential: the person's line (positions above theirs), HR and leadership only."""
    from .models import PersonnelRequest

    qs = PersonnelRequest.objects.select_related(
        "person", "assignment__position", "new_position", "filed_by"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_perm("people.view_all_personnelrequests"):
        return qs
    return qs.filter(assignment__position_id__in=team_position_ids(user)).exclude(person=user)


def probations_visible_to(user):
    from .models import Probation

    qs = Probation.objects.select_related("assignment__user", "assignment__position")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_perm("people.view_all_personnelrequests"):
        return qs
    return qs.filter(assignment__position_id__in=team_position_ids(user)).exclude(
        assignment__user=user
    )


def person_visible_to(viewer, person) -> bool:
    """A person's HR page (appraisals across cycles, personnel requests, probation): their line
    (who holds or acts for a position above one the person holds today), HR and leadership —
    not the person themselves, not peers."""
    if not viewer.is_authenticated or viewer.pk == person.pk:
        return False
    if viewer.is_superuser or viewer.has_perm("people.view_all_appraisals"):
        return True
    held = {a.position_id for a in positions_of(person)}
    if not held:  # someone who left: the line of the positions they last held
        from siteops.org.models import PositionAssignment

        last = PositionAssignment.objects.filter(user=person).order_by("-end").first()
        held = {last.position_id} if last else set()
    return bool(held & team_position_ids(viewer))
