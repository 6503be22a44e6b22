"""``python -m bench`` — see bench/README.md.

python -m bench                      # every benchmark, SQLite (+ PostgreSQL if DATABASE_URL)
python -m bench --quick              # small scale, fewer repeats (CI smoke test)
python -m bench --only 'catalog.*'   # a subset (glob or substring; repeatable)
python -m bench --scale 0.1          # 10 % of the issues' sizes
python -m bench --db sqlite          # one database only
python -m bench --write-docs         # also rewrite the table in docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="scale 0.01 and 3 repeats (smoke test)")
    p.add_argument("--scale", type=float, default=None, help="fraction of the issues' sizes (1.0)")
    p.add_argument("--only", action="append", default=[], help="benchmark name glob/substring")
    p.add_argument("--db", choices=["sqlite", "postgresql", "both", "auto"], default="auto",
                   help="auto: SQLite, plus PostgreSQL when DATABASE_URL is a postgres URL")  # fmt: skip
    p.add_argument("--repeats", type=int, default=None, help="alternating pairs (default 5)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--write-docs", action="store_true", help="rewrite docs/benchmarks.md's table")
    p.add_argument("--strict", action="store_true", help="exit 1 when a goal does not hold")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--json", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.scale is None:
        args.scale = 0.01 if args.quick else 1.0
    return args


def main(argv=None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(ROOT))
    if args.child:
        from bench.runner import child

        return child(args)

    from bench.db import VAR, postgres_url

    if args.list:
        return _list(args)
    kinds = {"sqlite": ["sqlite"], "postgresql": ["postgresql"],
             "both": ["sqlite", "postgresql"],
             "auto": ["sqlite"] + (["postgresql"] if postgres_url() else [])}[args.db]  # fmt: skip
    VAR.mkdir(parents=True, exist_ok=True)
    payloads, failed = [], False
    for kind in kinds:
        out = VAR / f"results-{kind}.json"
        out.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "bench", "--child", "--db", kind, "--json", str(out),
               "--scale", str(args.scale), "--seed", str(args.seed)]  # fmt: skip
        if args.quick:
            cmd.append("--quick")
        if args.repeats:
            cmd += ["--repeats", str(args.repeats)]
        for o in args.only:
            cmd += ["--only", o]
        rc = subprocess.call(cmd, cwd=ROOT)
        if rc != 0 or not out.exists():
            print(f"bench: the {kind} run failed (exit {rc})", file=sys.stderr)
            failed = True
            continue
        payloads.append(json.loads(out.read_text()))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from bench.report import machine, sizes_line, text_table, write_docs

    results = [r for p in payloads for r in p["results"]]
    print()
    for m in machine(payloads):
        print(m)
    print(sizes_line(payloads))
    print()
    print(text_table(results))
    if args.write_docs and payloads:
        command = "python -m bench " + " ".join(a for a in (argv or sys.argv[1:]))
        write_docs(ROOT / "docs" / "benchmarks.md", payloads, command.strip())
        print("\nbench: wrote docs/benchmarks.md")
    if failed or any(r["error"] for r in results):
        return 1
    if args.strict and any(not r["holds"] for r in results):
        return 1
    return 0


def _list(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SITEOPS_TESTING", "1")
    import django

    django.setup()
    from bench.runner import discover

    suite = discover()
    for b in suite.benchmarks:
        print(f"{b.name:45} goal {b.goal:8} {b.unit:8} needs {', '.join(b.needs) or '—'}")
    for mod, err in suite.load_errors:
        print(f"[{mod}] failed to load: {err}")
    return 1 if suite.load_errors else 0


if __name__ == "__main__":
    sys.exit(main())
