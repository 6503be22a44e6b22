"""What a benchmark is, and how the runner measures it.

A :class:`Benchmark` has two callables measured in the same run, alternately (ceiling, target,
ceiling, target …): the *ceiling* is the best this machine and database can do for the same job
(a raw bulk INSERT, a hand-written GROUP BY, a minimal Django view served by the same server), the
*target* is SiteOps doing it. Each call returns a number in ``unit`` (rows/s, req/s …) or ``None``,
in which case the runner times the call and the value is its duration in seconds. The ratio is
``target / ceiling`` of each pair and the figure reported is the **median** of those ratios, so a
noisy machine (six engineers on two cores) still gives a stable number. ``goal`` is ``">= 0.10"``
or ``"<= 2"`` on that ratio.

A benchmark may also count queries (``queries=``): the runner calls it, under
``CaptureQueriesContext``, once against the small database and once against the full one; the
counts must be equal (they must not grow with the data).
"""

from __future__ import annotations

import re
import statistics
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

GOAL_RE = re.compile(r"^\s*(>=|<=)\s*([0-9]*\.?[0-9]+)\s*$")


def parse_goal(goal: str) -> tuple[str, float]:
    m = GOAL_RE.match(goal)
    if not m:
        raise ValueError(f"goal must look like '>= 0.10' or '<= 2', not {goal!r}")
    return m.group(1), float(m.group(2))


def goal_holds(goal: str, ratio: float) -> bool:
    op, x = parse_goal(goal)
    return ratio >= x if op == ">=" else ratio <= x


@dataclass(kw_only=True)
class Benchmark:
    """One line of the table. See the module docstring and bench/README.md.

    ``setup(ctx)`` runs once, against the full database, before the first measurement (prepare
    files, users, cookies; keep what the callables need on ``ctx.state``). ``ceiling(ctx)`` and
    ``target(ctx)`` are measured alternately ``repeats`` times after one unmeasured warm-up each
    (``warmup=False`` for long ones). A callable that changes the database must leave it as it
    found it (or be idempotent), since it runs several times.
    """

    name: str
    ceiling: Callable[[Context], float | None]
    target: Callable[[Context], float | None]
    goal: str
    unit: str = "s"
    needs: Sequence[str] = ()
    setup: Callable[[Context], None] | None = None
    teardown: Callable[[Context], None] | None = None
    queries: Callable[[Context], Any] | None = None
    repeats: int | None = None
    warmup: bool = True
    databases: Sequence[str] = ("sqlite", "postgresql")
    note: str = ""

    def __post_init__(self):
        parse_goal(self.goal)

    # Extra checks a subclass adds (e.g. p95 latency); list of (label, holds).
    def extra_checks(self, result: Result) -> list[tuple[str, bool]]:
        return []


@dataclass(kw_only=True)
class HttpBenchmark(Benchmark):
    """Requests/s of ``path`` through gunicorn, as a ratio to the minimal Django view.

    The ceiling is ``/_bench/minimal/`` served by the same gunicorn in the same run with the same
    load (``concurrency`` keep-alive connections for ``seconds``). ``login`` is a position code:
    the load then carries the session cookie of a bench user holding that position. ``p95_ms``
    adds a latency check. ``queries`` defaults to one GET of ``path`` by a test client (logged in
    the same way), counted at both sizes.
    """

    path: str = "/"
    login: str | None = None
    concurrency: int = 16
    seconds: float | None = None
    p95_ms: float | None = None
    count_queries: bool = True
    ceiling: Any = None
    target: Any = None
    unit: str = "req/s"

    def __post_init__(self):
        super().__post_init__()
        if self.ceiling is None:
            self.ceiling = lambda ctx: ctx.load("/_bench/minimal/", self, login=None)
        if self.target is None:
            self.target = lambda ctx: ctx.load(self.path, self, login=self.login)
        if self.queries is None and self.count_queries:
            self.queries = lambda ctx: ctx.client(self.login).get(self.path)

    def extra_checks(self, result: Result) -> list[tuple[str, bool]]:
        if self.p95_ms is None or result.p95_ms is None:
            return []
        return [(f"p95 ≤ {self.p95_ms:g} ms", result.p95_ms <= self.p95_ms)]


