from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "siteops.infra"
    label = "infra"
    verbose_name = _("IT and hosting")

    def ready(self):
        from siteops.approvals.registry import register

        from . import services
        from .models import ProcurementPlan

        # Leadership approves every procurement plan the manager files.
        register(
            ProcurementPlan,
            label=_("Procurement plan"),
            default_steps=[("LEAD", None)],
            value=lambda plan: plan.budget,
            on_approved=services.on_plan_approved,
            on_rejected=services.on_plan_rejected,
        )
