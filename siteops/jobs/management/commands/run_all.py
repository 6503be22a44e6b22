"""Run web server, task worker and scheduler together in the foreground (what `make demo` does)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the server, the worker and the scheduler; stop all when one stops or on Ctrl-C."

    def handle(self, *args, **options):
        port = os.environ.get("PORT", "8000")
        exe = [sys.executable, "-m", "siteops.cli"]
        procs = {
            name: subprocess.Popen([*exe, name], start_new_session=True)
            for name in ("serve", "worker", "scheduler")
        }
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
        code = 0
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    self.stderr.write(f"{name} exited with {proc.returncode}; stopping.")
                    code = proc.returncode or 1
                    stopping = True
            time.sleep(0.5)
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        sys.exit(code)
