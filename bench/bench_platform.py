"""Benchmarks of the platform itself (org, back-office shell, storage path).

They also serve as the worked example for domain engineers (see bench/README.md).
"""

from __future__ import annotations

from bench import Benchmark, HttpBenchmark, bulk_create_chunks, executemany_chunks
from bench.data import table

ROWS_QUICK, ROWS_FULL = 2_000, 20_000


def _rows(ctx) -> int:
    return ROWS_QUICK if ctx.quick else ROWS_FULL


def _clear_bulk_users() -> None:
    # Raw DELETE: the ORM's cascade collector would visit every app's tables for nothing.
    from django.db import connection, transaction

    from siteops.org.models import User

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table(User)} WHERE username LIKE %s", ["bulk%"])


def _raw_insert_users(ctx) -> float:
    """Ceiling: the same user rows with one raw executemany per chunk (rows/s)."""
    import time

    from django.utils import timezone

    from siteops.org.models import User

    n, now = _rows(ctx), timezone.now()
    cols = ("username", "display_name", "email", "password", "phone", "first_name", "last_name",
            "is_staff", "is_active", "is_superuser", "date_joined")  # fmt: skip
    sql = f"INSERT INTO {table(User)} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    t0 = time.perf_counter()
    executemany_chunks(
        sql,
        (
            (
                f"bulkraw{i}",
                f"员工{i}",
                f"bulk{i}@example.com",
                "!",
                "",
                "",
                "",
                True,
                True,
                False,
                now,
            )
            for i in range(n)
        ),  # fmt: skip
    )
    took = time.perf_counter() - t0
    _clear_bulk_users()
    return n / took


def _orm_insert_users(ctx) -> float:
    """Target: the shared generator path (``bulk_create_chunks`` of model instances), rows/s."""
    import time

    from django.utils import timezone

    from siteops.org.models import User

    n, now = _rows(ctx), timezone.now()
    t0 = time.perf_counter()
    bulk_create_chunks(
        User,
        (
            User(
                username=f"bulkorm{i}",
                display_name=f"员工{i}",
                email=f"bulk{i}@example.com",
                password="!",
                is_staff=True,
                date_joined=now,
            )
            for i in range(n)
        ),  # fmt: skip
    )
    took = time.perf_counter() - t0
    _clear_bulk_users()
    return n / took


def register(suite):
    suite.add(
        HttpBenchmark(
            name="platform.org_chart",
            path="/backoffice/org/chart/",
            login="MGR",
            needs=["staff"],
            goal=">= 0.10",
            p95_ms=500,
            note="back-office org chart with every employee (staff dataset) vs the minimal view",
        ),
        HttpBenchmark(
            name="platform.login_page",
            path="/backoffice/login/",
            goal=">= 0.30",
            note="the back-office login form, anonymous",
        ),
        Benchmark(
            name="platform.bulk_insert",
            setup=lambda ctx: _clear_bulk_users(),
            ceiling=_raw_insert_users,
            target=_orm_insert_users,
            unit="rows/s",
            goal=">= 0.30",
            note="bench generators' bulk_create path vs raw executemany (users table)",
        ),
    )