@dataclass
class Result:
    name: str
    db: str
    unit: str
    goal: str
    target: float | None = None
    ceiling: float | None = None
    ratio: float | None = None
    ratios: list[float] = field(default_factory=list)
    holds: bool | None = None
    checks: list[tuple[str, bool]] = field(default_factory=list)
    queries_small: int | None = None
    queries_full: int | None = None
    p95_ms: float | None = None
    p95_ceiling_ms: float | None = None
    errors: int = 0
    error: str = ""
    note: str = ""
    seconds: float = 0.0

    @property
    def queries_equal(self) -> bool | None:
        if self.queries_small is None or self.queries_full is None:
            return None
        return self.queries_small == self.queries_full


class Suite:
    """What ``register(suite)`` of a ``bench_*.py`` module receives: ``suite.add(Benchmark(...))``."""

    def __init__(self):
        self.benchmarks: list[Benchmark] = []
        self.load_errors: list[tuple[str, str]] = []

    def add(self, *benchmarks: Benchmark) -> None:
        for b in benchmarks:
            if any(x.name == b.name for x in self.benchmarks):
                raise ValueError(f"two benchmarks are named {b.name!r}")
            self.benchmarks.append(b)


class Context:
    """Handed to every callable: the run's options, the server, helpers. ``state`` is yours."""

    def __init__(self, *, db: str, scale: float, quick: bool, seed: int, sizes: dict[str, int],
                 server=None, databases=None):  # fmt: skip
        self.db = db
        self.scale = scale
        self.quick = quick
        self.seed = seed
        self.sizes = sizes  # dataset name -> rows in the current (full) database
        self.server = server
        self.databases = databases
        self.state: dict[str, Any] = {}
        self.last_load = None
        self._cookies: dict[tuple[str, str], str] = {}
        self._clients: dict[tuple[str, str | None], Any] = {}

    def size(self, dataset: str) -> int:
        return self.sizes[dataset]

    # -- people -----------------------------------------------------------------------------
    def staff(self, code: str):
        """A bench user holding position ``code`` (made once per database)."""
        import datetime

        from django.utils import timezone

        from siteops.org.models import Position, PositionAssignment, User

        user, created = User.objects.get_or_create(
            username=f"bench-{code.lower()}",
            defaults={
                "display_name": f"bench {code}",
                "email": f"bench-{code.lower()}@example.com",
                "is_staff": True,
            },  # fmt: skip
        )
        if created:
            PositionAssignment.objects.create(
                user=user, position=Position.objects.get(code=code), kind="holder",
                start=timezone.localdate() - datetime.timedelta(days=30),
            )  # fmt: skip
        return user

    def customer(self):
        from siteops.org.models import User

        user, _ = User.objects.get_or_create(
            username="bench-customer", defaults={"email": "bench-customer@example.com"}
        )
        return user

    def _user(self, login: str):
        return self.customer() if login == "customer" else self.staff(login)

    def client(self, login: str | None = None):
        """A Django test client for the *current* database, logged in as ``login`` if given."""
        from django.db import connection
        from django.test import Client

        key = (str(connection.settings_dict["NAME"]), login)
        if key not in self._clients:  # one per database: logging in is not what is counted
            c = Client()
            if login:
                c.force_login(self._user(login), backend="siteops.org.backends.PositionBackend")
            self._clients[key] = c
        return self._clients[key]

    def session_cookie(self, login: str) -> str:
        """A session (in the full database) for the load generator's Cookie header."""
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        key = (self.db, login)
        if key not in self._cookies:
            user = self._user(login)
            s = SessionStore()
            s[SESSION_KEY] = str(user.pk)
            s[BACKEND_SESSION_KEY] = "siteops.org.backends.PositionBackend"
            s[HASH_SESSION_KEY] = user.get_session_auth_hash()
            s.create()
            self._cookies[key] = f"{settings.SESSION_COOKIE_NAME}={s.session_key}"
        return self._cookies[key]

    # -- load -------------------------------------------------------------------------------
    def load(self, path: str, bench: HttpBenchmark | None = None, *, login: str | None = None,
             seconds: float | None = None, concurrency: int | None = None) -> float:  # fmt: skip
        """Put load on ``path`` through the bench gunicorn; returns requests/s (keeps details)."""
        from . import http

        if self.server is None:
            raise RuntimeError("no server: HTTP benchmarks need the runner's gunicorn")
        headers = {"Cookie": self.session_cookie(login)} if login else {}
        secs = seconds or (bench.seconds if bench and bench.seconds else (1 if self.quick else 3))
        conc = concurrency or (bench.concurrency if bench else 16)
        result = http.load(self.server.port, path, seconds=secs, concurrency=conc, headers=headers)
        self.last_load = result
        self.settle()
        return result.rps

    def settle(self, timeout: float = 60.0) -> None:
        """Wait until requests still in flight from the last load have drained.

        wrk stops at the deadline, but slow pages it started keep the server's threads busy; the
        next measurement (often the ceiling) would queue behind them. The server is idle again
        when the minimal view answers quickly twice in a row.
        """
        import time

        from . import http

        deadline, fast = time.monotonic() + timeout, 0
        while fast < 2 and time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                http.get(self.server.port, "/_bench/minimal/")
            except OSError:
                pass
            fast = fast + 1 if time.perf_counter() - t0 < 0.05 else 0


