"""Writes of the people area: staffing plans, recruitment requests, candidates, interviews.

State changes are one table per entity (TRANSITIONS) and a conditional UPDATE; every change is
an event row (``siteops.core.events.Event``) stamped with the position the actor used.
Appointments are made only through the org's public services (``siteops.org.services``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting
from siteops.org import services as org_services
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.choices import AssignmentKind
from siteops.org.models import Position, PositionAssignment

from . import personnel, selectors
from ._text import _text, _validation
from .choices import CandidateStatus, PlanStatus, RecruitmentStatus
from .models import (
    Candidate,
    Interview,
    PlanEvent,
    RecruitmentEvent,
    RecruitmentRequest,
    StaffingPlan,
    StaffingPlanLine,
)

S = RecruitmentStatus
C = CandidateStatus

# action -> (from statuses, to status, permission)
RECRUITMENT_TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "approve": ((S.PENDING,), S.APPROVED, "people.decide_recruitmentrequest"),
    "open": ((S.APPROVED,), S.OPEN, "people.decide_recruitmentrequest"),
    "hold": ((S.OPEN,), S.ON_HOLD, "people.decide_recruitmentrequest"),
    "resume": ((S.ON_HOLD,), S.OPEN, "people.decide_recruitmentrequest"),
    "fill": ((S.OPEN, S.ON_HOLD), S.FILLED, "people.decide_recruitmentrequest"),
    "cancel": ((S.PENDING, S.APPROVED, S.OPEN, S.ON_HOLD), S.CANCELLED, ""),
}
RECRUITMENT_ACTION_LABELS = {
    "approve": gettext_lazy("Approve"),
    "open": gettext_lazy("Open the recruitment"),
    "hold": gettext_lazy("Put on hold"),
    "resume": gettext_lazy("Resume"),
    "fill": gettext_lazy("Mark filled"),
    "cancel": gettext_lazy("Cancel"),
}

# candidate action -> (from statuses, to status)
CANDIDATE_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "screen": ((C.APPLIED,), C.SCREENED),
    "interview": ((C.SCREENED,), C.INTERVIEW),
    # The offer goes to the manager for approval (siteops.approvals); approving it makes it.
    "offer": ((C.INTERVIEW,), C.OFFER_PENDING),
    "accept": ((C.OFFER,), C.ACCEPTED),
    "reject": ((C.APPLIED, C.SCREENED, C.INTERVIEW, C.OFFER), C.REJECTED),
}
CANDIDATE_ACTION_LABELS = {
    "screen": gettext_lazy("Passed screening"),
    "interview": gettext_lazy("Invite to interview"),
    "offer": gettext_lazy("Propose an offer to the manager"),
    "accept": gettext_lazy("Offer accepted"),
    "reject": gettext_lazy("Reject"),
}

# --- staffing plans ------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor, year: int, planned: dict[int, int] | None = None, note: str = ""
) -> StaffingPlan:
    """A new version of the year's plan: lines copied from the last version (or the org)."""
    who = acting_for(actor, "people.manage_staffingplan")
    if not 2000 <= year <= 2100:
        raise DomainError(_("Enter a year between 2000 and 2100."), code="invalid")
    note = _text(note)
    previous = StaffingPlan.objects.filter(year=year).order_by("-version").first()
    if previous is not None and previous.status == PlanStatus.SUBMITTED:
        raise IllegalTransition(
            _("Version %(v)s is awaiting approval; withdraw it before drawing up another.")
            % {"v": previous.version}
        )
    base = dict(previous.lines.values_list("position_id", "planned")) if previous else {}
    with audited(who):
        plan = StaffingPlan.objects.create(
            year=year,
            version=(previous.version + 1) if previous else 1,
            note=note,
            created_by=actor,
        )
        lines = []
        for p in Position.objects.filter(department__kind="own"):
            n = (planned or {}).get(p.pk, base.get(p.pk, p.headcount))
            if not 0 <= int(n) <= 999:
                raise DomainError(_("A planned headcount is between 0 and 999."), code="invalid")
            lines.append(StaffingPlanLine(plan=plan, position=p, planned=int(n)))
        StaffingPlanLine.objects.bulk_create(lines)
        PlanEvent.objects.create(plan=plan, action="created", message=note, **who.event_fields())
    return plan


