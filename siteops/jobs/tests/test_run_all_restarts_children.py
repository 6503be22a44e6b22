"""`siteops run-all`: a child that dies comes back (logged, with a back-off); the rest keep going."""

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> dict[str, int]:
    out = {}
    for proc in pathlib.Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid != pid:
            continue
        if b"siteops.cli" in cmd:
            out[cmd[cmd.index(b"siteops.cli") + 1].decode()] = int(proc.name)
        elif b"gunicorn" in cmd:  # `siteops serve` execs gunicorn
            out["serve"] = int(proc.name)
    return out


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code  # 503 = late jobs: still served


def _wait(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if v := cond():
            return v
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_child_restarts_it_and_the_site_keeps_serving(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the subprocesses share the test database file (SQLite)")
    port = _free_port()
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SITEOPS_TESTING": "1",
        "SITEOPS_HTTPS": "0", "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "PORT": str(port), "WEB_WORKERS": "1", "WEB_THREADS": "2", "SITEOPS_VAR_DIR": str(tmp_path),
    }  # fmt: skip
    log = (tmp_path / "run-all.log").open("w+")
    run_all = subprocess.Popen(
        [sys.executable, "-m", "siteops.cli", "run-all"], cwd=settings.BASE_DIR, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        _wait(lambda: len(_children(run_all.pid)) == 3, 60, "three children")
        _wait(lambda: _get(url) in (200, 503) if _port_open(port) else None, 90, "the web server")
        before = _children(run_all.pid)
        os.killpg(before["worker"], signal.SIGKILL)
        served = []
        new = _wait(
            lambda: (served.append(_get(url)), _children(run_all.pid).get("worker"))[1]
            not in (None, before["worker"]) and _children(run_all.pid),
            60, "the worker to come back",
        )  # fmt: skip
        assert new["serve"] == before["serve"]  # the web server was not touched
        assert set(served) <= {200, 503} and served
        assert run_all.poll() is None
    finally:
        os.killpg(run_all.pid, signal.SIGTERM)
        try:
            run_all.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(run_all.pid, signal.SIGKILL)
    log.seek(0)
    text = log.read()
    assert "worker exited with -9; restarting in 1 s" in text
    assert "starting worker again (restart 1)" in text


def _port_open(port) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
