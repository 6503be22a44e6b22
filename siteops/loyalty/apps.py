from decimal import Decimal

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Setup approval of a points project (issue: "the sales lead approves the setup, large budgets
#: the manager"). Website Sales has one position, SAL-PRJ, whose superior in
#: siteops/org/data/org.py is LEAD (company leadership) — so LEAD approves every setup, and the
#: department manager too when the budget is worth more than ¥50 000 (points × value of a point).
PROJECT_STEPS = [("LEAD", None), ("MGR", Decimal("50000"))]
#: Audit of a batch (积分审核): a second process editor — with one PRC holder, approvals send the
#: step up PRC's reporting line (CE) because the generator never decides — and the manager too
#: above ¥10 000 of points.
BATCH_STEPS = [("PRC", None), ("MGR", Decimal("10000"))]
#: A manual adjustment of a member's points: the manager approves every one (the process editor
#: or chief editor asks; whoever asks never decides).
ADJUSTMENT_STEPS = [("MGR", None)]


class LoyaltyConfig(AppConfig):
    name = "siteops.loyalty"
    label = "loyalty"
    verbose_name = _("Points")

    def ready(self):
        from django.urls import reverse

        from siteops.approvals.registry import register
        from siteops.core import hooks

        from . import ledger, services

        hooks.provide("orders.points_spend", ledger.spend_for_order)
        hooks.provide("orders.status_changed", services.on_order_status_changed)
        from .models import Adjustment, Batch, Project

        register(
            Project,
            label=_("Points project setup"),
            default_steps=PROJECT_STEPS,
            value=lambda p: p.budget_value,
            submit_perm=services.SETUP_PERM,
            on_approved=services.on_project_approved,
            url=lambda p: reverse("admin:loyalty_project", args=[p.pk]),
        )
        register(
            Batch,
            label=_("Points batch audit"),
            default_steps=BATCH_STEPS,
            value=lambda b: (Decimal(b.total_points) * b.project.point_value).quantize(
                Decimal("0.01")
            ),
            submit_perm=services.BATCH_PERM,
            on_approved=services.on_batch_approved,
            on_rejected=services.on_batch_rejected,
            on_cancelled=services.on_batch_cancelled,
            url=lambda b: reverse("admin:loyalty_batch", args=[b.pk]),
        )
        register(
            Adjustment,
            label=_("Points adjustment"),
            default_steps=ADJUSTMENT_STEPS,
            value=lambda a: (Decimal(abs(a.points)) * a.member.project.point_value).quantize(
                Decimal("0.01")
            ),
            submit_perm=ledger.ADJUST_PERM,
            on_approved=ledger.on_adjustment_approved,
            on_rejected=ledger.on_adjustment_rejected,
            on_cancelled=ledger.on_adjustment_cancelled,
            url=lambda a: reverse("admin:loyalty_project", args=[a.member.project_id]),
        )
