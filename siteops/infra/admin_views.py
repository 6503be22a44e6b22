"""Work screens of IT and hosting: a procurement plan (order, receive), the equipment dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import services
from .models import Asset, Incident, ProcurementPlan


def _errors(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def urlpatterns(site):
    def _plan(request, pk):
        if not request.user.has_perm("infra.view_procurementplan"):
            raise PermissionDenied
        plan = ProcurementPlan.objects.filter(pk=pk).first()
        if plan is None:
            raise Http404(_("No such procurement plan."))
        return plan

    def plan_view(request, pk):
        plan = _plan(request, pk)
        return site.render(
            request, "infra/plan.html",
            {"plan": plan, "options": plan.options.all(), "assets": plan.assets.all(),
             "may_change": request.user.has_perm(services.CHANGE_PLAN)},
            title=str(plan),
        )  # fmt: skip

    @require_POST
    def plan_order(request, pk):
        plan = _plan(request, pk)
        try:
            services.plan_order(
                actor=request.user,
                plan=plan,
                purchase_order=request.POST.get("purchase_order", "")[:100],
            )
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Ordered."))
        return redirect("admin:infra_plan", pk)

    @require_POST
    def plan_receive(request, pk):
        plan = _plan(request, pk)
        try:
            assets = services.plan_receive(
                actor=request.user, plan=plan, serials=request.POST.get("serials", "")[:20_000].splitlines(),
                location=request.POST.get("location", "")[:200],
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Received: %(n)d assets created.") % {"n": len(assets)})
        return redirect("admin:infra_plan", pk)

    def dashboard(request):
        if not request.user.has_perm("infra.view_asset"):
            raise PermissionDenied
        return site.render(
            request, "infra/dashboard.html",
            {"missing": services.missing_counts(),
             "open_incidents": Incident.objects.filter(ended_at__isnull=True).select_related("monitor")[:50],
             "in_repair": Asset.objects.filter(status="in_repair")[:50]},
            title=_("IT and hosting"),
        )  # fmt: skip

    return [
        site.view("infra/", dashboard, "infra_dashboard"),
        site.view("infra/plans/<int:pk>/", plan_view, "infra_plan"),
        site.view("infra/plans/<int:pk>/order/", plan_order, "infra_plan_order"),
        site.view("infra/plans/<int:pk>/receive/", plan_receive, "infra_plan_receive"),
    ]
