from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "siteops.infra"
    label = "infra"
    verbose_name = _("IT and hosting")

    def ready(self):
        from siteops.approvals.registry import register
        from siteops.core import hooks

        from . import equipment, selection, services
        from .models import ProcurementPlan, ProviderSelection

        # Leadership approves every procurement plan the manager files.
        register(
            ProcurementPlan,
            label=_("Procurement plan"),
            default_steps=[("LEAD", None)],
            value=lambda plan: plan.budget,
            on_approved=services.on_plan_approved,
            on_rejected=services.on_plan_rejected,
        )
        # Leadership approves the choice of a hosting provider, ISP line or equipment supplier.
        register(
            ProviderSelection,
            label=_("Provider selection"),
            default_steps=[("LEAD", None)],
            value=lambda s: s.chosen.quote if s.chosen_id else None,
            on_approved=selection.on_selection_approved,
            on_rejected=selection.on_selection_rejected,
        )
        # The separation hand-over checklist (people) lists what a person has not returned.
        hooks.provide("people_equipment_unreturned", equipment.unreturned_equipment)
