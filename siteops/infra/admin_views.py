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
from .models import Asset, Drift, Incident, ProcurementPlan


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
    def plan_submit(request, pk):
        plan = _plan(request, pk)
        try:
            services.plan_submit(actor=request.user, plan=plan)
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Submitted for approval."))
        return redirect("admin:infra_plan", pk)

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
             "in_repair": Asset.objects.filter(status="in_repair")[:50],
             "drifts": Drift.objects.filter(resolved_at__isnull=True).select_related("domain", "certificate")[:50]},
            title=_("IT and hosting"),
        )  # fmt: skip

    def my_equipment(request):
        """What is checked out to me; I accept each piece (any staff member, own items only)."""
        from .equipment import loan_accept
        from .models import EquipmentLoan

        mine = EquipmentLoan.objects.filter(person=request.user).select_related("asset")
        if request.method == "POST":
            loan = mine.filter(pk=_int(request.POST.get("loan", ""))).first()
            if loan is None:
                raise Http404(_("No such checkout."))
            try:
                loan_accept(actor=request.user, loan=loan)
            except DomainError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Accepted: %(asset)s") % {"asset": loan.asset})
            return redirect("admin:infra_my_equipment")
        return site.render(
            request, "infra/my_equipment.html",
            {"open": mine.filter(returned_on__isnull=True, written_off_on__isnull=True).order_by("checked_out_on", "pk")[:200],
             "closed": mine.exclude(returned_on__isnull=True, written_off_on__isnull=True).order_by("-checked_out_on", "-pk")[:50]},
            title=_("My equipment"),
        )  # fmt: skip

    def _selection(request, pk):
        from .models import ProviderSelection

        if not request.user.has_perm("infra.view_providerselection"):
            raise PermissionDenied
        found = ProviderSelection.objects.filter(pk=pk).first()
        if found is None:
            raise Http404(_("No such selection."))
        return found

    def selection_view(request, pk):
        from . import selection

        sel = _selection(request, pk)
        criteria = list(sel.criteria.all())
        rows = selection.ranking(sel)
        for row in rows:
            row["cells"] = [(c, row["scores"][c.pk]) for c in criteria]
        return site.render(
            request, "infra/selection.html",
            {"sel": sel, "criteria": criteria, "rows": rows, "chosen": sel.chosen,
             "complete": bool(rows) and all(r["complete"] for r in rows),
             "may_change": request.user.has_perm(selection.CHANGE_SELECTION)},
            title=str(sel),
        )  # fmt: skip

    @require_POST
    def selection_post(request, pk, action):
        from . import selection

        sel = _selection(request, pk)
        try:
            if action == "scores":
                scores = {}
                for key, value in list(request.POST.items())[:2000]:
                    if key.startswith("score_"):
                        cand, _sep, crit = key[6:].partition("_")
                        scores[(_int(cand), _int(crit))] = value.strip()[:12]
                selection.selection_score(actor=request.user, selection=sel, scores=scores)
            elif action == "decide":
                cand = sel.candidates.filter(pk=_int(request.POST.get("candidate", ""))).first()
                if cand is None:
                    raise ValidationError(_("Choose one of the candidates."))
                selection.selection_decide(actor=request.user, selection=sel, candidate=cand,
                                           reason=request.POST.get("reason", "")[:4000])  # fmt: skip
            elif action == "reopen":
                selection.selection_reopen(actor=request.user, selection=sel)
            else:
                raise Http404(_("No such step."))
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("admin:infra_selection", pk)

    return [
        site.view("infra/selections/<int:pk>/", selection_view, "infra_selection"),
        site.view(
            "infra/selections/<int:pk>/<str:action>/", selection_post, "infra_selection_post"
        ),
        site.view("infra/my-equipment/", my_equipment, "infra_my_equipment"),
        site.view("infra/", dashboard, "infra_dashboard"),
        site.view("infra/plans/<int:pk>/", plan_view, "infra_plan"),
        site.view("infra/plans/<int:pk>/submit/", plan_submit, "infra_plan_submit"),
        site.view("infra/plans/<int:pk>/order/", plan_order, "infra_plan_order"),
        site.view("infra/plans/<int:pk>/receive/", plan_receive, "infra_plan_receive"),
    ]


def _int(text: str) -> int:
    try:
        return int(str(text)[:12])
    except ValueError:
        return 0
