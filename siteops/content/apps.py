from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "siteops.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self):
        from django.urls import reverse

        from siteops.approvals.registry import register

        from . import services
        from .models import Page

        def url(page):
            return reverse("admin:content_page_detail", args=[page.pk])

        common = dict(
            model=Page,
            on_approved=services.on_approved,
            on_rejected=services.on_rejected,
            on_cancelled=services.on_cancelled,
            url=url,
            submit_perm="content.change_page",
        )
        # Documents and static pages: the chief editor approves (CPY → CE).
        register(services.PAGE_KIND, label=_("Document or page"), default_steps=[("CE", None)],
                 **common)  # fmt: skip
        # Topic pages: the activity planner checks, then the chief editor approves (ACT-02).
        register(services.TOPIC_KIND, label=_("Topic page"),
                 default_steps=[("ACT", None), ("CE", None)], **common)  # fmt: skip
