"""Run the background task worker (django-tasks-db) with a heartbeat.

While it runs, a thread records the worker as alive every few seconds (``WorkerHeartbeat``) and
puts back in the queue the tasks of workers that stopped doing so (killed, machine lost): those
would otherwise stay "running" forever. Tasks are idempotent, so running one again is safe.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

log = logging.getLogger("siteops.jobs")


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="siteops-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stop = threading.Event()

    def beat(self) -> None:
        from siteops.jobs import health
        from siteops.jobs.models import WorkerHeartbeat

        now = timezone.now()
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen_at=now):
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id, host=socket.gethostname()[:100], pid=os.getpid(),
                started_at=now, seen_at=now,
            )  # fmt: skip
        if n := health.requeue_stuck(now):
            log.warning("%d task(s) of dead workers queued again", n)

    def run(self) -> None:
        from siteops.jobs import health

        every = max(1.0, health.worker_dead_after().total_seconds() / 6)
        while not self.stop.is_set():
            try:
                close_old_connections()
                self.beat()
            except Exception:  # a locked or unreachable database: try again next beat
                log.exception("worker heartbeat failed")
            self.stop.wait(every)
        connection.close()


class Command(BaseCommand):
    help = "Run the task worker that executes queued jobs (with a heartbeat)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args, **options):
        from siteops.jobs.models import WorkerHeartbeat

        worker_id = options["worker_id"] or f"{socket.gethostname()[:20]}-{get_random_string(12)}"
        beat = Heartbeat(worker_id)
        beat.beat()  # alive before the first task is claimed; reap at once
        beat.start()
        try:
            call_command("db_worker", interval=1.0, worker_id=worker_id, reload=False)
        finally:
            beat.stop.set()
            beat.join(timeout=5)
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
