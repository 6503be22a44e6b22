"""Is the machinery alive? Late periodic jobs and tasks whose worker died.

``late_jobs()``: a job is late when the first run the schedule asked for after its last
successful one (or after the job was first seen, on a new installation) is more than
``SITEOPS["JOB_LATE_MINUTES"]`` (15) minutes in the past — a stopped scheduler or worker shows up
within a quarter of an hour instead of silently doing nothing.

``stuck_tasks()``: tasks of the database queue still marked running although their worker stopped
sending heartbeats (``SITEOPS["WORKER_DEAD_SECONDS"]``), or, for a worker that never sent one,
running longer than ``SITEOPS["TASK_TIMEOUT_SECONDS"]``. ``requeue_stuck()`` puts them back in the
queue (tasks are idempotent); ``siteops worker`` does so by itself every few seconds.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import JobRun, TaskRequeue, WorkerHeartbeat
from .schedule import JOBS

log = logging.getLogger("siteops.jobs")


def late_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(settings.SITEOPS.get("JOB_LATE_MINUTES", 15)))


def worker_dead_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.SITEOPS.get("WORKER_DEAD_SECONDS", 60)))


def task_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.SITEOPS.get("TASK_TIMEOUT_SECONDS", 3600)))


@dataclass(frozen=True)
class LateJob:
    name: str  # the task's module path
    title: str  # the task's first docstring line (in English; shown with the name)
    due_at: datetime.datetime  # the run the schedule asked for and that has not succeeded
    minutes_late: int
    last_success_at: datetime.datetime | None


@dataclass(frozen=True)
class StuckTask:
    id: str
    name: str
    started_at: datetime.datetime | None
    worker_id: str


def _trigger(cron: str) -> CronTrigger:
    return CronTrigger.from_crontab(cron, timezone=timezone.get_default_timezone())


def _runs(now) -> dict[str, JobRun]:
    runs = {r.name: r for r in JobRun.objects.filter(name__in=[j.name for j in JOBS])}
    missing = [JobRun(name=j.name, first_seen_at=now) for j in JOBS if j.name not in runs]
    if missing:  # a new installation: the baseline from which lateness is counted
        JobRun.objects.bulk_create(missing, ignore_conflicts=True)
        runs = {r.name: r for r in JobRun.objects.filter(name__in=[j.name for j in JOBS])}
    return runs


def late_jobs(now: datetime.datetime | None = None) -> list[LateJob]:
    now = now or timezone.now()
    runs = _runs(now)
    late = []
    for job in JOBS:
        run = runs.get(job.name)
        if run is None:
            continue
        base = max(filter(None, [run.last_success_for, run.first_seen_at]))
        due = _trigger(job.cron).get_next_fire_time(None, base + datetime.timedelta(seconds=1))
        if due is not None and now - due > late_after():
            late.append(
                LateJob(
                    name=job.name,
                    title=str(job.title) or job.name,
                    due_at=due,
                    minutes_late=int((now - due).total_seconds() // 60),
                    last_success_at=run.last_success_at,
                )
            )
    return late


def record_started(name: str, at: datetime.datetime | None = None) -> None:
    JobRun.objects.filter(name=name).update(last_started_at=at or timezone.now())


def record_finished(name: str, *, ok: bool, enqueued_at=None, error: str = "") -> None:
    now = timezone.now()
    row, _ = JobRun.objects.get_or_create(name=name, defaults={"first_seen_at": now})
    if ok:
        JobRun.objects.filter(pk=row.pk).update(
            last_success_at=now, last_success_for=enqueued_at or now
        )
    else:
        JobRun.objects.filter(pk=row.pk).update(last_failure_at=now, last_error=error[:200])


# --- tasks whose worker died -----------------------------------------------------------------


def stuck_tasks(now: datetime.datetime | None = None) -> list[StuckTask]:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "task_path", "started_at", "worker_ids"
        )[:1000]
    )
    if not running:
        return []
    ids = {(t.worker_ids or [""])[-1] for t in running}
    beats = dict(
        WorkerHeartbeat.objects.filter(worker_id__in=ids).values_list("worker_id", "seen_at")
    )
    stuck = []
    for t in running:
        wid = (t.worker_ids or [""])[-1]
        seen = beats.get(wid)
        if seen is not None:
            dead = now - seen > worker_dead_after()
        else:  # a worker without heartbeats (plain db_worker): a per-task timeout
            dead = t.started_at is None or now - t.started_at > task_timeout()
        if dead:
            stuck.append(StuckTask(str(t.id), t.task_path, t.started_at, wid))
    return stuck


def requeue_stuck(now: datetime.datetime | None = None) -> int:
    """Put the tasks of dead workers back in the queue (once each: a conditional update)."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    done = 0
    for t in stuck_tasks(now):
        with transaction.atomic():
            if DBTaskResult.objects.filter(
                pk=t.id, status=TaskResultStatus.RUNNING, started_at=t.started_at
            ).update(status=TaskResultStatus.READY, started_at=None):
                TaskRequeue.objects.create(
                    task_id=t.id, task_path=t.name[:300], worker_id=t.worker_id
                )
                log.warning(
                    "Task %s (%s) of dead worker %s queued again", t.id, t.name, t.worker_id
                )
                done += 1
    return done


def status(now: datetime.datetime | None = None) -> dict:
    """What /healthz reports: names and times only, nothing secret."""
    now = now or timezone.now()
    late, stuck = late_jobs(now), stuck_tasks(now)
    return {
        "status": "late" if (late or stuck) else "ok",
        "checked_at": now.isoformat(),
        "late_after_minutes": int(late_after().total_seconds() // 60),
        "late_jobs": [
            {"job": j.name, "due_at": j.due_at.isoformat(), "minutes_late": j.minutes_late}
            for j in late
        ],
        "stuck_tasks": [
            {"task": t.name, "started_at": t.started_at.isoformat() if t.started_at else None}
            for t in stuck
        ],
    }
