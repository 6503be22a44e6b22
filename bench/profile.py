"""``python -m bench.profile`` — where a back-office request spends its queries and time.

Each request of a page (Django's test client, in this process, on the bench's full database,
settings as the bench's gunicorn has them: DEBUG off) is split by **component** — the code that
ran it, innermost first:

- ``session``: loading/saving the session (the session engine's load/save/exists/create);
- ``user``: ``django.contrib.auth.get_user`` (the user row, the session hash check);
- ``positions``: whether the user holds a position today and which ones (the back-office door);
- ``permissions``: the authentication backends' ``has_perm`` / ``get_all_permissions`` …;
- ``menu``: the sidebar (``siteops.core.menu`` and unfold's sidebar list, the menu's hooks);
- ``shell context``: the admin site's ``each_context`` apart from the menu;
- ``context processors``: each processor of ``TEMPLATES`` (lazy values count where evaluated);
- ``templates``: rendering the response's templates (apart from what it calls above);
- ``view and middleware``: everything else (the page's own data, middleware, URL resolving).

Times are *exclusive* (a component's time excludes the components it calls), the mean of
``--requests`` requests after one warm-up; queries are those of one request, and so are the Python
function calls (cProfile's count: the work done, which the noise of a shared machine does not
change, unlike times). The databases are
the bench's (run ``python -m bench --only … --scale …`` first to create and fill them)::

    .venv/bin/python -m bench.profile --db sqlite --login PED /backoffice/catalog/product/
    .venv/bin/python -m bench.profile --markdown --login MGR /backoffice/org/chart/ /_bench/admin/…
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMPONENTS = ["session", "user", "positions", "permissions", "menu", "shell context",
              "context processors", "templates", "view and middleware"]  # fmt: skip


class Profiler:
    def __init__(self):
        self.stack: list[list] = []  # [name, start, time spent in children]
        self.times: dict[str, float] = defaultdict(float)
        self.queries: dict[str, int] = defaultdict(int)
        self.counting = False

    def wrap(self, fn, name):
        if getattr(fn, "_bench_profiled", False):
            return fn

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            frame = [name, time.perf_counter(), 0.0]
            self.stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self.stack.pop()
                elapsed = time.perf_counter() - frame[1]
                self.times[name] += elapsed - frame[2]
                if self.stack:
                    self.stack[-1][2] += elapsed

        wrapper._bench_profiled = True
        return wrapper

    def patch(self, owner, attr, name):
        fn = getattr(owner, attr, None)
        if fn is None:
            return
        if isinstance(owner, type) and attr in owner.__dict__:
            raw = owner.__dict__[attr]
            if isinstance(raw, (staticmethod, classmethod)):
                setattr(owner, attr, type(raw)(self.wrap(raw.__func__, name)))
                return
        setattr(owner, attr, self.wrap(fn, name))

    def query_wrapper(self, execute, sql, params, many, context):
        if self.counting:
            self.queries[self.stack[-1][0] if self.stack else "view and middleware"] += 1
        return execute(sql, params, many, context)

    def reset(self):
        self.times.clear()
        self.queries.clear()


def install(p: Profiler) -> None:
    """Wrap the shell's entry points (before the first request, so cached references see them)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib import auth
    from django.contrib.auth import middleware as auth_middleware
    from django.template import response as template_response
    from django.utils.module_loading import import_string

    engine = import_module(settings.SESSION_ENGINE).SessionStore
    for cls in engine.__mro__:
        if cls.__module__.startswith("django.contrib.sessions"):
            for attr in ("load", "save", "exists", "create", "delete", "cycle_key"):
                if attr in cls.__dict__:
                    p.patch(cls, attr, "session")
    p.patch(auth, "get_user", "user")
    p.patch(auth_middleware, "get_user", "user")

    from siteops.core import hooks, menu
    from siteops.org import selectors

    for attr in ("holds_position_today", "positions_of", "acting_as"):
        p.patch(selectors, attr, "positions")
    try:
        from siteops.org import access
    except ImportError:
        access = None
    if access is not None:
        for attr in ("positions_today", "access_of", "permissions_of"):
            p.patch(access, attr, "positions" if attr != "permissions_of" else "permissions")
    for name, fn in list(hooks._provided.items()):
        comp = "positions" if name == "core.backoffice_access" else "menu"
        if name.startswith(("menu.", "core.backoffice_access")):
            hooks._provided[name] = p.wrap(fn, comp)
    for path in settings.AUTHENTICATION_BACKENDS:
        cls = import_string(path)
        for attr in ("has_perm", "has_module_perms", "get_all_permissions",
                     "get_group_permissions", "get_user_permissions", "get_user"):  # fmt: skip
            if hasattr(cls, attr):
                p.patch(cls, attr, "user" if attr == "get_user" else "permissions")
    for attr in ("visible_menu", "navigation"):
        p.patch(menu, attr, "menu")

    from siteops.core.admin_site import SiteOpsAdminSite

    p.patch(SiteOpsAdminSite, "get_sidebar_list", "menu")
    p.patch(SiteOpsAdminSite, "each_context", "shell context")
    for conf in settings.TEMPLATES:
        for path in conf.get("OPTIONS", {}).get("context_processors", []):
            module_path, attr = path.rsplit(".", 1)
            p.patch(import_module(module_path), attr, "context processors")
    p.patch(template_response.SimpleTemplateResponse, "render", "templates")
    from django import shortcuts
    from django.template import loader

    p.patch(loader, "render_to_string", "templates")
    p.patch(shortcuts, "render", "templates")


