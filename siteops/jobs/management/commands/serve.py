"""Serve the shop and back office with gunicorn (the production server, also used by the demo)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve SiteOps with gunicorn on 127.0.0.1:$PORT (default 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=None, help="host:port (default 127.0.0.1:$PORT)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 4)))

    def handle(self, *args, **options):
        bind = options["bind"] or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
        argv = [
            "gunicorn", "config.wsgi:application",
            "--bind", bind,
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--worker-class", "gthread",
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            "--max-requests", "5000", "--max-requests-jitter", "500",
        ]  # fmt: skip
        sys.stdout.flush()
        os.execvp(sys.executable, [sys.executable, "-m", *argv])
