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
        # No recycling by default: gunicorn's gthread worker resets the keep-alive connections
        # it holds when --max-requests restarts it (gunicorn #3038), and the soak shows no
        # memory growth that recycling would cure (docs/operations.md, "Web workers").
        parser.add_argument(
            "--max-requests", type=int, default=int(os.environ.get("WEB_MAX_REQUESTS", 0))
        )

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
        ]  # fmt: skip
        if options["max_requests"] > 0:
            jitter = max(1, options["max_requests"] // 10)
            argv += ["--max-requests", str(options["max_requests"]),
                     "--max-requests-jitter", str(jitter)]  # fmt: skip
        sys.stdout.flush()
        os.execvp(sys.executable, [sys.executable, "-m", *argv])
