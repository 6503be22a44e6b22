from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "siteops.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from siteops.approvals.registry import register
        from siteops.core import hooks

        from . import documents, psb, sites
        from .models import Document

        # The manager drafts the department's rules; leadership approves them (the submitter
        # never decides their own submission).
        register(
            Document,
            label=_("Policy or operations document"),
            default_steps=[("LEAD", None)],
            on_approved=documents.on_approved,
            on_rejected=documents.on_rejected,
        )
        # A website marked live (infra) opens its 公安备案 task here.
        hooks.provide("infra.site_went_live", sites.psb_task_for_site)
        # The website's page (infra) shows its 公安备案 filing and its footer's licences.
        hooks.provide("infra.site_compliance", psb.site_compliance)