@transaction.atomic
def plan_set_line(*, actor, plan: StaffingPlan, position: Position, planned: int) -> None:
    who = acting_for(actor, "people.manage_staffingplan")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
        raise IllegalTransition(_("Only a draft plan can be changed; draw up a new version."))
    if not 0 <= planned <= 999:
        raise DomainError(_("A planned headcount is between 0 and 999."), code="invalid")
    with audited(who):
        n = StaffingPlanLine.objects.filter(plan=plan, position=position).update(planned=planned)
        if not n:
            raise DomainError(_("That position is not in the plan."))
        PlanEvent.objects.create(
            plan=plan,
            action="changed",
            message=_("%(position)s: planned %(n)s") % {"position": position, "n": planned},
            **who.event_fields(),
        )


def plan_submit(*, actor, plan: StaffingPlan, message: str = ""):
    """Send the plan to leadership and HR for approval (siteops.approvals)."""
    from siteops.approvals.services import approval_submit

    who = acting_for(actor, "people.manage_staffingplan")
    with transaction.atomic():
        n = StaffingPlan.objects.filter(
            pk=plan.pk, status__in=(PlanStatus.DRAFT, PlanStatus.REJECTED)
        ).update(status=PlanStatus.SUBMITTED)
        if n != 1:
            raise IllegalTransition(_("Only a draft plan can be submitted."))
        approval = approval_submit(obj=plan, who=who, message=message)
        PlanEvent.objects.create(
            plan=plan, action="submitted", message=_text(message), **who.event_fields()
        )
    plan.refresh_from_db()
    return approval


def _plan_decided(status: str, action: str):
    def callback(approval, who: Acting) -> None:
        plan = StaffingPlan.objects.get(pk=approval.object_id)
        StaffingPlan.objects.filter(pk=plan.pk, status=PlanStatus.SUBMITTED).update(
            status=status, decided_at=timezone.now()
        )
        PlanEvent.objects.create(plan=plan, action=action, **who.event_fields())

    return callback


plan_approved = _plan_decided(PlanStatus.APPROVED, "approved")
plan_rejected = _plan_decided(PlanStatus.REJECTED, "rejected")
plan_withdrawn = _plan_decided(PlanStatus.DRAFT, "withdrawn")


# --- recruitment requests ------------------------------------------------------------------


@transaction.atomic
def recruitment_request(
    *,
    actor,
    position: Position,
    number: int,
    reason: str,
    requirements: str,
    salary_min: Decimal,
    salary_max: Decimal,
    expected_start: datetime.date,
    urgency: str,
) -> RecruitmentRequest:
    """The manager asks HR & Administration to recruit (招聘需求)."""
    who = acting_for(actor, "people.add_recruitmentrequest")
    if position.department.kind != "own":
        raise NotAllowed(_("Recruitment requests are for the department's own positions."))
    req = RecruitmentRequest(
        position=position,
        number=number,
        reason=reason,
        requirements=_text(requirements, required=True, label=_("requirements")),
        salary_min=salary_min,
        salary_max=salary_max,
        expected_start=expected_start,
        urgency=urgency,
        requested_by=actor,
    )
    try:
        req.full_clean()
    except ValidationError as exc:
        raise _validation(exc) from exc
    with audited(who):
        req.save()
        RecruitmentEvent.objects.create(
            request=req, action="requested", to_status=req.status, **who.event_fields()
        )
    transaction.on_commit(lambda: _tell_hr(req))
    return req


def _tell_hr(req: RecruitmentRequest) -> None:
    from django.urls import reverse

    from siteops.org.selectors import resolve
    from siteops.work.choices import NotificationKind
    from siteops.work.notify import notify_people

    notify_people(
        resolve("HR-ADM").users,
        kind=NotificationKind.REVIEW,
        title=str(req),
        message=_("A recruitment request waits for HR & Administration."),
        link=reverse("admin:people_recruitment", args=[req.pk]),
    )