def _timed(fn: Callable[[Context], float | None], ctx: Context) -> float:
    t0 = time.perf_counter()
    value = fn(ctx)
    elapsed = time.perf_counter() - t0
    return elapsed if value is None else float(value)


def count_queries(bench: Benchmark, ctx: Context) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # One unmeasured call first: it creates the bench user and session in this database and
    # fills per-process caches (content types, templates), so the count is the steady state.
    bench.queries(ctx)
    with CaptureQueriesContext(connection) as captured:
        response = bench.queries(ctx)
    status = getattr(response, "status_code", None)
    if status is not None and status >= 400:
        raise AssertionError(f"query-count request answered {status}")
    if status is not None and 300 <= status < 400:
        raise AssertionError(f"query-count request redirected to {response.get('Location')}")
    return len(captured)


def run_benchmark(bench: Benchmark, ctx: Context, *, repeats: int) -> Result:
    """Measure one benchmark (on the current, full database) and fill a Result."""
    r = Result(name=bench.name, db=ctx.db, unit=bench.unit, goal=bench.goal, note=bench.note)
    t_start = time.perf_counter()
    try:
        if bench.setup:
            bench.setup(ctx)
        if bench.queries:
            with ctx.databases.small():
                r.queries_small = count_queries(bench, ctx)
            r.queries_full = count_queries(bench, ctx)
        if bench.warmup:
            _timed(bench.ceiling, ctx)
            _timed(bench.target, ctx)
        targets, ceilings, p95s, p95c = [], [], [], []
        for _ in range(bench.repeats or repeats):
            c = _timed(bench.ceiling, ctx)
            if ctx.last_load is not None:
                p95c.append(ctx.last_load.p95)
                r.errors += ctx.last_load.errors
                ctx.last_load = None
            t = _timed(bench.target, ctx)
            if ctx.last_load is not None:
                p95s.append(ctx.last_load.p95)
                r.errors += ctx.last_load.errors
                ctx.last_load = None
            ceilings.append(c)
            targets.append(t)
            r.ratios.append(t / c if c else float("nan"))
        r.target = statistics.median(targets)
        r.ceiling = statistics.median(ceilings)
        r.ratio = statistics.median(r.ratios)
        if p95s:
            r.p95_ms = statistics.median(p95s)
            r.p95_ceiling_ms = statistics.median(p95c)
        r.checks = bench.extra_checks(r)
        if r.queries_equal is False:
            r.checks.append(("queries equal", False))
        if r.errors:
            r.checks.append((f"{r.errors} failed requests", False))
        r.holds = goal_holds(bench.goal, r.ratio) and all(ok for _, ok in r.checks)
    except Exception as exc:  # one broken benchmark must not hide the others
        r.error = f"{type(exc).__name__}: {exc}"
        r.holds = False
        traceback.print_exc()
    finally:
        if bench.teardown:
            try:
                bench.teardown(ctx)
            except Exception:
                traceback.print_exc()
    r.seconds = time.perf_counter() - t_start
    return r
