from decimal import Decimal

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: the manager decides a plan too when its budget is above this (the planning lead always)
PLAN_MGR_THRESHOLD = Decimal("20000")


class CampaignsConfig(AppConfig):
    name = "siteops.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from django.urls import reverse

        from siteops.approvals.registry import register
        from siteops.content.blocks import register as register_block

        from . import services
        from .blocks import EventSignup, PointsClaim
        from .models import OverBudgetRequest, Plan

        register(
            Plan,
            label=_("Campaign plan"),
            default_steps=[("PLN", None), ("MGR", PLAN_MGR_THRESHOLD)],
            value=lambda plan: plan.budget,
            submit_perm="campaigns.change_plan",
            on_approved=services.on_plan_approved,
            on_rejected=services.on_plan_returned,
            on_cancelled=services.on_plan_returned,
            url=lambda plan: reverse("admin:campaigns_campaign_page", args=[plan.campaign_id]),
        )
        # Committing beyond the approved budget waits for the manager (ACT-01).
        register(
            OverBudgetRequest,
            label=_("Over-budget commitment"),
            default_steps=[("MGR", None)],
            value=lambda request: request.amount,
            submit_perm="campaigns.commit_budget",
            on_approved=services.on_over_budget_approved,
            on_rejected=services.on_over_budget_refused,
            on_cancelled=services.on_over_budget_refused,
            url=lambda request: reverse(
                "admin:campaigns_campaign_page", args=[request.line.campaign_id]
            ),
        )
        register_block(EventSignup)
        register_block(PointsClaim)