def headcount_check(req: RecruitmentRequest, year: int | None = None) -> None:
    """Refuse approving beyond the planned headcount, with the numbers."""
    from siteops.org.selectors import Staffing

    year = year or timezone.localdate().year
    planned = selectors.planned_headcount(req.position, year)
    holders = len(Staffing.current().holders.get(req.position_id, []))
    others = selectors.claimed(req.position, exclude_pk=req.pk)
    if holders + others + req.number > planned:
        raise DomainError(
            _(
                "Beyond the plan: %(position)s is planned at %(planned)s for %(year)s; "
                "%(holders)s hold it, %(others)s are being recruited by other requests, and "
                "this request asks for %(n)s more (%(total)s > %(planned)s)."
            )
            % {
                "position": req.position,
                "planned": planned,
                "year": year,
                "holders": holders,
                "others": others,
                "n": req.number,
                "total": holders + others + req.number,
            },
            code="beyond_plan",
        )


def allowed_recruitment_actions(user, req: RecruitmentRequest) -> list[tuple[str, str]]:
    result = []
    for action, (sources, _to, perm) in RECRUITMENT_TRANSITIONS.items():
        if req.status not in sources:
            continue
        if perm and not user.has_perm(perm):
            continue
        if not perm and not (
            user.has_perm("people.decide_recruitmentrequest") or req.requested_by_id == user.pk
        ):
            continue
        result.append((action, RECRUITMENT_ACTION_LABELS[action]))
    return result


@transaction.atomic
def recruitment_move(
    *, actor, request: RecruitmentRequest, action: str, message: str = ""
) -> RecruitmentRequest:
    if action not in RECRUITMENT_TRANSITIONS:
        raise IllegalTransition(_("Unknown action."))
    sources, target, perm = RECRUITMENT_TRANSITIONS[action]
    if perm:
        who = acting_for(actor, perm)
    else:  # cancelling: HR, or the manager who asked
        try:
            who = acting_for(actor, "people.decide_recruitmentrequest")
        except NotAllowed:
            who = acting_for(actor, "people.add_recruitmentrequest")
            if request.requested_by_id != actor.pk:
                raise NotAllowed(_("Only HR or the person who asked may cancel it.")) from None
    message = _text(message)
    request = RecruitmentRequest.objects.select_for_update().get(pk=request.pk)
    if action == "approve":
        headcount_check(request)
    old = request.status
    fields = {"status": target}
    if target == S.OPEN and request.opened_at is None:
        fields["opened_at"] = timezone.now()
    if target in (S.FILLED, S.CANCELLED):
        fields["closed_at"] = timezone.now()
    with audited(who):
        n = RecruitmentRequest.objects.filter(pk=request.pk, status__in=sources).update(**fields)
        if n != 1:
            raise IllegalTransition(
                _("This request is %(status)s; it cannot be moved that way.")
                % {"status": request.get_status_display()}
            )
        RecruitmentEvent.objects.create(
            request=request,
            action=action,
            from_status=old,
            to_status=target,
            message=message,
            **who.event_fields(),
        )
    request.refresh_from_db()
    return request


# --- candidates ----------------------------------------------------------------------------


@transaction.atomic
def candidate_add(
    *,
    actor,
    request: RecruitmentRequest,
    name: str,
    source: str,
    email: str = "",
    phone: str = "",
    notes: str = "",
    cv=None,
) -> Candidate:
    who = acting_for(actor, "people.add_candidate")
    if cv:
        cv_check(cv)
    request = RecruitmentRequest.objects.get(pk=request.pk)
    if request.status not in (S.OPEN,):
        raise IllegalTransition(_("Candidates are recorded while the recruitment is open."))
    cand = Candidate(
        request=request,
        name=_text(name, required=True, label=_("name"), max_length=100),
        source=source,
        email=_text(email, max_length=254),
        phone=_text(phone, max_length=32),
        notes=_text(notes),
    )
    if cv:
        cand.cv = cv
    try:
        cand.full_clean()
    except ValidationError as exc:
        raise _validation(exc) from exc
    with audited(who):
        cand.save()
        RecruitmentEvent.objects.create(
            request=request,
            candidate=cand,
            action="candidate_added",
            to_status=cand.status,
            **who.event_fields(),
        )
    return cand


