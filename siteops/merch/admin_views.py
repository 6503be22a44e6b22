"""Work screens of merchandising: a plan with "plan vs live" and its actions, the art editor's
queue of requested ad images."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import services
from .choices import PLAN_EDITABLE, PlanStatus
from .forms import ImageUploadForm, ReturnPlanForm
from .models import AdRequest
from .selectors import art_queue, plan_vs_live, plans_visible_to


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _plan_for(request, pk: int):
    _require(request, "merch.view_shelfplan")
    plan = plans_visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def _error(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.error(request, str(exc))


def urlpatterns(site):
    def plan_detail(request, pk):
        plan = _plan_for(request, pk)
        user = request.user
        diff = plan_vs_live(plan)
        can_carry_out = user.has_perm("merch.carry_out_shelfplan")
        return site.render(
            request,
            "merch/plan_detail.html",
            {
                "plan": plan,
                "diff": diff,
                "can_submit": user.has_perm("merch.submit_shelfplan")
                and plan.status in PLAN_EDITABLE,
                "can_edit": user.has_perm("merch.change_shelfplan")
                and plan.status in PLAN_EDITABLE,
                "can_start": can_carry_out and plan.status == PlanStatus.SUBMITTED,
                "can_apply": can_carry_out
                and plan.status in (PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS),
                "can_complete": can_carry_out and plan.status == PlanStatus.IN_PROGRESS,
                "can_return": can_carry_out
                and plan.status in (PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS),
                "return_form": ReturnPlanForm(),
            },
            title=_("Plan vs live: %(plan)s") % {"plan": plan.title},
        )

    def _plan_action(perm, action):
        @require_POST
        def view(request, pk):
            _require(request, perm)
            plan = _plan_for(request, pk)
            try:
                message = action(request, plan)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError) and exc.status_code == 403:
                    raise PermissionDenied from exc
                _error(request, exc)
            else:
                messages.success(request, message)
            return redirect("admin:merch_plan", pk=plan.pk)

        return view

    def do_submit(request, plan):
        services.plan_submit(actor=request.user, plan=plan)
        return _("Plan submitted: the product editor has it now.")

    def do_start(request, plan):
        services.plan_start(actor=request.user, plan=plan)
        return _("You are carrying out this plan.")

    def do_apply(request, plan):
        result = services.plan_apply(actor=request.user, plan=plan)
        for obj, reason in result.skipped:
            messages.warning(request, f"{obj}: {reason}")
        return _("%(slots)s, %(ads)s.") % {
            "slots": ngettext("%d slot created", "%d slots created", len(result.slots_created))
            % len(result.slots_created),
            "ads": ngettext("%d ad scheduled", "%d ads scheduled", len(result.ads_created))
            % len(result.ads_created),
        }

    def do_complete(request, plan):
        services.plan_complete(actor=request.user, plan=plan)
        return _("Plan marked as carried out.")

    def do_return(request, plan):
        form = ReturnPlanForm(request.POST)
        reason = form.data.get("reason", "")
        services.plan_return(actor=request.user, plan=plan, reason=reason)
        return _("Plan returned to Purchasing.")

    def queue(request):
        _require(request, "merch.upload_ad_image")
        return site.render(
            request,
            "merch/art_queue.html",
            {"requests": art_queue(request.user), "form": ImageUploadForm()},
            title=_("Ad images to make"),
        )

    def _request_for(request, pk) -> AdRequest:
        _require(request, "merch.upload_ad_image")
        return get_object_or_404(art_queue(request.user), pk=pk)

    @require_POST
    def upload(request, pk):
        ad_request = _request_for(request, pk)
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
            return redirect("admin:merch_art_queue")
        try:
            services.ad_request_upload_image(
                actor=request.user, ad_request=ad_request, image=form.cleaned_data["image"]
            )
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Image uploaded. Mark it ready when it is final."))
        return redirect("admin:merch_art_queue")

    @require_POST
    def ready(request, pk):
        ad_request = _request_for(request, pk)
        try:
            services.ad_request_mark_ready(actor=request.user, ad_request=ad_request)
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Image marked ready for the product editor."))
        return redirect("admin:merch_art_queue")

    carry = "merch.carry_out_shelfplan"
    return [
        site.view("merch/plans/<int:pk>/", plan_detail, "merch_plan"),
        site.view(
            "merch/plans/<int:pk>/submit/",
            _plan_action("merch.submit_shelfplan", do_submit),
            "merch_plan_submit",
        ),
        site.view("merch/plans/<int:pk>/start/", _plan_action(carry, do_start), "merch_plan_start"),
        site.view("merch/plans/<int:pk>/apply/", _plan_action(carry, do_apply), "merch_plan_apply"),
        site.view(
            "merch/plans/<int:pk>/complete/",
            _plan_action(carry, do_complete),
            "merch_plan_complete",
        ),
        site.view(
            "merch/plans/<int:pk>/return/", _plan_action(carry, do_return), "merch_plan_return"
        ),
        site.view("merch/art/", queue, "merch_art_queue"),
        site.view("merch/art/<int:pk>/upload/", upload, "merch_art_upload"),
        site.view("merch/art/<int:pk>/ready/", ready, "merch_art_ready"),
    ]
