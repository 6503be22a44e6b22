from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "siteops.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from django.urls import reverse

        from siteops.approvals.registry import register

        from . import services
        from .models import StaffingPlan

        # The staffing plan goes to company leadership and HR & Administration (MGR-07).
        register(
            StaffingPlan,
            label=_("Staffing plan"),
            default_steps=[("LEAD", None), ("HR-ADM", None)],
            submit_perm="people.manage_staffingplan",
            on_approved=services.plan_approved,
            on_rejected=services.plan_rejected,
            on_cancelled=services.plan_withdrawn,
            url=lambda plan: reverse("admin:people_plan", args=[plan.pk]),
        )
