"""Run web server, task worker and scheduler together in the foreground (what `make demo` does).

A child that dies is started again after a back-off (1 s, doubling to 60 s; reset once it has run
for a minute), and each exit and restart is logged; the others keep running. Ctrl-C or SIGTERM
stops all three. In production run each process under systemd instead (docs/operations.md).
"""

import logging
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

log = logging.getLogger("siteops.run_all")

CHILDREN = ("serve", "worker", "scheduler")
BACKOFF_FIRST, BACKOFF_MAX, STABLE_AFTER = 1.0, 60.0, 60.0


class Child:
    def __init__(self, name: str):
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.backoff = BACKOFF_FIRST
        self.restart_at: float | None = None
        self.restarts = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "siteops.cli", self.name], start_new_session=True
        )
        self.started = time.monotonic()
        self.restart_at = None


class Command(BaseCommand):
    help = "Start the server, the worker and the scheduler; restart any that dies; stop on Ctrl-C."

    def handle(self, *args, **options):
        port = os.environ.get("PORT", "8000")
        children = {name: Child(name) for name in CHILDREN}
        for child in children.values():
            child.start()
        logins = settings.VAR_DIR / "demo-logins.txt"
        self.stdout.write(self.style.SUCCESS(f"\nSiteOps is running: http://127.0.0.1:{port}/"))
        self.stdout.write(f"Back office: http://127.0.0.1:{port}/backoffice/")
        if logins.exists():
            self.stdout.write(logins.read_text())
        self.stdout.flush()

        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            now = time.monotonic()
            for child in children.values():
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        child.restarts += 1
                        self._say(
                            f"run-all: starting {child.name} again (restart {child.restarts})"
                        )
                        child.start()
                    continue
                code = child.proc.poll()
                if code is None:
                    if now - child.started > STABLE_AFTER:
                        child.backoff = BACKOFF_FIRST
                    continue
                if now - child.started > STABLE_AFTER:
                    child.backoff = BACKOFF_FIRST
                self._say(
                    f"run-all: {child.name} exited with {code}; restarting in {child.backoff:g} s"
                )
                child.restart_at = now + child.backoff
                child.backoff = min(child.backoff * 2, BACKOFF_MAX)
            time.sleep(0.2)
        procs = [c.proc for c in children.values() if c.proc is not None]
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        sys.exit(0)

    def _say(self, message: str) -> None:
        log.warning(message)  # the console handler of settings.LOGGING (stderr)