CV_TYPES = {"pdf", "docx"}


def CV_STORAGE():  # noqa: N802 - the CV field's storage, looked up when used (tests swap it)
    return Candidate._meta.get_field("cv").storage


CV_MAX_BYTES = 10 * 1024 * 1024


def cv_check(upload) -> None:
    """A CV is a PDF or a Word document by its content (not its name), at most 10 MB."""
    from siteops.core.uploads import detected_extension

    if not upload.size:
        raise DomainError(_("The file is empty."), code="invalid")
    if upload.size > CV_MAX_BYTES:
        raise DomainError(_("The CV is too large (at most 10 MB)."), code="invalid")
    if detected_extension(upload, upload.name or "") not in CV_TYPES:
        raise DomainError(
            _("The CV must be a PDF or a Word (.docx) document; this file's content is not."),
            code="invalid",
        )


def candidate_actions(user, cand: Candidate) -> list[tuple[str, str]]:
    if not user.has_perm("people.change_candidate") or cand.request.status != S.OPEN:
        return []
    return [
        (a, CANDIDATE_ACTION_LABELS[a])
        for a, (src, _t) in CANDIDATE_TRANSITIONS.items()
        if cand.status in src
    ]


@transaction.atomic
def candidate_move(
    *,
    actor,
    candidate: Candidate,
    action: str,
    start_date: datetime.date | None = None,
    username: str = "",
    message: str = "",
    client=None,
) -> Candidate:
    """Move a candidate along the pipeline. An offer goes to the manager for approval.
    Accepting needs the start date: the person's user and their appointment from that day are
    made through the org services (and any acting cover of the position ends the day before),
    so it is done by a person in the back office, not by HR's system (``client``)."""
    if action not in CANDIDATE_TRANSITIONS:
        raise IllegalTransition(_("Unknown action."))
    who = acting_for(actor, "people.change_candidate", client=client)
    if action == "accept" and client is not None:
        raise IllegalTransition(
            _("Accepting an offer creates the person's account: HR does it in the back office."),
            code="back_office_only",
        )
    sources, target = CANDIDATE_TRANSITIONS[action]
    cand = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("request__position")
        .get(pk=candidate.pk)
    )
    req = cand.request
    if req.status != S.OPEN:
        raise IllegalTransition(_("Candidates are moved while the recruitment is open."))
    if action == "offer" and not cand.interviews.exists():
        raise DomainError(_("Record at least one interview scorecard before an offer."))
    old = cand.status
    fields: dict = {"status": target}
    if action == "accept":
        if start_date is None:
            raise DomainError(_("Enter the start date."), code="required")
        if start_date < timezone.localdate():
            raise DomainError(_("The start date cannot be in the past."), code="invalid")
        try:
            user = org_services.staff_user_create(
                actor=actor,
                username=_text(username, required=True, label=_("user name"), max_length=150),
                display_name=cand.name,
                email=cand.email,
                phone=cand.phone,
            )
            _end_acting_cover(actor, req.position, start_date)
            appointment = org_services.assignment_create(
                actor=actor,
                user=user,
                position=req.position,
                kind=AssignmentKind.HOLDER,
                start=start_date,
                reason=str(req),
            )
            # A new hire starts on probation; their superior is reminded before it ends.
            days = getattr(settings, "PEOPLE_PROBATION_DAYS", 90)
            personnel.start_probation(
                appointment, start_date + datetime.timedelta(days=days), who=who
            )
        except ValidationError as exc:
            raise _validation(exc) from exc
        fields.update(user=user, start_date=start_date)
    with audited(who):
        n = Candidate.objects.filter(pk=cand.pk, status__in=sources).update(**fields)
        if n != 1:
            raise IllegalTransition(_("This candidate has moved on meanwhile."))
        RecruitmentEvent.objects.create(
            request=req,
            candidate=cand,
            action=action,
            from_status=old,
            to_status=target,
            message=_text(message),
            **who.event_fields(),
        )
    if action == "offer":
        from siteops.approvals.services import approval_submit

        approval_submit(obj=cand, who=who, message=_text(message)[:500])
    if action == "accept":
        hired = Candidate.objects.filter(request=req, status=C.ACCEPTED).count()
        if hired >= req.number:
            recruitment_move(actor=actor, request=req, action="fill")
    cand.refresh_from_db()
    return cand


