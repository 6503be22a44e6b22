"""``python -m loadtest run | soak`` — see loadtest/README.md.

python -m loadtest run --users 16 --seconds 60        # throughput, p50/p95/p99, errors per request kind
python -m loadtest soak --minutes 10                   # at half the measured maximum: errors, RSS growth, p95 drift
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse(argv=None):
    p = argparse.ArgumentParser(prog="python -m loadtest")
    p.add_argument("mode", choices=["run", "soak"])
    p.add_argument("--users", type=int, default=16, help="concurrent virtual users (16)")
    p.add_argument("--seconds", type=float, default=60, help="run: duration (60)")
    p.add_argument("--minutes", type=float, default=10, help="soak: duration (10)")
    p.add_argument("--max-seconds", type=float, default=30, help="soak: length of the max probe")
    p.add_argument("--fraction", type=float, default=0.5, help="soak: share of the maximum (0.5)")
    p.add_argument("--scale", type=float, default=0.05, help="data: share of the issues' sizes")
    p.add_argument("--json", default=None, help="also write the report here")
    p.add_argument("--max-requests", type=int, default=None,
                   help="gunicorn worker recycling after N requests (WEB_MAX_REQUESTS; 0 = none, "
                        "the default of siteops serve) — to measure what recycling does")  # fmt: skip
    return p.parse_args(argv)


def setup(scale: float):
    """Bench data (shared generators) copied into a throwaway load database; gunicorn on it."""
    from bench.db import VAR, Databases, environment

    env = environment("sqlite")
    os.environ.update(env)
    import django

    django.setup()
    from bench.data import DATASETS
    from bench.runner import discover, prepare

    discover()  # registers the domains' datasets
    dbs = Databases("sqlite")
    prepare(dbs, list(DATASETS), scale=scale, seed=7)
    from django.db import connections

    connections["default"].close()
    load_db = VAR / "loadtest.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{load_db}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(dbs.full_name), sqlite3.connect(load_db)
    src.backup(dst)
    src.close()
    dst.close()
    dbs._switch(str(load_db))
    env = {**env, "DATABASE_URL": f"sqlite:///{load_db}"}
    return env


def actors(port: int, users: int):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from bench.framework import Context
    from siteops.org.models import Position, User
    from siteops.org.tokens import issue_token

    from .mix import Actors

    def session(user) -> str:
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "siteops.org.backends.PositionBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    customers = []
    for i in range(users):
        u, _ = User.objects.get_or_create(username=f"load-customer-{i}",
                                          defaults={"email": f"load{i}@example.com"})  # fmt: skip
        customers.append(session(u))
    ctx = Context(db="sqlite", scale=0, quick=True, seed=7, sizes={})
    manager = ctx.staff("MGR")
    pur = Position.objects.select_related("department").get(code="PUR-COL")
    _client, token = issue_token(name="load test", department=pur.department, position=pur)

    # Back-office pages a manager opens all day: every parameterless GET screen that answers 200.
    sys.path.insert(0, str(ROOT))
    from tests.security.sweep import backoffice_urls

    c = Client()
    c.force_login(manager, backend="siteops.org.backends.PositionBackend")
    skip = ("/logout/", "/login/", "/password_change/", "/autocomplete/", "/jsi18n/", "/add/",
            "/search/")  # fmt: skip
    bo = [u.path for u in backoffice_urls()
          if not any(ch.isdigit() for ch in u.path) and not u.path.endswith(skip)
          and u.path != "/backoffice/"]  # fmt: skip
    bo = [p for p in bo if c.get(p).status_code == 200]
    schema = c.get("/api/v1/openapi.json").json()
    api = []
    for path, item in schema["paths"].items():
        if "get" in item and "{" not in path:
            url = path + (
                "?limit=50"
                if any(p["name"] == "limit" for p in item["get"].get("parameters", []))
                else ""
            )
            if c.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200:
                api.append(url)
    return Actors(port=port, customers=customers, staff=session(manager), api_token=token,
                  backoffice_urls=bo, api_urls=api)  # fmt: skip


def summarize(samples, seconds: float) -> dict:
    from bench.http import percentile

    by_label = defaultdict(list)
    for _t, label, status, ms, ok in samples:
        by_label[label].append((status, ms, ok))
    rows = {}
    for label, items in sorted(by_label.items()):
        lat = sorted(ms for _s, ms, _ok in items)
        rows[label] = {
            "requests": len(items), "rps": len(items) / seconds,
            "p50": percentile(lat, 50), "p95": percentile(lat, 95), "p99": percentile(lat, 99),
            "errors": sum(1 for _s, _ms, ok in items if not ok),
            "statuses": sorted({s for s, _ms, _ok in items}),
        }  # fmt: skip
    lat = sorted(ms for *_x, ms, _ok in samples)
    total = {"requests": len(samples), "rps": len(samples) / seconds if seconds else 0,
             "p50": percentile(lat, 50), "p95": percentile(lat, 95), "p99": percentile(lat, 99),
             "errors": sum(1 for *_x, ok in samples if not ok)}  # fmt: skip
    return {"total": total, "by_request": rows}


def print_table(summary: dict) -> None:
    head = f"{'request':48} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for label, r in list(summary["by_request"].items()) + [("TOTAL", summary["total"])]:
        print(f"{label[:48]:48} {r['requests']:>7} {r['rps']:>7.1f} {r['p50']:>8.1f} "
              f"{r['p95']:>8.1f} {r['p99']:>8.1f} {r['errors']:>6}")  # fmt: skip


def main(argv=None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(ROOT))
    env = setup(args.scale)
    from bench.http import Server

    from .client import DROPS
    from .mix import Recorder, drive, preflight

    if args.max_requests is not None:
        env = {**env, "WEB_MAX_REQUESTS": str(args.max_requests)}
    log = Path(env["SITEOPS_VAR_DIR"]) / "gunicorn-loadtest.log"
    log_from = log.stat().st_size if log.exists() else 0
    with Server(env, log_path=log) as server:
        acts = actors(server.port, args.users)
        record = Recorder()
        tasks, skipped = preflight(acts, record)
        print(f"loadtest: gunicorn on :{server.port}; tasks {tasks}")
        for name, reason in skipped.items():
            print(f"loadtest: SKIPPED {name}: {reason}")
        if not tasks:
            print("loadtest: nothing to run")
            return 1
        report = {"mode": args.mode, "users": args.users, "tasks": tasks, "skipped": skipped}
        DROPS.clear()
        if args.mode == "run":
            record = Recorder()
            t0 = time.monotonic()
            drive(acts, tasks, users=args.users, seconds=args.seconds, record=record)
            report["summary"] = summarize(record.samples, time.monotonic() - t0)
            print_table(report["summary"])
            failed = report["summary"]["total"]["errors"] > 0
        else:
            report.update(soak(args, acts, tasks, server))
            failed = report["errors"] > 0
        report.update(_drops(DROPS, log, log_from))
        if args.mode == "soak":
            failed = failed or report["connection_resets"] > 0
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 1 if failed else 0


def soak(args, acts, tasks, server) -> dict:
    from bench.http import percentile

    from .mix import Recorder, drive

    probe = Recorder()
    t0 = time.monotonic()
    drive(acts, tasks, users=args.users, seconds=args.max_seconds, record=probe)
    max_rps = len(probe.samples) / (time.monotonic() - t0)
    journeys_per_req = max(1.0, len(probe.samples) / max(1, _journeys(probe.samples)))
    rate = args.fraction * max_rps / journeys_per_req
    print(f"soak: maximum {max_rps:.1f} req/s; soaking at {args.fraction:.0%} "
          f"({rate:.2f} journeys/s) for {args.minutes:g} min")  # fmt: skip
    record = Recorder()
    windows, rss = [], []
    start = time.monotonic()
    window = max(10.0, args.minutes * 60 / 20)
    state = {"next": window, "from": 0}

    def tick(elapsed):
        if elapsed >= state["next"]:
            with record.lock:
                chunk = record.samples[state["from"] :]
                state["from"] = len(record.samples)
            lat = sorted(s[3] for s in chunk)
            mb = server.rss_mb()
            windows.append({"at_s": round(elapsed), "requests": len(chunk),
                            "p95": percentile(lat, 95), "errors": sum(1 for s in chunk if not s[4]),
                            "rss_mb": round(mb, 1)})  # fmt: skip
            rss.append(mb)
            w = windows[-1]
            print(f"soak: {w['at_s']:>5}s  {w['requests'] / window:6.1f} req/s  p95 {w['p95']:7.1f} ms  "
                  f"errors {w['errors']}  RSS {w['rss_mb']:.0f} MiB", flush=True)  # fmt: skip
            state["next"] += window

    rss_start = server.rss_mb()
    drive(acts, tasks, users=args.users, seconds=args.minutes * 60, record=record, rate=rate,
          on_tick=tick)  # fmt: skip
    summary = summarize(record.samples, time.monotonic() - start)
    print_table(summary)
    rss_end = server.rss_mb()
    first = [w["p95"] for w in windows[: max(1, len(windows) // 4)]]
    last = [w["p95"] for w in windows[-max(1, len(windows) // 4) :]]
    result = {
        "max_rps": max_rps, "rate_journeys_per_s": rate, "minutes": args.minutes,
        "errors": summary["total"]["errors"], "summary": summary, "windows": windows,
        "rss_start_mb": rss_start, "rss_end_mb": rss_end, "rss_max_mb": max(rss or [rss_end]),
        "p95_first_quarter_ms": statistics.median(first) if first else None,
        "p95_last_quarter_ms": statistics.median(last) if last else None,
    }  # fmt: skip
    drift = (
        (result["p95_last_quarter_ms"] / result["p95_first_quarter_ms"] - 1) * 100 if first else 0
    )
    growth = (rss_end / rss_start - 1) * 100 if rss_start else 0
    result["p95_drift_pct"], result["rss_growth_pct"] = drift, growth
    print(f"\nsoak: errors {result['errors']} (must be 0); server RSS {rss_start:.0f} → {rss_end:.0f} MiB "
          f"({growth:+.1f} %), max {result['rss_max_mb']:.0f} MiB; p95 first quarter "
          f"{result['p95_first_quarter_ms']:.1f} ms → last quarter {result['p95_last_quarter_ms']:.1f} ms "
          f"({drift:+.1f} %)")  # fmt: skip
    return result


def _drops(drops, log: Path, log_from: int) -> dict:
    """Connection resets seen by the clients, and worker recycles in gunicorn's log."""
    out = drops.report()
    with log.open("rb") as f:
        f.seek(log_from)
        out["worker_recycles"] = f.read().count(b"Autorestarting worker")
    print(f"loadtest: connection resets {out['connection_resets']} (POST "
          f"{out['connection_resets_post']}; must be 0), idle keep-alive closes "
          f"{out['idle_closes']}, worker recycles {out['worker_recycles']}")  # fmt: skip
    for example in out["reset_examples"]:
        print(f"loadtest:   reset: {' '.join(example)}")
    return out


def _journeys(samples) -> int:
    """Journeys ≈ requests that start one (home, search, back office, API, cart page visits)."""
    starts = ("shop: home", "shop: search", "back office:", "api:")
    return sum(1 for s in samples if s[1].startswith(starts)) or 1


if __name__ == "__main__":
    sys.exit(main())
