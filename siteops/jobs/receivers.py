"""Record each periodic job's runs from the task framework's own signals (in the worker)."""

from __future__ import annotations

from django.tasks import TaskResultStatus

from . import health
from .schedule import BY_NAME


def _name(task_result) -> str | None:
    name = getattr(task_result.task, "module_path", None)
    return name if name in BY_NAME else None


def on_task_started(sender, task_result, **kwargs):
    if name := _name(task_result):
        health.record_started(name)


def on_task_finished(sender, task_result, **kwargs):
    if name := _name(task_result):
        ok = task_result.status == TaskResultStatus.SUCCESSFUL
        error = ""
        if not ok and task_result.errors:
            error = task_result.errors[-1].exception_class_path
        health.record_finished(name, ok=ok, enqueued_at=task_result.enqueued_at, error=error)