class GcTimer:
    """The garbage collector's time by generation (``gc.callbacks``), for ``--gc``."""

    def __init__(self):
        self.start = 0.0
        self.runs = defaultdict(int)
        self.secs = defaultdict(float)

    def __call__(self, phase, info):
        if phase == "start":
            self.start = time.perf_counter()
        else:
            self.runs[info["generation"]] += 1
            self.secs[info["generation"]] += time.perf_counter() - self.start


def profile(paths: list[str], login: str | None, requests: int, top: int = 0,
            gc_freeze: bool = False) -> list[dict]:  # fmt: skip
    from django.db import connection
    from django.test import Client

    from bench.framework import Context

    p = Profiler()
    install(p)
    ctx = Context(db="", scale=0, quick=False, seed=0, sizes={})
    client = Client()
    if login:
        client.cookies.load(ctx.session_cookie(login))
    get = p.wrap(client.get, "view and middleware")
    out = []
    import gc

    if gc_freeze:  # what config/wsgi.py does in each web worker
        gc.collect()
        gc.freeze()
    with connection.execute_wrapper(p.query_wrapper):
        for path in paths:
            get(path)  # warm-up: caches, templates, the bench user
            p.reset()
            p.counting = True
            response = get(path)
            p.counting = False
            queries = dict(p.queries)
            p.reset()
            gc_timer = GcTimer()
            gc.callbacks.append(gc_timer)
            t0 = time.perf_counter()
            for _ in range(requests):
                get(path)
            total = (time.perf_counter() - t0) / requests
            gc.callbacks.remove(gc_timer)
            times = {k: v / requests for k, v in p.times.items()}
            out.append({"path": path, "login": login, "status": response.status_code,
                        "total_ms": total * 1000, "queries": queries, "calls": _calls(get, path, top),
                        "ms": {k: v * 1000 for k, v in times.items()},
                        "gc": {g: (gc_timer.runs[g] / requests, gc_timer.secs[g] * 1000 / requests)
                               for g in (0, 1, 2)}})  # fmt: skip
    return out


def _calls(get, path: str, top: int = 0) -> int:
    """Python function calls of one request: a measure of the work that a busy machine's noise
    does not change (times on two shared cores vary by 2× from one run to the next)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if top:  # where the calls go: the functions with the most cumulative calls below them
        print(f"--- {path}: top {top} by cumulative time, then by own calls", file=sys.stderr)
        stats.stream = sys.stderr
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("ncalls").print_stats(top)
    return stats.total_calls


def table(results: list[dict], markdown: bool) -> str:
    lines = []
    for r in results:
        head = f"{r['path']} as {r['login'] or 'anonymous'} → {r['status']}, " + (
            f"{r['total_ms']:.1f} ms, {sum(r['queries'].values())} queries, "
            f"{r['calls']:,} Python calls"
        )
        lines.append(f"**{head}**" if markdown else head)
        if markdown:
            lines += ["", "| component | queries | ms |", "|---|---|---|"]
        for comp in COMPONENTS:
            q, ms = r["queries"].get(comp, 0), r["ms"].get(comp, 0.0)
            if markdown:
                lines.append(f"| {comp} | {q} | {ms:.2f} |")
            else:
                lines.append(f"  {comp:22} {q:3d} q  {ms:8.2f} ms")
        for gen, (runs, ms) in r["gc"].items():
            lines.append(
                f"  garbage collection, generation {gen}: {runs:.2f} a request, {ms:.2f} ms a request"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--login", default=None, help="position code of the bench user (e.g. MGR)")
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--top", type=int, default=0, help="print cProfile's top N functions")
    ap.add_argument(
        "--gc-freeze",
        action="store_true",
        help="freeze start-up objects first, as each web worker does (config/wsgi.py)",
    )
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.db import environment, urls

    os.environ.update(environment(args.db))
    if args.db == "sqlite" and not Path(urls("sqlite")[0].removeprefix("sqlite:///")).exists():
        print("bench.profile: no bench database yet; run `python -m bench` first", file=sys.stderr)
        return 1
    import django

    django.setup()
    print(
        table(
            profile(args.paths, args.login, args.requests, args.top, args.gc_freeze), args.markdown
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
