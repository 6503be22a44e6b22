"""Deterministic data for benchmarks: a registry of datasets and fast bulk-insert helpers.

A dataset is a function ``make(n, rng)`` that inserts ``n`` rows of something into the current
(empty of that thing) database. Register it with ``@dataset(name, full=..., small=...)``: ``full``
is the size the issues ask for (scale 1.0), ``small`` the size of the second database that query
counts are compared against. The runner builds each needed dataset once per database and records
it, so a second ``make bench`` with the same scale reuses the data.

``rng`` is ``random.Random`` seeded from the dataset's name and the run's seed: the same command
makes the same rows on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

DATASETS: dict[str, Dataset] = {}


@dataclass
class Dataset:
    name: str
    make: Callable[[int, random.Random], None]
    full: int
    small: int = 100
    needs: Sequence[str] = field(default_factory=tuple)
    version: str = "1"

    def size(self, scale: float) -> int:
        return max(self.small, int(round(self.full * scale)))


def dataset(name: str, *, full: int, small: int = 100, needs: Sequence[str] = (),
            version: str = "1"):  # fmt: skip
    """Register ``make(n, rng)`` as the generator of dataset ``name`` (see module docstring).

    Bump ``version`` when the generator changes: the bench database is then rebuilt.
    """

    def register(fn: Callable[[int, random.Random], None]):
        DATASETS[name] = Dataset(name, fn, full, small, tuple(needs), version)
        return fn

    return register


def chunks(iterable: Iterable, size: int) -> Iterator[list]:
    it = iter(iterable)
    while batch := list(islice(it, size)):
        yield batch


def bulk_create_chunks(model, objects: Iterable, *, chunk: int = 2000) -> int:
    """``bulk_create`` an iterable (a generator is fine: memory stays at one chunk)."""
    from django.db import transaction

    n = 0
    for batch in chunks(objects, chunk):
        with transaction.atomic():
            model.objects.bulk_create(batch, batch_size=chunk)
        n += len(batch)
    return n


def executemany_chunks(sql: str, rows: Iterable[Sequence], *, chunk: int = 5000) -> int:
    """Raw ``cursor.executemany`` in chunks, one transaction per chunk (the fastest path).

    Write the SQL with ``%s`` placeholders; Django's cursor translates them for SQLite.
    """
    from django.db import connection, transaction

    n = 0
    for batch in chunks(rows, chunk):
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, batch)
        n += len(batch)
    return n


def table(model) -> str:
    """The quoted table name of a model, for raw SQL."""
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


# --- Datasets of the platform itself (org): more people to make pages show ---------------------


@dataset("staff", full=2_000, small=40, version="2")
def make_staff(n: int, rng: random.Random) -> None:
    """``n`` employees, each holding one of the department's positions (assignments from the past).

    The first ones fill every position once, so no position is vacant in either database: the
    small and the full database then differ in size only, not in who covers a vacancy (the menu
    asks that on every page, so a vacancy in the small database alone changed query counts).

    Users are inserted raw with an unusable password (they never log in; the bench users that do
    are made by ``Context.staff``).
    """
    import datetime

    from django.utils import timezone

    from siteops.org.models import Position, PositionAssignment, User

    positions = list(Position.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    users = (
        User(
            username=f"emp{i:07d}",
            display_name=f"员工{i}",
            email=f"emp{i}@example.com",
            password="!",
            is_staff=True,
            date_joined=now,
        )  # fmt: skip
        for i in range(n)
    )
    bulk_create_chunks(User, users)
    ids = (
        User.objects.filter(username__startswith="emp").order_by("pk").values_list("pk", flat=True)
    )
    today = timezone.localdate()
    bulk_create_chunks(
        PositionAssignment,
        (
            PositionAssignment(
                user_id=uid,
                position_id=positions[i] if i < len(positions) else rng.choice(positions),
                kind="holder",
                start=today - datetime.timedelta(days=rng.randint(30, 2000)),
                reason="bench",
            )  # fmt: skip
            for i, uid in enumerate(ids.iterator())
        ),
    )
