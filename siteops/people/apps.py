from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "siteops.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from decimal import Decimal

        from django.urls import reverse

        from siteops.approvals.registry import register

        from . import personnel, services
        from .models import Candidate, PersonnelRequest, StaffingPlan

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
        # An offer HR proposes is approved by the manager (MGR-07) before it is made.
        register(
            Candidate,
            label=_("Offer to a candidate"),
            default_steps=[("MGR", None)],
            submit_perm="people.change_candidate",
            on_approved=services.offer_approved,
            on_rejected=services.offer_declined,
            on_cancelled=services.offer_declined,
            url=lambda cand: reverse("admin:people_recruitment", args=[cand.request_id]),
        )
        # Personnel requests: the manager's step only when a lead filed (value 1 > 0), then HR,
        # and leadership for a dismissal, promotion, demotion or transfer (MGR-08, CE-08 …).
        common = dict(
            model=PersonnelRequest,
            submit_perm="people.add_personnelrequest",
            on_approved=personnel.on_approved,
            on_rejected=personnel.on_rejected,
            on_cancelled=personnel.on_cancelled,
            url=lambda req: reverse("admin:people_personnel", args=[req.pk]),
        )
        register(
            personnel.KIND_CONFIRM,
            label=_("Confirmation after probation"),
            default_steps=[("MGR", Decimal(0)), ("HR-ADM", None)],
            **common,
        )
        register(
            personnel.KIND_CHANGE,
            label=_("Dismissal, promotion, demotion or transfer"),
            default_steps=[("MGR", Decimal(0)), ("HR-ADM", None), ("LEAD", None)],
            **common,
        )
