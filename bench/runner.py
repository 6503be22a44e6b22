"""The bench process for one database: prepare data, start gunicorn, measure, write JSON."""

from __future__ import annotations

import fnmatch
import importlib
import json
import os
import pkgutil
import random
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from .data import DATASETS
from .db import Databases, environment
from .framework import Benchmark, Context, HttpBenchmark, Result, Suite, run_benchmark

MARKER_TABLE = "bench_dataset"


def discover() -> Suite:
    """Import every ``bench/bench_*.py``; call its ``register(suite)`` or take ``BENCHMARKS``."""
    import bench

    suite = Suite()
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        try:
            module = importlib.import_module(f"bench.{info.name}")
            if hasattr(module, "register"):
                module.register(suite)
            for b in getattr(module, "BENCHMARKS", []):
                suite.add(b)
        except Exception as exc:
            traceback.print_exc()
            suite.load_errors.append((info.name, f"{type(exc).__name__}: {exc}"))
    return suite


def select(suite: Suite, only: list[str], db: str) -> list[Benchmark]:
    chosen = []
    for b in suite.benchmarks:
        if db not in b.databases:
            continue
        if only and not any(fnmatch.fnmatch(b.name, p) or p in b.name for p in only):
            continue
        chosen.append(b)
    return chosen


def needed_datasets(benchmarks: list[Benchmark]) -> list[str]:
    """Datasets the benchmarks need, dependencies first."""
    order: list[str] = []

    def visit(name: str, path: tuple = ()):
        if name in order:
            return
        if name in path:
            raise ValueError(f"dataset dependency cycle: {' -> '.join(path + (name,))}")
        if name not in DATASETS:
            raise LookupError(f"no dataset named {name!r} (register it with @dataset)")
        for dep in DATASETS[name].needs:
            visit(dep, path + (name,))
        order.append(name)

    for b in benchmarks:
        for n in b.needs:
            visit(n)
    return order


def _markers() -> dict[str, tuple[int, str, int]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (name varchar(100) PRIMARY KEY, "
            "size bigint NOT NULL, version varchar(20) NOT NULL, seed bigint NOT NULL, "
            "seconds double precision NOT NULL)"
        )
        cur.execute(f"SELECT name, size, version, seed FROM {MARKER_TABLE}")
        return {name: (size, version, seed) for name, size, version, seed in cur.fetchall()}


def _migrate() -> None:
    from django.core.management import call_command

    from siteops.org.management.commands.load_org import load_org

    call_command("migrate", interactive=False, verbosity=0)
    load_org()


def prepare(dbs: Databases, names: list[str], *, scale: float, seed: int) -> dict[str, dict]:
    """Build both databases with the datasets (reused when sizes, versions and seed match)."""
    from django.db import connection, transaction

    sizes: dict[str, dict] = {}
    for which in ("small", "full"):
        dbs.ensure_exists(which)
        with dbs.use(which):
            _migrate()
            want = {
                n: (
                    DATASETS[n].small if which == "small" else DATASETS[n].size(scale),
                    DATASETS[n].version,
                    seed,
                )  # fmt: skip
                for n in names
            }
            have = _markers()
            if any(n in have and have[n] != want[n] for n in names):
                print(f"bench: {which} database has other sizes or generators: rebuilding")
                dbs.drop(which)
                dbs.ensure_exists(which)
                _migrate()
                have = _markers()
            for n in names:
                if n in have:
                    continue
                size = want[n][0]
                print(f"bench: generating {n} × {size:,} ({which} database, {connection.vendor})")
                t0 = time.perf_counter()
                DATASETS[n].make(size, random.Random(f"{seed}:{n}"))
                took = time.perf_counter() - t0
                with transaction.atomic(), connection.cursor() as cur:
                    cur.execute(
                        f"INSERT INTO {MARKER_TABLE} (name, size, version, seed, seconds) "
                        "VALUES (%s, %s, %s, %s, %s)",
                        [n, size, DATASETS[n].version, seed, took],
                    )
                print(f"bench:   {size / took:,.0f} rows/s ({took:.1f} s)")
            if connection.vendor == "postgresql":
                # VACUUM too: a production server's autovacuum (on by default; off on some
                # machines this runs on) keeps the visibility map set, which lets counts such
                # as the team board's load read the index alone (4.4 ms → 1.9 ms).
                with connection.cursor() as cur:
                    cur.execute("VACUUM ANALYZE")
            sizes[which] = {n: want[n][0] for n in names}
    return sizes


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        return f"PostgreSQL {cur.fetchone()[0].split()[0]}"


def child(args) -> int:
    """Run in a fresh process per database (settings are fixed once Django starts)."""
    env = environment(args.db)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from . import http

    dbs = Databases(args.db)
    suite = discover()
    benchmarks = select(suite, args.only, args.db)
    results: list[Result] = [
        Result(name=f"[{mod}]", db=args.db, unit="", goal="", holds=False, error=err)
        for mod, err in suite.load_errors
    ]
    names = needed_datasets(benchmarks)
    sizes = prepare(dbs, names, scale=args.scale, seed=args.seed)
    call_command("collectstatic", interactive=False, verbosity=0)
    server = None
    if any(isinstance(b, HttpBenchmark) or getattr(b, "server", False) for b in benchmarks):
        server = http.Server(
            env,
            log_path=Path(os.environ["SITEOPS_VAR_DIR"]) / f"gunicorn-{args.db}.log",
        ).start()
    ctx = Context(db=args.db, scale=args.scale, quick=args.quick, seed=args.seed,
                  sizes=sizes["full"], server=server, databases=dbs)  # fmt: skip
    repeats = args.repeats or (3 if args.quick else 5)
    try:
        for b in benchmarks:
            print(f"bench: {b.name} ({args.db}) …", flush=True)
            r = run_benchmark(b, ctx, repeats=repeats)
            status = "error" if r.error else ("holds" if r.holds else "does not hold")
            print(f"bench:   ratio {r.ratio if r.ratio is None else round(r.ratio, 3)} "
                  f"({status}, {r.seconds:.0f} s)", flush=True)  # fmt: skip
            results.append(r)
    finally:
        if server:
            server.stop()
    payload = {
        "db": args.db,
        "database": database_version(),
        "scale": args.scale,
        "quick": args.quick,
        "seed": args.seed,
        "sizes": sizes,
        "load_tool": _load_tool(),
        "workers": os.environ.get("WEB_WORKERS", "2"),
        "threads": os.environ.get("WEB_THREADS", "4"),
        "results": [asdict(r) for r in results],
    }
    Path(args.json).write_text(json.dumps(payload, indent=1, ensure_ascii=False))
    return 0


def _load_tool() -> str:
    import shutil
    import subprocess

    tool = os.environ.get("BENCH_LOAD_TOOL") or ("wrk" if shutil.which("wrk") else "python")
    if tool == "wrk":
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        return (out.stdout or out.stderr).split("[")[0].strip() or "wrk"
    return f"Python threads + http.client (python {sys.version.split()[0]})"
