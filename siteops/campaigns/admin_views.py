"""Work screens of campaigns: the board by stage, the month calendar, a campaign's page (plan,
approval, each position's task, budget, links, posts, events) and its POST actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text, parse_decimal, parse_int

from . import event_views, qr, selectors, services
from .choices import MANUAL_ACTIONS, STAGE_TRANSITIONS, Stage, UtmDimension
from .models import (
    BudgetLine,
    OfflineEvent,
    OverBudgetRequest,
    Plan,
    Registration,
    TrackedLink,
)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _campaign(request, pk):
    _require(request, "campaigns.view_campaign")
    campaign = selectors.campaigns_for(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def _fail(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def _pending_approval(plan):
    if plan is None:
        return None
    from django.contrib.contenttypes.models import ContentType

    from siteops.approvals.models import Approval

    return (
        Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(Plan), object_id=plan.pk
        )
        .order_by("-pk")
        .first()
    )


def urlpatterns(site):
    def board(request):
        _require(request, "campaigns.view_campaign")
        return site.render(
            request,
            "campaigns/board.html",
            {"columns": selectors.board(request.user)},
            title=_("Campaign board"),
        )

    def month(request):
        _require(request, "campaigns.view_campaign")
        today = datetime.date.today()
        try:
            year = parse_int(request.GET.get("year"), lo=2000, hi=2100, default=today.year)
            mon = parse_int(request.GET.get("month"), lo=1, hi=12, default=today.month)
        except InputError as exc:
            messages.error(request, str(exc))
            year, mon = today.year, today.month
        data = selectors.month(request.user, year, mon)
        return site.render(request, "campaigns/calendar.html", data, title=_("Campaign calendar"))

    def page(request, pk):
        campaign = _campaign(request, pk)
        user = request.user
        plan = Plan.objects.filter(campaign=campaign).first()
        tasks = (
            list(plan.tasks.select_related("work_item", "design_request").order_by("position_code"))
            if plan
            else []
        )
        actions = [
            (a, STAGE_TRANSITIONS[a][1])
            for a in MANUAL_ACTIONS
            if campaign.stage in STAGE_TRANSITIONS[a][0]
        ]
        labels = dict(Stage.choices)
        return site.render(
            request,
            "campaigns/campaign.html",
            {
                "campaign": campaign,
                "plan": plan,
                "approval": _pending_approval(plan),
                "tasks": tasks,
                "collisions": list(selectors.collisions(campaign)[:20]),
                "topic_page": selectors.topic_page(user, campaign),
                "lines": list(campaign.budget_lines.all()),
                "totals": selectors.budget_totals(campaign),
                "links": list(
                    campaign.links.select_related("source").annotate(clicks=Sum("days__clicks"))[
                        :100
                    ]
                )
                if user.has_perm("campaigns.view_trackedlink")
                else [],
                "posts": list(campaign.posts.select_related("source")[:100])
                if user.has_perm("campaigns.view_post")
                else [],
                "offline_events": list(campaign.offline_events.all()[:20]),
                "events": list(campaign.events.select_related("actor").order_by("-at", "-pk")[:50]),
                "actions": [(a, labels[to]) for a, to in actions],
                "can_change": user.has_perm("campaigns.change_campaign"),
                "can_plan": user.has_perm("campaigns.change_plan") and campaign.stage == Stage.IDEA,
                "can_commit": user.has_perm("campaigns.commit_budget"),
            },
            title=campaign.name,
        )

    def _post(perm, action):
        @require_POST
        def view(request, pk):
            _require(request, perm)
            campaign = _campaign(request, pk)
            try:
                message = action(request, campaign)
            except (DomainError, ValidationError, InputError) as exc:
                if isinstance(exc, DomainError) and exc.status_code == 403:
                    raise PermissionDenied from exc
                _fail(request, exc)
            else:
                messages.success(request, message)
            return redirect("admin:campaigns_campaign_page", campaign.pk)

        return view

    def move(request, campaign):
        action = request.POST.get("action", "")
        services.campaign_move(actor=request.user, campaign=campaign, action=action)
        campaign.refresh_from_db()
        return _("The campaign is now %(stage)s.") % {"stage": campaign.get_stage_display()}

    def plan_save(request, campaign):
        title = clean_text(request.POST.get("title", ""), max_length=120)
        if not title:
            raise InputError(_("Enter the plan's title."))
        body = clean_text(request.POST.get("body", ""), max_length=20000)
        budget = parse_decimal(request.POST.get("budget"), lo=0, hi=10**9, default=Decimal("0"))
        services.plan_save(
            actor=request.user, campaign=campaign, title=title, body=body, budget=budget,
            message=clean_text(request.POST.get("message", ""), max_length=200),
        )  # fmt: skip
        return _("The plan is saved.")

    def plan_submit(request, campaign):
        plan = Plan.objects.filter(campaign=campaign).first()
        if plan is None:
            raise DomainError(_("Write the plan first."))
        services.plan_submit(actor=request.user, plan=plan)
        return _("The plan is waiting for approval.")

    def money(request, campaign):
        line = BudgetLine.objects.filter(
            campaign=campaign, pk=parse_int(request.POST.get("line"), lo=1, hi=2**31)
        ).first()
        if line is None:
            raise DomainError(_("No such budget line."))
        amount = parse_decimal(request.POST.get("amount"), lo=0, hi=10**9)
        if request.POST.get("what") == "spend":
            services.budget_spend(actor=request.user, line=line, amount=amount)
            return _("Spending recorded.")
        result = services.budget_commit(actor=request.user, line=line, amount=amount)
        if isinstance(result, OverBudgetRequest):
            return _("This is beyond the approved budget: the commitment waits for the manager.")
        return _("Commitment recorded.")

    def checkin(request, pk):
        _require(request, "campaigns.view_registration")
        event = OfflineEvent.objects.select_related("campaign").filter(pk=pk).first()
        if event is None:
            raise Http404
        if request.method == "POST":
            _require(request, "campaigns.check_in_registration")
            try:
                code = clean_text(request.POST.get("code", ""), max_length=40)
                reg = services.registration_check_in(actor=request.user, code=code, event=event)
            except (DomainError, InputError) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": reg.name})
            return redirect("admin:campaigns_checkin", event.pk)
        limit = 500
        regs = list(event.registrations.order_by("name", "pk")[: limit + 1])
        return site.render(
            request,
            "campaigns/checkin.html",
            {
                "event": event,
                "registrations": regs[:limit],
                "more": len(regs) > limit,
                "limit": limit,
                "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
                "can_check_in": request.user.has_perm("campaigns.check_in_registration"),
            },
            title=_("Check-in list"),
        )

    def registration_qr(request, pk):
        _require(request, "campaigns.view_registration")
        reg = Registration.objects.filter(pk=pk).first()
        if reg is None:
            raise Http404
        return HttpResponse(qr.png(reg.code), content_type="image/png")

    def link_qr(request, pk):
        _require(request, "campaigns.view_trackedlink")
        link = TrackedLink.objects.filter(pk=pk).first()
        if link is None:
            raise Http404
        url = request.build_absolute_uri(reverse("campaigns:go", args=[link.code]))
        return HttpResponse(qr.png(url), content_type="image/png")

    def unmapped(request):
        _require(request, "campaigns.view_utmmapping")
        rows = selectors.unmapped_utm()
        labels = dict(UtmDimension.choices)
        for r in rows:
            r["label"] = labels[r["dimension"]]
        return site.render(
            request,
            "campaigns/unmapped.html",
            {"rows": rows, "can_map": request.user.has_perm("campaigns.add_utmmapping")},
            title=_("Unmapped UTM values"),
        )

    return [
        *event_views.urlpatterns(site),
        site.view("campaigns/utm/unmapped/", unmapped, "campaigns_unmapped"),
        site.view("campaigns/events/<int:pk>/checkin/", checkin, "campaigns_checkin"),
        site.view(
            "campaigns/registrations/<int:pk>/qr.png", registration_qr, "campaigns_registration_qr"
        ),
        site.view("campaigns/links/<int:pk>/qr.png", link_qr, "campaigns_link_qr"),
        site.view("campaigns/board/", board, "campaigns_board"),
        site.view("campaigns/calendar/", month, "campaigns_calendar"),
        site.view("campaigns/<int:pk>/page/", page, "campaigns_campaign_page"),
        site.view(
            "campaigns/<int:pk>/move/", _post("campaigns.change_campaign", move), "campaigns_move"
        ),
        site.view(
            "campaigns/<int:pk>/plan/", _post("campaigns.change_plan", plan_save), "campaigns_plan"
        ),
        site.view(
            "campaigns/<int:pk>/plan/submit/",
            _post("campaigns.change_plan", plan_submit),
            "campaigns_plan_submit",
        ),
        site.view(
            "campaigns/<int:pk>/money/", _post("campaigns.commit_budget", money), "campaigns_money"
        ),
    ]
