"""A task whose worker died does not stay RUNNING forever: it is queued again and runs once."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from siteops.jobs import health
from siteops.jobs.models import TaskRequeue, WorkerHeartbeat

ROOT = settings.BASE_DIR


def _task_row(args, *, status=TaskResultStatus.READY, worker=None, started=None):
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), status=status, task_path="siteops.jobs.tests.slow_task.slow_idempotent",
        args_kwargs={"args": args, "kwargs": {}}, queue_name="default", backend_name="default",
        run_after=get_date_max(), worker_ids=[worker] if worker else [], started_at=started,
    )  # fmt: skip


def test_running_task_of_a_silent_worker_is_requeued_once(db, client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=now - datetime.timedelta(minutes=5))
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=now)
    dead = _task_row(["/nonexistent", 0], status="RUNNING", worker="dead", started=now)
    _task_row(["/nonexistent", 0], status="RUNNING", worker="alive", started=now)
    # A worker without heartbeats (plain db_worker): only after the per-task timeout.
    old = _task_row(["/nonexistent", 0], status="RUNNING", worker="plain",
                    started=now - datetime.timedelta(hours=2))  # fmt: skip
    _task_row(["/nonexistent", 0], status="RUNNING", worker="plain", started=now)
    assert {t.id for t in health.stuck_tasks(now)} == {str(dead.id), str(old.id)}
    # Meanwhile the alarm shows them.
    body = client.get("/healthz").json()
    assert body["status"] == "late" and len(body["stuck_tasks"]) == 2
    assert health.requeue_stuck(now) == 2
    assert health.requeue_stuck(now) == 0
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.READY and dead.started_at is None
    assert TaskRequeue.objects.count() == 2


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "-m", "siteops.cli", "worker"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def _wait(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_the_task_runs_again_and_completes_once(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the subprocess worker shares the test database file (SQLite)")
    db_file = connection.settings_dict["NAME"]
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SITEOPS_TESTING": "1",
        "DATABASE_URL": f"sqlite:///{db_file}", "SITEOPS_WORKER_DEAD_SECONDS": "3",
        "SITEOPS_SQLITE_CONN_MAX_AGE": "0",
    }  # fmt: skip
    row = _task_row([str(tmp_path), 4.0])
    first = _worker(env)
    try:
        _wait(lambda: (tmp_path / "started").exists(), 60, "the task to start")
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-task
        first.wait(10)
        row.refresh_from_db()
        assert row.status == TaskResultStatus.RUNNING and not (tmp_path / "done").exists()
        second = _worker(env)
        try:
            _wait(
                lambda: DBTaskResult.objects.filter(pk=row.pk, status="SUCCESSFUL").exists(),
                90, "the task to run again",
            )  # fmt: skip
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(20)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert (tmp_path / "started").read_text().count("x") == 2  # interrupted, then run again
    assert (tmp_path / "completed").read_text().count("x") == 1  # completed once
    assert TaskRequeue.objects.filter(task_id=str(row.pk)).count() == 1
    assert not WorkerHeartbeat.objects.filter(pid=second.pid).exists()  # a clean stop says so
