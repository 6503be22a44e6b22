"""Work screens: need triage, the project page (schedule, traceability), runs, defects, documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text, parse_date, parse_int

from . import selectors, services
from .choices import STATUS_BADGE, Assignee, DefectStatus, ExecutionStatus, NeedStatus, Severity
from .exports import document_response, test_report_response
from .models import Defect, Need, TechnicalDocument, TestExecution, TestRun
from .portal_views import urlpatterns as portal_urls
from .services import DEFECT_TRANSITIONS

ERRORS = (DomainError, ValidationError, InputError)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _fail(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Not found."))
    return obj


def urlpatterns(site):
    # --- needs ---------------------------------------------------------------------------
    def needs(request):
        _require(request, "vendors.triage_need")
        rows = list(selectors.needs_visible_to(request.user)[:300])
        targets = [n for n in rows if n.status in (NeedStatus.NEW, NeedStatus.ACCEPTED)]
        return site.render(
            request, "vendors/needs.html", {"rows": rows, "targets": targets},
            title=_("Triage of needs"),
        )  # fmt: skip

    @require_POST
    def need_triage(request, pk):
        _require(request, "vendors.triage_need")
        need = _get(Need.objects.all(), pk)
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.need_accept(actor=request.user, need=need)
            elif action == "merge":
                into = _get(Need.objects.all(), parse_int(request.POST.get("into"), lo=1))
                services.need_merge(actor=request.user, need=need, into=into)
            elif action == "reject":
                reason = clean_text(request.POST.get("reason", ""), max_length=2000)
                services.need_reject(actor=request.user, need=need, reason=reason)
            else:
                raise DomainError(_("Unknown step."))
            messages.success(request, _("Saved: %(t)s") % {"t": need.title})
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_needs")

    # --- project page ----------------------------------------------------------------------
    def project(request, pk):
        _require(request, "vendors.view_vendorproject")
        proj = _get(selectors.projects_visible_to(request.user), pk)
        baselines = list(proj.baselines.all())
        chosen = proj.reference_baseline
        if request.GET.get("baseline"):
            try:
                bid = parse_int(request.GET["baseline"], lo=1)
            except InputError as exc:
                _fail(request, exc)
                bid = None
            chosen = next((b for b in baselines if b.pk == bid), chosen)
        milestones = selectors.milestones_with_slip(proj, chosen)
        # a Gantt-style bar per milestone: its span from the earliest date to the latest
        dates = [d for m in milestones for d in (m.planned_date, m.expected, m.baseline_date) if d]
        if dates:
            lo, hi = min(dates), max(dates)
            span = max((hi - lo).days, 1)
            for m in milestones:
                start = min(d for d in (m.planned_date, m.baseline_date, m.expected) if d)
                m.bar_left = round((start - lo).days * 100 / span, 1)
                m.bar_width = max(round((m.expected - start).days * 100 / span, 1), 1)
        trace = selectors.traceability(proj)
        from .models import MilestoneDelay

        context = {
            "project": proj,
            "baselines": baselines,
            "chosen": chosen,
            "milestones": milestones,
            "delays": MilestoneDelay.objects.filter(milestone__project=proj)
            .select_related("milestone", "actor")
            .order_by("-at")[:50],
            "requirements": proj.requirements.select_related("need").order_by("code"),
            "documents": proj.documents.all()[:20],
            "reports": proj.status_reports.select_related("actor", "client")
            .prefetch_related("lines__milestone")
            .order_by("-week_ending", "-pk")[:8],
            "runs": TestRun.objects.filter(plan__project=proj).select_related("plan")[:50],
            "trace": trace,
            "today": timezone.localdate(),
        }
        return site.render(request, "vendors/project.html", context, title=str(proj))

    @require_POST
    def project_action(request, pk):
        _require(request, "vendors.view_vendorproject")
        proj = _get(selectors.projects_visible_to(request.user), pk)
        action = request.POST.get("action")
        try:
            if action == "baseline":
                services.baseline_take(
                    actor=request.user, project=proj,
                    name=clean_text(request.POST.get("name", ""), max_length=100),
                )  # fmt: skip
            elif action == "document":
                services.document_issue(
                    actor=request.user, project=proj,
                    note=clean_text(request.POST.get("note", ""), max_length=2000),
                )  # fmt: skip
            elif action in ("review", "baseline_req"):
                req = _get(proj.requirements.all(), parse_int(request.POST.get("req"), lo=1))
                fn = (
                    services.requirement_review
                    if action == "review"
                    else services.requirement_baseline
                )
                fn(actor=request.user, requirement=req)
            elif action in ("forecast", "deliver", "accept"):
                m = _get(proj.milestones.all(), parse_int(request.POST.get("milestone"), lo=1))
                if action == "forecast":
                    progress = request.POST.get("progress")
                    services.milestone_forecast(
                        actor=request.user, milestone=m,
                        new_date=parse_date(request.POST.get("date")),
                        reason=clean_text(request.POST.get("reason", ""), max_length=2000),
                        progress=parse_int(progress, lo=0, hi=100) if progress else None,
                    )  # fmt: skip
                elif action == "deliver":
                    run = None
                    if request.POST.get("run"):
                        run = _get(
                            TestRun.objects.filter(plan__project=proj),
                            parse_int(request.POST.get("run"), lo=1),
                        )
                    services.milestone_deliver(
                        actor=request.user, milestone=m,
                        actual_date=parse_date(request.POST.get("date")), run=run,
                    )  # fmt: skip
                else:
                    services.milestone_accept(actor=request.user, milestone=m)
            else:
                raise DomainError(_("Unknown step."))
            messages.success(request, _("Saved."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_project", pk=proj.pk)

    def traceability_xlsx(request, pk):
        _require(request, "vendors.view_vendorproject")
        proj = _get(selectors.projects_visible_to(request.user), pk)
        resp = HttpResponse(
            selectors.traceability_xlsx(proj),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resp["Content-Disposition"] = f'attachment; filename="traceability-{proj.code}.xlsx"'
        return resp

    # --- documents -------------------------------------------------------------------------
    def document(request, pk):
        _require(request, "vendors.view_technicaldocument")
        doc = _get(TechnicalDocument.objects.select_related("project__vendor"), pk)
        return document_response(site, request, doc, template="vendors/document.html")

    @require_POST
    def document_ack(request, pk):
        _require(request, "vendors.change_technicaldocument")
        doc = _get(TechnicalDocument.objects.all(), pk)
        try:
            services.document_acknowledge(
                actor=request.user, document=doc,
                signatory=clean_text(request.POST.get("signatory", ""), max_length=100),
            )  # fmt: skip
            messages.success(request, _("Acknowledgement recorded."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_document", pk=doc.pk)

    # --- runs ------------------------------------------------------------------------------
    def run(request, pk):
        _require(request, "vendors.view_testrun")
        r = _get(TestRun.objects.select_related("plan__project", "signed_off_by"), pk)
        if request.GET.get("format") == "pdf":
            return test_report_response(request, r, back=reverse("admin:vendors_run", args=[r.pk]))
        qs = r.executions.order_by("pk")
        status = request.GET.get("status", "")
        if status in ExecutionStatus.values:
            qs = qs.filter(status=status)
        else:
            status = ""
        # A page of executions at a time: a run of 2,000 cases renders 2,000 forms otherwise.
        page = Paginator(qs, RUN_PAGE_SIZE).get_page(request.GET.get("page"))
        executions = list(
            page.object_list.select_related(
                "case_revision", "position", "tested_by"
            ).prefetch_related("defects")
        )
        # A page renders up to RUN_PAGE_SIZE pairs of forms: what is the same on every row (the
        # options, the CSRF field, the permission to report a defect) is made once, not per row.
        memo: dict = {}
        is_open = r.status == "open"
        may_report = request.user.has_perm("vendors.add_defect")
        options = _options(ExecutionStatus.choices)
        status_labels = dict(ExecutionStatus.choices)
        defect_labels = dict(DefectStatus.choices)
        for e in executions:
            e.badge = STATUS_BADGE.get(e.status, "so-badge")
            e.may_record = is_open and services.may_execute(request.user, e, memo)
            e.may_defect = may_report and e.status in (
                ExecutionStatus.FAILED,
                ExecutionStatus.ERROR,
            )
            e.status_options = options[e.status]
            # get_FOO_display() rebuilds a hashable choices dict per call: look labels up once
            e.status_label = status_labels.get(e.status, e.status)
            for d in e.defects.all():
                d.status_label = defect_labels.get(d.status, d.status)
        return site.render(
            request,
            "vendors/run.html",
            {
                "run": r,
                "executions": executions,
                "page": page,
                "status": status,
                "summary": selectors.run_summary(r),
                "sign_off": selectors.sign_off_text(r),
                "may_sign_off": r.status == "open"
                and r.signed_off_at is None
                and request.user.has_perm(services.SIGN_OFF_PERM),
                "statuses": ExecutionStatus.choices,
                "severity_options": _options(Severity.choices)[Severity.MAJOR],
                "csrf_input": format_html(
                    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                    get_token(request),
                ),
            },
            title=str(r),
        )

    @require_POST
    def run_action(request, pk):
        _require(request, "vendors.view_testrun")
        r = _get(TestRun.objects.select_related("plan__project__vendor"), pk)
        action = request.POST.get("action")
        try:
            if action == "close":
                services.run_close(actor=request.user, run=r)
            elif action == "sign_off":
                services.run_sign_off(
                    actor=request.user, run=r,
                    note=clean_text(request.POST.get("note", ""), max_length=2000),
                )  # fmt: skip
            else:
                e = _get(
                    TestExecution.objects.filter(run=r).select_related("run", "case_revision"),
                    parse_int(request.POST.get("execution"), lo=1),
                )
                if action == "record":
                    services.execution_record(
                        actor=request.user, execution=e, status=request.POST.get("status", ""),
                        comment=clean_text(request.POST.get("comment", ""), max_length=4000),
                    )  # fmt: skip
                elif action == "defect":
                    severity = request.POST.get("severity", "major")
                    if severity not in Severity.values:
                        raise DomainError(_("Unknown severity."))
                    d = services.defect_from_execution(
                        actor=request.user, execution=e, severity=severity
                    )
                    messages.success(request, _("Defect created: %(d)s") % {"d": d})
                    return redirect("admin:vendors_defect", pk=d.pk)
                else:
                    raise DomainError(_("Unknown step."))
            messages.success(request, _("Saved."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_run", pk=r.pk)

    # --- defects ---------------------------------------------------------------------------
    def defect(request, pk):
        _require(request, "vendors.view_defect")
        d = _get(Defect.objects.select_related("project__vendor"), pk)
        steps = [a for a, (old, _new) in DEFECT_TRANSITIONS.items() if d.status in old]
        return site.render(
            request,
            "vendors/defect.html",
            {
                "defect": d,
                "steps": [(a, _STEP_LABELS[a]) for a in steps],
                "assignees": Assignee.choices,
                "events": d.events.select_related("actor").order_by("at", "pk"),
                "executions": d.executions.select_related("run", "case"),
            },
            title=str(d),
        )

    @require_POST
    def defect_action(request, pk):
        _require(request, "vendors.view_defect")
        d = _get(Defect.objects.select_related("project__vendor"), pk)
        try:
            services.defect_step(
                actor=request.user, defect=d, action=request.POST.get("action", ""),
                comment=clean_text(request.POST.get("comment", ""), max_length=2000),
                assignee=request.POST.get("assignee", ""),
            )  # fmt: skip
            messages.success(request, _("Saved."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_defect", pk=d.pk)

    # --- public beta feedback: triage makes a need or a defect of it --------------------------
    def beta_triage(request):
        from . import beta
        from .models import BetaFeedback, VendorProject

        _require(request, beta.TRIAGE_PERM)
        rows = list(
            BetaFeedback.objects.filter(status="new")
            .select_related("feature", "user")
            .order_by("created_at", "pk")[:100]
        )
        return site.render(
            request, "vendors/beta_triage.html",
            {"rows": rows, "projects": VendorProject.objects.order_by("code")[:200],
             "severities": Severity.choices},
            title=_("Triage of beta feedback"),
        )  # fmt: skip

    @require_POST
    def beta_triage_do(request, pk):
        from . import beta
        from .models import BetaFeedback, VendorProject

        _require(request, beta.TRIAGE_PERM)
        fb = _get(BetaFeedback.objects.all(), pk)
        action = request.POST.get("action", "")
        try:
            make, project = "", None
            if action in beta.MAKES:
                make = action
                if action == "defect":
                    project = _get(
                        VendorProject.objects.all(), parse_int(request.POST.get("project"), lo=1)
                    )
            elif action != "decline":
                raise DomainError(_("Unknown step."))
            severity = request.POST.get("severity", "major")
            if severity not in Severity.values:
                raise DomainError(_("Unknown severity."))
            beta.feedback_triage(
                actor=request.user, feedback=fb,
                status="declined" if action == "decline" else "accepted",
                note=clean_text(request.POST.get("note", ""), max_length=2000),
                make=make, project=project, severity=severity,
            )  # fmt: skip
            messages.success(request, _("Saved."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_beta_triage")

    # --- duplicate test cases: similar titles while a new case is typed ------------------------
    def similar_cases(request):
        _require(request, "vendors.add_testcase")
        from .models import TestPlan

        try:
            plan = TestPlan.objects.filter(pk=parse_int(request.GET.get("plan"), lo=1)).first()
            title = clean_text(request.GET.get("title", ""), max_length=200)
        except InputError:
            plan, title = None, ""
        rows = selectors.similar_cases(plan.project_id, title) if plan else []
        return JsonResponse(
            {
                "label": _("Similar existing cases (possible duplicates):"),
                "cases": [
                    {
                        "id": c.pk,
                        "title": c.title,
                        "score": score,
                        "url": reverse("admin:vendors_testcase_change", args=[c.pk]),
                    }
                    for c, score in rows
                ],  # fmt: skip
            }
        )

    return [
        site.view("vendors/cases/similar/", similar_cases, "vendors_similar_cases"),
        site.view("vendors/needs/", needs, "vendors_needs"),
        site.view("vendors/beta/triage/", beta_triage, "vendors_beta_triage"),
        site.view("vendors/beta/triage/<int:pk>/", beta_triage_do, "vendors_beta_triage_do"),
        site.view("vendors/needs/<int:pk>/triage/", need_triage, "vendors_need_triage"),
        site.view("vendors/projects/<int:pk>/", project, "vendors_project"),
        site.view("vendors/projects/<int:pk>/do/", project_action, "vendors_project_action"),
        site.view(
            "vendors/projects/<int:pk>/traceability.xlsx",
            traceability_xlsx,
            "vendors_traceability_xlsx",
        ),  # fmt: skip
        site.view("vendors/documents/<int:pk>/", document, "vendors_document"),
        site.view("vendors/documents/<int:pk>/ack/", document_ack, "vendors_document_ack"),
        site.view("vendors/runs/<int:pk>/", run, "vendors_run"),
        site.view("vendors/runs/<int:pk>/do/", run_action, "vendors_run_action"),
        site.view("vendors/defects/<int:pk>/", defect, "vendors_defect"),
        site.view("vendors/defects/<int:pk>/do/", defect_action, "vendors_defect_action"),
        *portal_urls(site),
    ]


RUN_PAGE_SIZE = 50


def _options(choices) -> dict:
    """``<option>``s of a select, once per selected value: {value: safe HTML}."""
    return {
        selected: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if v == selected else "", label) for v, label in choices),
        )  # fmt: skip
        for selected, _label in choices
    }


_STEP_LABELS = {
    "assign": gettext_lazy("Assign"),
    "fix": gettext_lazy("Mark fixed"),
    "retest": gettext_lazy("Send to retest"),
    "close": gettext_lazy("Close (retest passed)"),
    "reopen": gettext_lazy("Reopen"),
}