def _offer_decided(target: str, action: str):
    def callback(approval, who: Acting) -> None:
        cand = Candidate.objects.select_related("request").get(pk=approval.object_id)
        n = Candidate.objects.filter(pk=cand.pk, status=C.OFFER_PENDING).update(status=target)
        if n != 1:
            raise IllegalTransition(_("This candidate has moved on meanwhile."))
        RecruitmentEvent.objects.create(
            request=cand.request,
            candidate=cand,
            action=action,
            from_status=C.OFFER_PENDING,
            to_status=target,
            message=approval.message if action == "offer_approved" else "",
            **who.event_fields(),
        )

    return callback


offer_approved = _offer_decided(C.OFFER, "offer_approved")
offer_declined = _offer_decided(C.INTERVIEW, "offer_declined")


def _end_acting_cover(actor, position: Position, start: datetime.date) -> None:
    """Acting cover of the position ends the day before the new holder starts."""
    last_day = start - datetime.timedelta(days=1)
    for a in PositionAssignment.objects.filter(
        position=position, kind=AssignmentKind.ACTING
    ).filter(org_services.models_q_end_after(start)):
        org_services.assignment_end(actor=actor, assignment=a, end=last_day)


@transaction.atomic
def interview_score(
    *,
    actor,
    candidate: Candidate,
    round: int,
    score: int,
    recommendation: str,
    notes: str = "",
) -> Interview:
    """A panel member's scorecard for one round (the position's lead and manager, or HR)."""
    who = acting_for(actor, "people.add_interview")
    candidate = Candidate.objects.select_related("request__position").get(pk=candidate.pk)
    if not selectors.may_see_candidates(actor, candidate.request):
        raise NotAllowed(_("You are not on this recruitment's panel."))
    if candidate.status != C.INTERVIEW:
        raise IllegalTransition(_("Scorecards are recorded while the candidate is at interview."))
    card = Interview(
        candidate=candidate,
        round=round,
        interviewer=actor,
        position_code=who.position,
        score=score,
        recommendation=recommendation,
        notes=_text(notes),
    )
    try:
        card.full_clean()
    except ValidationError as exc:
        raise _validation(exc) from exc
    with audited(who):
        card.save()
        RecruitmentEvent.objects.create(
            request=candidate.request,
            candidate=candidate,
            action="scored",
            message=_("Round %(round)s: %(score)s/5") % {"round": round, "score": score},
            **who.event_fields(),
        )
    return card


ANONYMISED = "（已匿名）"


def candidates_anonymise(*, today: datetime.date | None = None) -> int:
    """PIPL: candidates' personal data of requests closed longer than the retention period ago
    is wiped (the hired person's data lives on in their user account); each one is logged."""
    days = getattr(settings, "PEOPLE_CANDIDATE_RETENTION_DAYS", 180)
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    )
    cutoff = now - datetime.timedelta(days=days)
    who = system_acting()
    done = 0
    due = Candidate.objects.filter(
        anonymised_at__isnull=True,
        request__status__in=(S.FILLED, S.CANCELLED),
        request__closed_at__lt=cutoff,
    ).values_list("pk", "request_id")
    for pk, request_id in due:
        with transaction.atomic(), audited(who):
            cv = Candidate.objects.filter(pk=pk).values_list("cv", flat=True).first()
            n = Candidate.objects.filter(pk=pk, anonymised_at__isnull=True).update(
                name=ANONYMISED, email="", phone="", notes="", cv="", anonymised_at=now
            )
            if n and cv:
                transaction.on_commit(lambda name=cv: CV_STORAGE().delete(name))
            if n:
                Interview.objects.filter(candidate_id=pk).update(notes="")
                RecruitmentEvent.objects.create(
                    request_id=request_id,
                    candidate_id=pk,
                    action="anonymised",
                    message=_("Personal data deleted after %(days)s days (retention period).")
                    % {"days": days},
                    **who.event_fields(),
                )
                done += 1
    return done
