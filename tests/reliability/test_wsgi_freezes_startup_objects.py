"""A gunicorn worker moves its start-up objects out of the garbage collector's reach (issue #20:
full collections walked ~250k of them, about one every ten back-office requests), and can be told
not to (``SITEOPS_GC_FREEZE=0``)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import gc, config.wsgi; print(gc.get_freeze_count())"


def _frozen(**env) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **env},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip().splitlines()[-1])


def test_the_wsgi_application_freezes_what_start_up_made():
    assert _frozen() > 50_000


def test_freezing_can_be_switched_off():
    assert _frozen(SITEOPS_GC_FREEZE="0") < 1_000  # the interpreter may freeze a few of its own
