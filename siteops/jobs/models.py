"""The heartbeat of periodic jobs and task workers: when each last ran, so lateness shows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last runs of one periodic job of siteops/jobs/schedule.py."""

    name = models.CharField(_("job"), max_length=200)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_success_for = models.DateTimeField(
        _("last successful run was due at"), null=True, blank=True,
        help_text=_("When the last successful run was queued by the scheduler."),
    )  # fmt: skip
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="jobs_jobrun_unique_name")]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A task worker that is alive says so every few seconds; a silent one has died."""

    worker_id = models.CharField(_("worker"), max_length=64)
    host = models.CharField(_("host"), max_length=100, blank=True)
    pid = models.IntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-seen_at"]
        constraints = [models.UniqueConstraint(fields=["worker_id"], name="jobs_worker_unique_id")]

    def __str__(self) -> str:
        return self.worker_id


class TaskRequeue(models.Model):
    """A task found running on a worker that had died, put back in the queue to run again."""

    task_id = models.CharField(_("task"), max_length=64, db_index=True)
    task_path = models.CharField(_("task path"), max_length=300)
    worker_id = models.CharField(_("dead worker"), max_length=64, blank=True)
    at = models.DateTimeField(_("requeued at"), default=timezone.now)

    class Meta:
        verbose_name = _("requeued task")
        verbose_name_plural = _("requeued tasks")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.task_path} {self.task_id}"
