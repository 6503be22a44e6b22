"""Approval screens: the list (waiting for me / submitted by me / all), one approval's page, and
its one-click decisions (POST): approve, reject (with a comment), withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core import revisions
from siteops.core.errors import DomainError
from siteops.org.selectors import Staffing

from . import registry, selectors, services
from .choices import ApprovalStatus
from .registry import kind_label

TABS = ("waiting", "mine", "all")


def _back(request, default):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return redirect(nxt)
    return redirect(default)


def _visible(request, pk):
    approval = selectors.visible_approvals(request.user).filter(pk=pk).first()
    if approval is None:
        raise Http404
    return approval


def _object(approval):
    model = approval.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=approval.object_id).first()


def _changes(approval):
    """What the approver is asked to let through: the submitted revision against the live one."""
    if approval.revision is None:
        return None, None
    obj = _object(approval)
    live = getattr(obj, "live_revision", None)
    if live is not None and live.pk == approval.revision_id:
        live = None
    return revisions.diff(live, approval.revision), live


def _object_url(approval) -> str:
    entry = registry.kinds_by_name().get(approval.kind)
    if entry is None or entry.url is None:
        return ""
    obj = _object(approval)
    return entry.url(obj) if obj is not None else ""


def urlpatterns(site):
    def approval_list(request):
        tab = request.GET.get("tab", "waiting")
        if tab not in TABS:
            tab = "waiting"
        may_all = request.user.has_perm("approvals.view_approval")
        if tab == "all" and not may_all:
            raise PermissionDenied
        if tab == "waiting":
            rows = selectors.waiting_for(request.user, limit=200)
        elif tab == "mine":
            rows = list(selectors.submitted_by(request.user)[:200])
        else:
            rows = list(selectors.visible_approvals(request.user)[:200])
        return site.render(
            request,
            "approvals/list.html",
            {"rows": rows, "tab": tab, "may_all": may_all},
            title=_("Approvals"),
        )

    def approval_page(request, pk):
        approval = _visible(request, pk)
        staffing = Staffing.current()
        step = services.current_step(approval)
        deciders, may_decide = [], False
        if approval.status == ApprovalStatus.PENDING and step is not None:
            deciders, _res = services.approvers(approval, step, staffing)
            may_decide = any(u.pk == request.user.pk for u in deciders)
        changes, live = _changes(approval)
        return site.render(
            request,
            "approvals/approval.html",
            {
                "fields": changes,
                "live_revision": live,
                "object_url": _object_url(approval),
                "approval": approval,
                "kind_label": kind_label(approval.kind),
                "steps": list(approval.steps.all()),
                "events": list(approval.events.all()),
                "step": step,
                "deciders": deciders,
                "may_decide": may_decide,
                "may_cancel": services.may_cancel(request.user, approval),
                "own": approval.actor_id == request.user.pk,
            },
            title=_("Approval: %(object)s") % {"object": approval.object_label},
        )

    def _decide(request, pk, action):
        approval = _visible(request, pk)
        comment = request.POST.get("comment", "")
        try:
            if action == "approve":
                services.approval_approve(actor=request.user, approval=approval, comment=comment)
                messages.success(request, _("Approved."))
            elif action == "reject":
                services.approval_reject(actor=request.user, approval=approval, comment=comment)
                messages.success(request, _("Rejected; the author and earlier approvers are told."))
            else:
                services.approval_cancel(actor=request.user, approval=approval, reason=comment)
                messages.success(request, _("Withdrawn from approval."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return _back(request, "admin:approvals_approval_list")

    @require_POST
    def approve(request, pk):
        return _decide(request, pk, "approve")

    @require_POST
    def reject(request, pk):
        return _decide(request, pk, "reject")

    @require_POST
    def cancel(request, pk):
        return _decide(request, pk, "cancel")

    return [
        site.view("approvals/", approval_list, "approvals_approval_list"),
        site.view("approvals/<int:pk>/", approval_page, "approvals_approval"),
        site.view("approvals/<int:pk>/approve/", approve, "approvals_approve"),
        site.view("approvals/<int:pk>/reject/", reject, "approvals_reject"),
        site.view("approvals/<int:pk>/cancel/", cancel, "approvals_cancel"),
    ]
