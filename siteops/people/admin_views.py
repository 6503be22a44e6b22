"""Work screens of the people area: the staffing plan, recruitment requests and candidates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError, NotAllowed
from siteops.org.models import Position

from . import selectors, services
from .forms import (
    CandidateForm,
    CandidateMoveForm,
    PlanLineForm,
    PlanNewForm,
    RecruitmentForm,
    ScoreForm,
)
from .models import Candidate, StaffingPlan


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label} {e}".strip())


def _fail(request, exc) -> None:
    if isinstance(exc, NotAllowed):  # a button this person is not shown: a forged POST
        raise PermissionDenied(str(exc))
    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for m in msgs:
        messages.error(request, m)


def urlpatterns(site):
    # --- staffing plan -----------------------------------------------------------------

    def plan_index(request):
        _require(request, "people.view_staffingplan")
        year = timezone.localdate().year
        plan = selectors.plans_visible_to(request.user).filter(year=year).first()
        if plan is not None:
            return redirect("admin:people_plan", plan.pk)
        return site.render(
            request,
            "people/plan.html",
            {
                "plan": None,
                "year": year,
                "rows": selectors.plan_rows(None),
                "plans": selectors.plans_visible_to(request.user)[:50],
                "may_manage": request.user.has_perm("people.manage_staffingplan"),
                "may_request": request.user.has_perm("people.add_recruitmentrequest"),
            },
            title=_("Staffing plan"),
        )

    def plan_detail(request, pk):
        _require(request, "people.view_staffingplan")
        plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
        may_manage = request.user.has_perm("people.manage_staffingplan")
        return site.render(
            request,
            "people/plan.html",
            {
                "plan": plan,
                "year": plan.year,
                "rows": selectors.plan_rows(plan),
                "plans": selectors.plans_visible_to(request.user)[:50],
                "events": plan.events.select_related("actor").order_by("-at")[:50],
                "may_manage": may_manage,
                "editable": may_manage and plan.status in ("draft", "rejected"),
                "may_request": request.user.has_perm("people.add_recruitmentrequest"),
            },
            title=str(plan),
        )

    @require_POST
    def plan_new(request):
        _require(request, "people.manage_staffingplan")
        form = PlanNewForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return redirect("admin:people_plan_index")
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("admin:people_plan_index")
        messages.success(request, _("New plan version drawn up."))
        return redirect("admin:people_plan", plan.pk)

    @require_POST
    def plan_line(request, pk):
        _require(request, "people.manage_staffingplan")
        plan = get_object_or_404(StaffingPlan, pk=pk)
        form = PlanLineForm(request.POST)
        if form.is_valid():
            position = Position.objects.filter(code=form.cleaned_data["position"]).first()
            if position is None:
                messages.error(request, _("Unknown position."))
            else:
                try:
                    services.plan_set_line(
                        actor=request.user,
                        plan=plan,
                        position=position,
                        planned=form.cleaned_data["planned"],
                    )
                except DomainError as exc:
                    _fail(request, exc)
                else:
                    messages.success(request, _("Planned headcount saved."))
        else:
            _errors(request, form)
        return redirect("admin:people_plan", plan.pk)

    @require_POST
    def plan_submit(request, pk):
        _require(request, "people.manage_staffingplan")
        plan = get_object_or_404(StaffingPlan, pk=pk)
        try:
            services.plan_submit(
                actor=request.user, plan=plan, message=request.POST.get("message", "")
            )
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Sent to leadership and HR for approval."))
        return redirect("admin:people_plan", plan.pk)

    # --- recruitment ---------------------------------------------------------------------

    def recruitment_list(request):
        _require(request, "people.view_recruitmentrequest")
        qs = selectors.requests_visible_to(request.user)
        status = request.GET.get("status", "")
        if status in dict(services.S.choices):
            qs = qs.filter(status=status)
        return site.render(
            request,
            "people/recruitment_list.html",
            {
                "requests": qs[:200],
                "status": status,
                "statuses": services.S.choices,
                "may_request": request.user.has_perm("people.add_recruitmentrequest"),
            },
            title=_("Recruitment requests"),
        )

    def recruitment_new(request):
        _require(request, "people.add_recruitmentrequest")
        code = request.GET.get("position", "") or request.POST.get("position", "")
        position = (
            Position.objects.select_related("department")
            .filter(code=code[:16], department__kind="own")
            .first()
        )
        if request.method == "POST":
            form = RecruitmentForm(request.POST)
            if position is None:
                messages.error(request, _("Choose a position of the department."))
            elif form.is_valid():
                try:
                    req = services.recruitment_request(
                        actor=request.user, position=position, **form.cleaned_data
                    )
                except DomainError as exc:
                    _fail(request, exc)
                else:
                    messages.success(request, _("Recruitment request sent to HR & Administration."))
                    return redirect("admin:people_recruitment", req.pk)
        else:
            initial = {}
            if position is not None:
                vacant = selectors.Staffing.current().vacancies(position.pk)
                initial = {
                    "number": max(1, vacant),
                    "reason": "replacement" if vacant else "new",
                }
            form = RecruitmentForm(initial=initial)
        return site.render(
            request,
            "people/recruitment_new.html",
            {
                "form": form,
                "position": position,
                "positions": Position.objects.filter(department__kind="own"),
            },
            title=_("Request recruitment"),
        )

    def recruitment_detail(request, pk):
        _require(request, "people.view_recruitmentrequest")
        req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
        sees = selectors.may_see_candidates(request.user, req)
        candidates = list(selectors.candidates_visible_to(request.user, req))
        for c in candidates:
            c.actions = services.candidate_actions(request.user, c)
            c.may_score = (
                c.status == "interview" and request.user.has_perm("people.add_interview") and sees
            )
        year = timezone.localdate().year
        return site.render(
            request,
            "people/recruitment_detail.html",
            {
                "req": req,
                "actions": services.allowed_recruitment_actions(request.user, req),
                "candidates": candidates,
                "sees_candidates": sees,
                "may_add_candidate": request.user.has_perm("people.add_candidate")
                and req.status == "open",
                "planned": selectors.planned_headcount(req.position, year),
                "claimed": selectors.claimed(req.position, exclude_pk=req.pk),
                "events": req.events.select_related("actor", "candidate").order_by("-at")[:100]
                if sees
                else req.events.filter(candidate__isnull=True)
                .select_related("actor")
                .order_by("-at")[:100],
                "candidate_form": CandidateForm(),
                "score_form": ScoreForm(),
            },
            title=str(req),
        )

    @require_POST
    def recruitment_move(request, pk):
        _require(request, "people.view_recruitmentrequest")
        req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
        try:
            services.recruitment_move(
                actor=request.user,
                request=req,
                action=request.POST.get("action", "")[:16],
                message=request.POST.get("message", ""),
            )
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Recruitment request updated."))
        return redirect("admin:people_recruitment", req.pk)

    @require_POST
    def candidate_add(request, pk):
        _require(request, "people.add_candidate")
        req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
        form = CandidateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.candidate_add(actor=request.user, request=req, **form.cleaned_data)
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Candidate recorded."))
        else:
            _errors(request, form)
        return redirect("admin:people_recruitment", req.pk)

    def _candidate(request, pk) -> Candidate:
        cand = get_object_or_404(Candidate.objects.select_related("request__position"), pk=pk)
        if not selectors.may_see_candidates(request.user, cand.request):
            raise Http404
        return cand

    def candidate_cv(request, pk):
        _require(request, "people.view_candidate")
        cand = _candidate(request, pk)
        if not cand.cv:
            raise Http404
        ext = cand.cv.name.rsplit(".", 1)[-1]
        return FileResponse(cand.cv.open("rb"), as_attachment=True,
                            filename=f"CV-{cand.request_id}-{cand.pk}.{ext}")  # fmt: skip

    @require_POST
    def candidate_move(request, pk):
        _require(request, "people.change_candidate")
        cand = _candidate(request, pk)
        form = CandidateMoveForm(request.POST)
        if form.is_valid():
            try:
                services.candidate_move(actor=request.user, candidate=cand, **form.cleaned_data)
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Candidate updated."))
        else:
            _errors(request, form)
        return redirect("admin:people_recruitment", cand.request_id)

    @require_POST
    def candidate_score(request, pk):
        _require(request, "people.add_interview")
        cand = _candidate(request, pk)
        form = ScoreForm(request.POST)
        if form.is_valid():
            try:
                services.interview_score(actor=request.user, candidate=cand, **form.cleaned_data)
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Scorecard saved."))
        else:
            _errors(request, form)
        return redirect("admin:people_recruitment", cand.request_id)

    return _hr_urlpatterns(site) + [
        site.view("people/plan/", plan_index, "people_plan_index"),
        site.view("people/plan/new/", plan_new, "people_plan_new"),
        site.view("people/plan/<int:pk>/", plan_detail, "people_plan"),
        site.view("people/plan/<int:pk>/line/", plan_line, "people_plan_line"),
        site.view("people/plan/<int:pk>/submit/", plan_submit, "people_plan_submit"),
        site.view("people/recruitment/", recruitment_list, "people_recruitment_list"),
        site.view("people/recruitment/new/", recruitment_new, "people_recruitment_new"),
        site.view("people/recruitment/<int:pk>/", recruitment_detail, "people_recruitment"),
        site.view("people/recruitment/<int:pk>/move/", recruitment_move, "people_recruitment_move"),
        site.view("people/recruitment/<int:pk>/candidates/", candidate_add, "people_candidate_add"),
        site.view("people/candidates/<int:pk>/move/", candidate_move, "people_candidate_move"),
        site.view("people/candidates/<int:pk>/cv/", candidate_cv, "people_candidate_cv"),
        site.view("people/candidates/<int:pk>/score/", candidate_score, "people_candidate_score"),
    ]


def _hr_urlpatterns(site):
    """Appraisals, personnel requests and probations (MGR-08, CE/PLN/DEV-08)."""
    from decimal import Decimal, InvalidOperation

    from siteops.approvals.models import Approval
    from siteops.core.inputs import InputError, parse_date, parse_int
    from siteops.org.models import PositionAssignment

    from . import appraisals, personnel
    from .choices import CycleKind, PersonnelKind
    from .models import AppraisalCycle, HandoverItem

    def appraisal_list(request):
        _require(request, "people.view_appraisal")
        qs = selectors.appraisals_visible_to(request.user).order_by("-cycle__period_end", "pk")
        return site.render(
            request,
            "people/appraisal_list.html",
            {
                "appraisals": qs[:300],
                "cycles": AppraisalCycle.objects.all()[:50]
                if request.user.has_perm("people.view_appraisalcycle")
                else [],
                "may_manage": request.user.has_perm("people.manage_appraisalcycle"),
                "kinds": CycleKind.choices,
                "appraised": appraisals.appraised_positions()
                if request.user.has_perm("people.manage_appraisalcycle")
                else [],
            },
            title=_("Appraisals"),
        )

    def appraisal_detail(request, pk):
        _require(request, "people.view_appraisal")
        a = get_object_or_404(selectors.appraisals_visible_to(request.user), pk=pk)
        user = request.user
        mine = a.appraisee_id == user.pk
        try:
            appraisals.reviewer_standing(user, a)
            reviewer = a.phase == "review"
        except DomainError:
            reviewer = False
        return site.render(
            request,
            "people/appraisal_detail.html",
            {
                "a": a,
                "scores": a.scores.select_related("kpi"),
                "show_review": selectors.sees_review(user, a),
                "may_self": mine and a.phase == "self",
                "may_review": reviewer,
                "may_calibrate": not mine
                and a.phase == "calibration"
                and user.has_perm("people.manage_appraisalcycle"),
                "may_acknowledge": mine and a.phase == "shared",
                "not_mine": not mine,
                "events": a.events.select_related("actor").order_by("-at")
                if not mine or a.is_shared
                else a.events.filter(actor=user).order_by("-at"),
                "history": selectors.appraisals_visible_to(user)
                .filter(appraisee=a.appraisee)
                .exclude(pk=a.pk)
                .order_by("-cycle__period_end")[:20]
                if not mine
                else [],
            },
            title=str(a),
        )

    def person_page(request, user_id):
        """The person's HR page: appraisals across cycles, personnel requests, probations."""
        _require(request, "people.view_appraisal")
        from siteops.org.models import User

        person = get_object_or_404(User, pk=user_id if 0 < user_id < 2**31 else 0)
        if not selectors.person_visible_to(request.user, person):
            raise Http404
        return site.render(
            request,
            "people/person.html",
            {
                "person": person,
                "appointments": PositionAssignment.objects.filter(user=person)
                .select_related("position")
                .order_by("-start")[:50],
                "appraisals": selectors.appraisals_visible_to(request.user)
                .filter(appraisee=person)
                .order_by("-cycle__period_end", "-pk")[:100],
                "requests": selectors.personnel_visible_to(request.user).filter(person=person)[
                    :100
                ],
                "probations": selectors.probations_visible_to(request.user).filter(
                    assignment__user=person
                ),
            },
            title=str(person),
        )

    def _scores(request, a) -> dict:
        result = {}
        for s in a.scores.all():
            try:
                result[s.kpi_id] = parse_int(request.POST.get(f"kpi_{s.kpi_id}"), lo=1, hi=5)
            except InputError:
                raise DomainError(_("Score every KPI from 1 to 5.")) from None
        return result

    @require_POST
    def appraisal_act(request, pk):
        _require(request, "people.view_appraisal")
        a = get_object_or_404(selectors.appraisals_visible_to(request.user), pk=pk)
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "")
        try:
            if action == "self":
                appraisals.appraisal_self_review(
                    actor=request.user, appraisal=a, scores=_scores(request, a), comment=comment
                )
            elif action == "review":
                appraisals.appraisal_review(
                    actor=request.user, appraisal=a, scores=_scores(request, a), comment=comment
                )
            elif action == "calibrate":
                try:
                    score = Decimal(request.POST.get("final_score", "")[:8])
                except InvalidOperation:
                    raise DomainError(_("The final score is between 1 and 5.")) from None
                appraisals.appraisal_calibrate(
                    actor=request.user, appraisal=a, final_score=score, note=comment
                )
            elif action == "acknowledge":
                appraisals.appraisal_acknowledge(actor=request.user, appraisal=a)
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Appraisal updated."))
        return redirect("admin:people_appraisal", a.pk)

    @require_POST
    def cycle_new(request):
        _require(request, "people.manage_appraisalcycle")
        p = request.POST
        try:
            dates = {
                f: parse_date(p.get(f))
                for f in ("period_start", "period_end", "self_due", "review_due", "calibration_due")
            }
            kind = p.get("kind", "")
            if kind not in CycleKind.values:
                raise DomainError(_("Choose the kind of cycle."))
            codes = [c[:16] for c in p.getlist("positions")[:50]]
            c = appraisals.cycle_create(
                actor=request.user, name=p.get("name", ""), kind=kind,
                kpis=appraisals.parse_kpis(p.get("kpis", "")[:4000]), **dates,
                positions=list(Position.objects.filter(code__in=codes)),
            )  # fmt: skip
            n = appraisals.cycle_launch(actor=request.user, cycle=c)
        except InputError as exc:
            messages.error(request, str(exc))
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Cycle launched: %(n)s appraisals.") % {"n": n})
        return redirect("admin:people_appraisal_list")

    def personnel_list(request):
        _require(request, "people.view_personnelrequest")
        return site.render(
            request,
            "people/personnel_list.html",
            {
                "requests": selectors.personnel_visible_to(request.user)[:200],
                "probations": selectors.probations_visible_to(request.user)
                .filter(outcome="pending")
                .order_by("end_date")[:200],
                "may_file": request.user.has_perm("people.add_personnelrequest"),
                "may_set_probation": request.user.has_perm("people.change_probation"),
                "team": _team_assignments(request.user),
            },
            title=_("Personnel requests"),
        )

    def _team_assignments(user):
        ids = selectors.team_position_ids(user)
        if user.has_perm("people.change_probation") and user.has_perm(
            "people.view_all_personnelrequests"
        ):
            qs = PositionAssignment.objects.active().filter(position__department__kind="own")
        else:
            qs = PositionAssignment.objects.active().filter(position_id__in=ids)
        return (
            qs.filter(kind="holder")
            .exclude(user=user)
            .select_related("user", "position")
            .order_by("position__order")
        )

    def personnel_new(request):
        _require(request, "people.add_personnelrequest")
        team = _team_assignments(request.user).filter(
            position_id__in=selectors.team_position_ids(request.user)
        )
        if request.method == "POST":
            p = request.POST
            try:
                assignment = team.filter(pk=parse_int(p.get("assignment"), lo=1)).first()
                if assignment is None:
                    raise DomainError(_("Choose someone in your line."))
                new_position = None
                if p.get("new_position"):
                    new_position = Position.objects.filter(code=p["new_position"][:16]).first()
                req = personnel.personnel_file(
                    actor=request.user, kind=p.get("kind", "")[:16], assignment=assignment,
                    new_position=new_position, effective_date=parse_date(p.get("effective_date")),
                    reason=p.get("reason", ""),
                    appraisals=list(selectors.appraisals_visible_to(request.user).filter(
                        pk__in=[x for x in p.getlist("appraisals")[:20] if x.isdigit()])),
                )  # fmt: skip
            except InputError as exc:
                messages.error(request, str(exc))
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Filed; it now goes through approval."))
                return redirect("admin:people_personnel", req.pk)
        return site.render(
            request,
            "people/personnel_new.html",
            {
                "team": team,
                "kinds": PersonnelKind.choices,
                "positions": Position.objects.filter(department__kind="own"),
                "appraisals": selectors.appraisals_visible_to(request.user)
                .exclude(appraisee=request.user)
                .order_by("-cycle__period_end")[:50],
                "selected": request.GET.get("assignment", ""),
            },
            title=_("File a personnel request"),
        )

    def personnel_detail(request, pk):
        _require(request, "people.view_personnelrequest")
        req = get_object_or_404(selectors.personnel_visible_to(request.user), pk=pk)
        from django.contrib.contenttypes.models import ContentType

        approvals = Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(type(req)), object_id=req.pk
        ).order_by("-pk")
        dismissal = req.kind == PersonnelKind.DISMISS
        return site.render(
            request,
            "people/personnel_detail.html",
            {
                "req": req,
                "events": req.events.select_related("actor").order_by("at"),
                "approvals": approvals,
                "attached": req.appraisals.select_related("cycle"),
                # A dismissal lists the person's open work until it has moved to the position.
                "open_work": personnel.open_work_of(req.person, viewer=request.user)[:100]
                if dismissal and req.status in ("pending", "approved")
                else None,
                "handover": req.handover.select_related("done_by") if dismissal else None,
                "may_tick": request.user.has_perm("people.tick_handoveritem"),
            },
            title=str(req),
        )

    @require_POST
    def handover_tick(request, pk):
        _require(request, "people.tick_handoveritem")
        item = get_object_or_404(
            HandoverItem.objects.filter(
                request__in=selectors.personnel_visible_to(request.user).values("pk")
            ),
            pk=pk,
        )
        try:
            personnel.handover_tick(actor=request.user, item=item,
                                    note=request.POST.get("note", ""))  # fmt: skip
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Ticked off."))
        return redirect("admin:people_personnel", item.request_id)

    @require_POST
    def probation_set(request):
        _require(request, "people.change_probation")
        try:
            assignment = (
                _team_assignments(request.user)
                .filter(pk=parse_int(request.POST.get("assignment"), lo=1))
                .first()
            )
            if assignment is None:
                raise DomainError(_("Choose a current appointment."))
            personnel.probation_set(
                actor=request.user, assignment=assignment,
                end_date=parse_date(request.POST.get("end_date")),
            )  # fmt: skip
        except InputError as exc:
            messages.error(request, str(exc))
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Probation end date saved."))
        return redirect("admin:people_personnel_list")

    return [
        site.view("people/appraisals/", appraisal_list, "people_appraisal_list"),
        site.view("people/persons/<int:user_id>/", person_page, "people_person"),
        site.view("people/appraisals/<int:pk>/", appraisal_detail, "people_appraisal"),
        site.view("people/appraisals/<int:pk>/act/", appraisal_act, "people_appraisal_act"),
        site.view("people/cycles/new/", cycle_new, "people_cycle_new"),
        site.view("people/personnel/", personnel_list, "people_personnel_list"),
        site.view("people/personnel/new/", personnel_new, "people_personnel_new"),
        site.view("people/personnel/<int:pk>/", personnel_detail, "people_personnel"),
        site.view("people/probation/", probation_set, "people_probation_set"),
        site.view("people/handover/<int:pk>/tick/", handover_tick, "people_handover_tick"),
    ]
