from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "siteops.work"
    label = "work"
    verbose_name = _("Work")

    def ready(self):
        from siteops.org.signals import staffing_changed

        from . import deadline_work  # noqa: F401  (a passed deadline opens a work item)
        from .receivers import on_staffing_changed

        staffing_changed.connect(on_staffing_changed, dispatch_uid="work_reroute_on_staffing")
