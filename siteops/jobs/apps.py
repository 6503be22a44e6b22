from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "siteops.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self):
        from django.tasks.signals import task_finished, task_started

        from . import receivers

        task_started.connect(receivers.on_task_started, dispatch_uid="jobs_heartbeat_started")
        task_finished.connect(receivers.on_task_finished, dispatch_uid="jobs_heartbeat_finished")
