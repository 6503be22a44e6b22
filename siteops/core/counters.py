"""Daily counters: add to the counts of one row (a day and what is counted), creating it on the
first count of the day. Conditional UPDATEs, no read-modify-write, safe under concurrency (a
concurrent first count that lost the INSERT race counts on the winner's row).

``add`` / ``flush`` (below): counts kept in the process and written together, about once a
second, for counts made on every request."""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.db import IntegrityError, transaction
from django.db.models import F, Model


def bump(model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
    """Add ``amounts`` (field → n) to the row of ``model`` matching ``key`` (a unique key)."""
    updates = {field: F(field) + n for field, n in amounts.items()}
    if model.objects.filter(**key).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **amounts)
    except IntegrityError:  # a concurrent first count created it: count on it
        model.objects.filter(**key).update(**updates)


def upsert_add(model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
    """The same in one statement (INSERT … ON CONFLICT DO UPDATE, SQLite ≥ 3.24 and PostgreSQL),
    for a ``key`` that is a plain (unconditional) unique constraint of ``model``: the first count
    of a day costs what every later one does (the shop's search log, counted on every search)."""
    from django.db import connection

    meta = model._meta
    cols = [meta.get_field(f).column for f in key] + [meta.get_field(f).column for f in amounts]
    table = connection.ops.quote_name(meta.db_table)
    q = connection.ops.quote_name
    conflict = ", ".join(q(meta.get_field(f).column) for f in key)
    updates = ", ".join(
        f"{q(meta.get_field(f).column)} = {table}.{q(meta.get_field(f).column)} + "
        f"excluded.{q(meta.get_field(f).column)}"
        for f in amounts
    )
    values = [meta.get_field(f).get_db_prep_value(v, connection) for f, v in key.items()]
    values += list(amounts.values())
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in cols)}) "
        f"VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


# --- Buffered counts ----------------------------------------------------------------------------
# A count on every request (a short link's click) that upserts its day row on the spot makes all
# concurrent requests queue on that one row's lock, each until the previous commit's WAL flush
# (PostgreSQL). Counting in the process and writing the sums once a second turns N upserts of
# one row into one. What it costs: the counts of the last second of a process that is killed
# hard (SIGKILL, an OOM kill) are lost; a graceful stop (gunicorn's TERM, a worker recycled,
# a management command's end) writes them at exit.

logger = logging.getLogger(__name__)

FLUSH_SECONDS_DEFAULT = 1.0


def flush_seconds() -> float:
    """``SITEOPS["COUNTER_FLUSH_SECONDS"]``: how long counts wait in the process (0: not at all)."""
    from django.conf import settings

    try:
        seconds = float(settings.SITEOPS.get("COUNTER_FLUSH_SECONDS", FLUSH_SECONDS_DEFAULT))
    except (TypeError, ValueError):
        return FLUSH_SECONDS_DEFAULT
    if seconds != seconds:  # NaN from the environment: the default
        return FLUSH_SECONDS_DEFAULT
    return min(max(0.0, seconds), 3600.0)  # a timer cannot wait for ever (1e300000 is inf)


class CounterBuffer:
    """Counts added in this process, written as ``upsert_add`` sums by :meth:`flush`.

    ``add`` only takes a lock and adds to a dict; the first count after a flush starts a daemon
    timer that flushes after ``flush_seconds()``, so counts are written within about that long
    even when no further request comes. One buffer per process: a forked child (gunicorn forks
    its workers) starts empty, its parent still owns and writes what it had counted.
    """

    def __init__(self):
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()  # guards _counts and _timer
        self._flushing = threading.Lock()  # one flush at a time: counts are written in order
        self._counts: dict[tuple[type[Model], tuple], dict[str, int]] = {}
        self._timer: threading.Timer | None = None

    def _own(self) -> None:
        if self._pid != os.getpid():  # a fork the at-fork hook did not see
            self._reset()

    def add(self, model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
        """Count ``amounts`` on the row of ``model`` at ``key`` (as ``upsert_add`` would)."""
        seconds = flush_seconds()
        if not seconds:
            upsert_add(model, key=key, amounts=amounts)
            return
        self._own()
        slot = (model, tuple(sorted(key.items())))
        with self._lock:
            counts = self._counts.get(slot)
            if counts is None:
                self._counts[slot] = dict(amounts)
            else:
                for field, n in amounts.items():
                    counts[field] = counts.get(field, 0) + n
            self._arm(seconds)

    def _arm(self, seconds: float) -> None:
        """Start the flush timer unless one is waiting (called holding ``_lock``)."""
        if self._timer is None:
            timer = threading.Timer(seconds, self._timed_flush)
            timer.daemon = True
            timer.name = "siteops-counter-flush"
            self._timer = timer
            timer.start()

    def pending(self) -> int:
        """How many rows wait to be written (tests, checks)."""
        self._own()
        with self._lock:
            return len(self._counts)

    def flush(self) -> int:
        """Write every waiting count, one transaction; the number of rows written.

        A failure leaves the counts in the buffer for the next flush (and re-arms the timer),
        logged, and raises; a row that can never be written (its counted object was deleted:
        an IntegrityError of its own) is logged with its counts and dropped, so that it does not
        hold back the others forever."""
        from django.db import DatabaseError

        self._own()
        with self._flushing:
            with self._lock:
                taken, self._counts = self._counts, {}
                timer, self._timer = self._timer, None
            if timer is not None and timer is not threading.current_thread():
                timer.cancel()
            if not taken:
                return 0
            rows = sorted(taken.items(), key=_slot_order)  # one lock order for every process
            try:
                with transaction.atomic():
                    for (model, key), amounts in rows:
                        upsert_add(model, key=dict(key), amounts=amounts)
                return len(rows)
            except DatabaseError:
                logger.exception(
                    "counters: writing %d counted rows failed; trying row by row", len(rows)
                )
            written, kept = 0, []
            for row in rows:
                (model, key), amounts = row
                try:
                    with transaction.atomic():
                        upsert_add(model, key=dict(key), amounts=amounts)
                    written += 1
                except IntegrityError:
                    logger.error(
                        "counters: dropped the counts %s of %s %s: the row cannot be written",
                        amounts, model._meta.label, dict(key), exc_info=True,
                    )  # fmt: skip
                except DatabaseError:
                    kept.append(row)
            if kept:
                self._put_back(kept)
                logger.error("counters: %d counted rows kept for the next flush", len(kept))
                raise CounterFlushError(len(kept))
            return written

    def _put_back(self, rows) -> None:
        with self._lock:
            for slot, amounts in rows:
                counts = self._counts.setdefault(slot, {})
                for field, n in amounts.items():
                    counts[field] = counts.get(field, 0) + n
            seconds = flush_seconds()
            if seconds:
                self._arm(seconds)

    def _timed_flush(self) -> None:
        from django.db import connections

        try:
            self.flush()
        except Exception:  # logged by flush(); the counts wait for the next one
            pass
        finally:
            connections.close_all()  # this thread's connections: the timer thread ends here

    def at_exit(self) -> None:
        if self._pid != os.getpid():
            return
        try:
            self.flush()
        except Exception:  # logged; nothing is left to retry at exit
            logger.error("counters: counts lost at exit: %s", self._counts)


class CounterFlushError(Exception):
    """Some counts could not be written; they stay in the buffer for the next flush."""


def _slot_order(row) -> tuple:
    (model, key), _amounts = row
    return (model._meta.label, tuple((f, str(v)) for f, v in key))


buffer = CounterBuffer()
add = buffer.add
flush = buffer.flush
atexit.register(buffer.at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=buffer._reset)
