from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Statistics reports: definitions, scheduled runs, the archive and its distribution."""

    name = "siteops.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Every app's reports.py registers its datasets (siteops.reports.datasets).
        from siteops.core import hooks

        from .datasets import autodiscover

        autodiscover()
        from .site import register_site

        register_site()  # the roll-up of every dataset registered above (PRC-07)
        hooks.provide("menu.sees_a_report", _sees_a_report)


def _sees_a_report(user) -> bool:
    """Asked on every back-office page (the menu): stops at the first report the user may see."""
    from .datasets import all_datasets

    return any(d.visible_to(user) for d in all_datasets())
