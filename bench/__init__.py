"""SiteOps benchmarks: every figure is a ratio to a ceiling measured in the same run.

``python -m bench`` (``make bench``) builds its own database (SQLite under ``var/bench/``, and
PostgreSQL too when ``DATABASE_URL`` is set), generates the data deterministically, runs every
``bench/bench_*.py`` module and prints one table. See ``bench/README.md`` for how to add one.

This package must import without Django being configured: benchmark modules import
``from bench import Benchmark, HttpBenchmark, dataset`` at the top.
"""

from .data import bulk_create_chunks, dataset, executemany_chunks
from .framework import Benchmark, Context, HttpBenchmark, Suite

__all__ = [
    "Benchmark",
    "Context",
    "HttpBenchmark",
    "Suite",
    "bulk_create_chunks",
    "dataset",
    "executemany_chunks",
]
