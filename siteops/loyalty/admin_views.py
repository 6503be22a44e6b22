"""Work screens of the points area: ask for a project (Sales), a project's page (setup, rules,
members import with preview, approval, batches), a batch's page (totals, per-member lines,
submit to audit, issue)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.approvals.models import Approval
from siteops.core.errors import DomainError

from . import services
from .choices import MemberStatus
from .forms import GenerateForm, MembersForm, RequestForm, RuleForm, SetupForm
from .models import Adjustment, Batch, Member, ProjectEvent
from .selectors import batches_visible_to, claim_pools_of, projects_visible_to


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _error(request, exc):
    messages.error(request, str(exc))


def _approvals(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return Approval.objects.filter(content_type=ct, object_id=obj.pk).order_by("-pk")[:5]


def urlpatterns(site):
    def request_new(request):
        _require(request, services.REQUEST_PERM)
        form = RequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                project = services.project_request(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Your request was sent to the process editor."))
                return redirect("admin:loyalty_project", project.pk)
        return site.render(request, "loyalty/request.html", {"form": form},
                           title=_("Ask for a points project"))  # fmt: skip

    def project_detail(request, pk):
        _require(request, "loyalty.view_project")
        project = get_object_or_404(projects_visible_to(request.user), pk=pk)
        can_setup = request.user.has_perm(services.SETUP_PERM)
        members = project.members.values("status").annotate(n=Count("pk")).order_by("status")
        context = {
            "project": project,
            "can_setup": can_setup,
            "can_batch": request.user.has_perm(services.BATCH_PERM),
            "setup_form": SetupForm(instance=project),
            "rule_form": RuleForm(),
            "members_form": MembersForm(),
            "generate_form": GenerateForm(),
            "rules": project.rule_versions.select_related("created_by"),
            "member_counts": [(MemberStatus(m["status"]).label, m["n"]) for m in members],
            "recent_members": project.members.select_related("customer").order_by("-pk")[:20],
            "batches": project.batches.select_related("generated_by")[:20],
            "events": ProjectEvent.objects.filter(project=project)
            .select_related("actor", "client").order_by("-at", "-pk")[:30],
            "approvals": _approvals(project),
            "can_adjust": request.user.has_perm("loyalty.adjust_points"),
            "adjustments": Adjustment.objects.filter(member__project=project)
            .select_related("member__customer", "requested_by")[:20],
            "preview": None,
            "claim_pools": claim_pools_of(project)[:20]
            if request.user.has_perm("loyalty.view_claimpool") else [],
        }  # fmt: skip
        return site.render(request, "loyalty/project.html", context, title=str(project))

    def _project_post(request, pk, perm):
        _require(request, perm)
        return get_object_or_404(projects_visible_to(request.user), pk=pk)

    @require_POST
    def project_setup(request, pk):
        project = _project_post(request, pk, services.SETUP_PERM)
        try:
            services.project_setup(actor=request.user, project=project, data=request.POST)
        except DomainError as exc:
            _error(request, exc)
        except ValidationError as exc:  # from full_clean: cross-field rules
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Saved."))
        return redirect("admin:loyalty_project", pk)

    @require_POST
    def project_action(request, pk, action):
        project = _project_post(request, pk, services.SETUP_PERM)
        fn = {"submit": lambda: services.project_submit(actor=request.user, project=project,
                                                        message=request.POST.get("message", "")),
              "activate": lambda: services.project_activate(actor=request.user, project=project),
              "close": lambda: services.project_close(actor=request.user, project=project)}  # fmt: skip
        if action not in fn:
            raise PermissionDenied
        try:
            fn[action]()
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Done."))
        return redirect("admin:loyalty_project", pk)

    @require_POST
    def rule_add(request, pk):
        project = _project_post(request, pk, services.SETUP_PERM)
        try:
            rule = services.rule_add(actor=request.user, project=project, data=request.POST)
        except DomainError as exc:
            _error(request, exc)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Rule version %d added.") % rule.version)
        return redirect("admin:loyalty_project", pk)

    @require_POST
    def members_upload(request, pk):
        project = _project_post(request, pk, services.SETUP_PERM)
        form = MembersForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file."))
            return redirect("admin:loyalty_project", pk)
        upload = form.cleaned_data["file"]
        try:
            if request.POST.get("do") == "import":
                added, bad = services.members_import(actor=request.user, project=project,
                                                     upload=upload)  # fmt: skip
                messages.success(request, _("%(n)d members added; %(b)d rows had errors.")
                                 % {"n": added, "b": len(bad)})  # fmt: skip
                return redirect("admin:loyalty_project", pk)
            rows = services.members_preview(actor=request.user, project=project, upload=upload)
        except DomainError as exc:
            _error(request, exc)
            return redirect("admin:loyalty_project", pk)
        return site.render(
            request, "loyalty/members_preview.html",
            {"project": project, "rows": rows, "good": sum(1 for r in rows if not r.errors),
             "bad": sum(1 for r in rows if r.errors)},
            title=_("Members to import: %s") % project,
        )  # fmt: skip

    @require_POST
    def member_status(request, pk):
        _require(request, services.SETUP_PERM)
        member = get_object_or_404(Member, pk=pk)
        try:
            services.member_set_status(actor=request.user, member=member,
                                       status=request.POST.get("status", ""))  # fmt: skip
        except DomainError as exc:
            _error(request, exc)
        return redirect("admin:loyalty_project", member.project_id)

    @require_POST
    def batch_generate(request, pk):
        project = _project_post(request, pk, services.BATCH_PERM)
        try:
            batch, created = services.batch_generate(
                actor=request.user, project=project,
                start=request.POST.get("start"), end=request.POST.get("end"),
            )  # fmt: skip
        except DomainError as exc:
            _error(request, exc)
            return redirect("admin:loyalty_project", pk)
        if not created:
            messages.info(request, _("This period's batch exists already; nothing new was made."))
        return redirect("admin:loyalty_batch", batch.pk)

    def batch_detail(request, pk):
        _require(request, "loyalty.view_batch")
        batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
        per_member = (
            batch.awards.values("member_id", "member__customer__username")
            .annotate(points=Sum("points"), n=Count("pk"))
            .order_by("-points", "member_id")[:500]
        )
        see_lines = request.user.has_perm("loyalty.view_award")
        lines = (batch.awards.select_related("member__customer", "order", "rule")[:500]
                 if see_lines else [])  # fmt: skip
        return site.render(
            request, "loyalty/batch.html",
            {"batch": batch, "per_member": per_member if see_lines else [], "lines": lines,
             "approvals": _approvals(batch),
             "can_batch": request.user.has_perm(services.BATCH_PERM)},
            title=_("Points batch %s") % batch,
        )  # fmt: skip

    @require_POST
    def batch_action(request, pk, action):
        _require(request, services.BATCH_PERM)
        batch = get_object_or_404(Batch.objects.select_related("project"), pk=pk)
        try:
            if action == "submit":
                services.batch_submit(actor=request.user, batch=batch,
                                      message=request.POST.get("message", ""))  # fmt: skip
                messages.success(request, _("Sent to audit."))
            elif action == "issue":
                n = services.batch_issue(actor=request.user, batch=batch)
                messages.success(request, _("%d ledger entries booked; members are told.") % n)
            else:
                raise PermissionDenied
        except DomainError as exc:
            _error(request, exc)
        return redirect("admin:loyalty_batch", pk)

    @require_POST
    def adjust(request, pk):
        """Ask for a manual adjustment of a member's points (the manager approves it)."""
        from . import ledger

        project = _project_post(request, pk, ledger.ADJUST_PERM)
        who = (request.POST.get("customer") or "").strip()[:150]
        member = (
            project.members.select_related("project", "customer")
            .filter(Q(customer__username=who) | Q(customer__email__iexact=who))
            .first()
            if who else None
        )  # fmt: skip
        if member is None:
            messages.error(request, _("No member of this project with this login name or email."))
            return redirect("admin:loyalty_project", pk)
        try:
            ledger.adjustment_request(actor=request.user, member=member,
                                      points=request.POST.get("points"),
                                      reason=request.POST.get("reason", ""))  # fmt: skip
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The adjustment was sent for approval."))
        return redirect("admin:loyalty_project", pk)

    return [
        site.view("loyalty/projects/request/", request_new, "loyalty_project_request"),
        site.view("loyalty/projects/<int:pk>/adjust/", adjust, "loyalty_adjust"),
        site.view("loyalty/projects/<int:pk>/", project_detail, "loyalty_project"),
        site.view("loyalty/projects/<int:pk>/setup/", project_setup, "loyalty_project_setup"),
        site.view("loyalty/projects/<int:pk>/rules/", rule_add, "loyalty_rule_add"),
        site.view("loyalty/projects/<int:pk>/members/", members_upload, "loyalty_members"),
        site.view("loyalty/projects/<int:pk>/generate/", batch_generate, "loyalty_generate"),
        site.view("loyalty/projects/<int:pk>/<slug:action>/", project_action,
                  "loyalty_project_action"),
        site.view("loyalty/members/<int:pk>/status/", member_status, "loyalty_member_status"),
        site.view("loyalty/batches/<int:pk>/", batch_detail, "loyalty_batch"),
        site.view("loyalty/batches/<int:pk>/<slug:action>/", batch_action, "loyalty_batch_action"),
    ]  # fmt: skip
