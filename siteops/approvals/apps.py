from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "siteops.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from .workbench import register_sections

        register_sections()
