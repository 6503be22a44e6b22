"""Serve the bench database with the production server and put load on it.

The server is ``siteops serve`` (gunicorn, gthread workers, WhiteNoise), exactly what the README
recommends for production, started on a free port. The load generator is ``wrk`` when installed
(C, so it steals little CPU from the server on a small machine), else a Python generator: N threads,
each one keep-alive ``http.client`` connection, recording every latency.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


@dataclass
class LoadResult:
    """One load run: throughput, latency percentiles (ms) and failures (errors + HTTP >= 400)."""

    requests: int
    seconds: float
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    tool: str

    def as_dict(self) -> dict:
        return asdict(self)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``siteops serve`` on 127.0.0.1:<free port> with the environment of the bench database."""

    def __init__(self, env: dict[str, str], *, workers: int | None = None,
                 threads: int | None = None, log_path: Path | None = None):  # fmt: skip
        self.env = {**os.environ, **env, "SITEOPS_BENCH": "1"}
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.log_path = log_path or ROOT / "var" / "bench" / "gunicorn.log"
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        cmd = [sys.executable, "-m", "siteops.cli", "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}; see {self.log_path}"
                )
            try:
                status, _ = get(self.port, "/_bench/minimal/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s; see {self.log_path}")

    def pids(self) -> list[int]:
        """The gunicorn master and its workers (for RSS sampling)."""
        if not self.proc:
            return []
        pids = [self.proc.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.proc.pid:
                    pids.append(int(entry.name))
        return pids

    def rss_mb(self) -> float:
        """Resident memory of the master and workers together, in MiB (from /proc)."""
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def load(port: int, path: str, *, seconds: float = 3.0, concurrency: int = 16,
         headers: dict | None = None, tool: str | None = None) -> LoadResult:  # fmt: skip
    """Keep ``concurrency`` connections busy with GET ``path`` for ``seconds``.

    ``{n}`` in ``path`` becomes a different number on every request (to measure cache misses).
    """
    tool = tool or os.environ.get("BENCH_LOAD_TOOL") or ("wrk" if shutil.which("wrk") else "python")
    headers = dict(headers or {})
    if not os.environ.get("BENCH_KEEPALIVE"):
        # A new connection per request. With keep-alive, wrk opens its connections at once and
        # the gunicorn worker that wakes first may accept all of them: the other worker then
        # idles for the whole run (seen: worker CPU ticks [526, 0], the page at half its rate,
        # at random on any page, ceiling or target). Closing each connection lets both workers
        # accept, as browsers behind a proxy spread over them. BENCH_KEEPALIVE=1: the old way.
        headers.setdefault("Connection", "close")
    if tool == "wrk":
        return _load_wrk(port, path, seconds, concurrency, headers)
    return _load_python(port, path, seconds, concurrency, headers)


def _load_wrk(port, path, seconds, concurrency, headers) -> LoadResult:
    cmd = ["wrk", "-t", str(min(2, concurrency)), "-c", str(concurrency),
           "-d", f"{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(WRK_SCRIPT)]  # fmt: skip
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    secs = data["duration_us"] / 1e6
    return LoadResult(
        requests=data["requests"], seconds=secs, rps=data["requests"] / secs, p50=data["p50"],
        p95=data["p95"], p99=data["p99"], errors=data["errors"] + data["non2xx"], tool="wrk",
    )  # fmt: skip


def _load_python(port, path, seconds, concurrency, headers) -> LoadResult:
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    start_gate = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        numbers = itertools.count(i * 1_000_000_000)
        start_gate.wait()
        while (now := time.perf_counter()) < deadline[0]:
            try:
                conn.request("GET", path.replace("{n}", str(next(numbers))), headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status >= 400:
                    errors[i] += 1
                if resp.getheader("connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            latencies[i].append((time.perf_counter() - now) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for lat in latencies for x in lat)
    return LoadResult(
        requests=len(flat), seconds=elapsed, rps=len(flat) / elapsed if elapsed else 0.0,
        p50=percentile(flat, 50), p95=percentile(flat, 95), p99=percentile(flat, 99),
        errors=sum(errors), tool="python",
    )  # fmt: skip


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    if len(sorted_values) == 1:
        return sorted_values[0]
    qs = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return qs[int(pct) - 1] if pct < 100 else sorted_values[-1]
