from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Statistics reports: definitions, scheduled runs, the archive and its distribution."""

    name = "siteops.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Every app's reports.py registers its datasets (siteops.reports.datasets).
        from .datasets import autodiscover

        autodiscover()
