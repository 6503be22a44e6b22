"""A short link's click is counted in the process and written as one sum per day row about once a
second (``core.counters.add`` / ``flush``): no click is lost, none counted twice, a failed write
keeps the counts, and the click itself runs no query once its link is cached."""

import logging
import threading
import time

import pytest
from django.db import OperationalError
from django.db.models import Sum
from django.test import override_settings

from siteops.campaigns.models import LinkClickDay
from siteops.core import counters

from .factories import campaign, link


def _buffered(seconds: float):
    from django.conf import settings

    return override_settings(SITEOPS={**settings.SITEOPS, "COUNTER_FLUSH_SECONDS": seconds})


def _clicks(code: str) -> int:
    return LinkClickDay.objects.filter(link__code=code).aggregate(n=Sum("clicks"))["n"] or 0


@pytest.fixture(autouse=True)
def _empty_buffer():
    counters.buffer._reset()
    yield
    timer = counters.buffer._timer
    if timer is not None:
        timer.cancel()
    counters.buffer._reset()


@pytest.mark.django_db
def test_clicks_wait_in_the_process_until_the_flush(
    client, activity_planner, django_assert_num_queries
):
    c = campaign(activity_planner)
    link(activity_planner, c, code="buf1", target="/")
    with _buffered(60):  # no timer fires during the test: the flush is ours
        r = client.get("/go/c/buf1/")  # the link is read (and cached) on the first click
        assert r.status_code == 302 and not r.cookies  # no session touched, no cookie set
        with django_assert_num_queries(0):
            for _ in range(4):
                assert client.get("/go/c/buf1/").status_code == 302
        assert _clicks("buf1") == 0 and counters.buffer.pending() == 1
        with django_assert_num_queries(3):  # five clicks, one upsert (in its savepoint)
            assert counters.flush() == 1
    assert _clicks("buf1") == 5
    assert counters.buffer.pending() == 0
    assert counters.flush() == 0  # a second flush writes nothing again
    assert _clicks("buf1") == 5


@pytest.mark.django_db
def test_without_a_flush_interval_a_click_is_written_on_the_spot(client, activity_planner):
    """The test settings (COUNTER_FLUSH_SECONDS = 0): written in the request, nothing waits."""
    c = campaign(activity_planner)
    link(activity_planner, c, code="now1", target="/")
    client.get("/go/c/now1/")
    assert _clicks("now1") == 1 and counters.buffer.pending() == 0


@pytest.mark.django_db
def test_counts_from_many_threads_add_up_exactly(activity_planner):
    c = campaign(activity_planner)
    lk = link(activity_planner, c, code="thr1", target="/")
    other = link(activity_planner, c, code="thr2", target="/")
    import datetime

    day = datetime.date(2026, 6, 1)
    start = threading.Barrier(8)

    def clicks(n):
        start.wait()
        for i in range(n):
            pk = lk.pk if i % 3 else other.pk
            counters.add(LinkClickDay, key={"link": pk, "day": day}, amounts={"clicks": 1})

    with _buffered(60):
        threads = [threading.Thread(target=clicks, args=(3000,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert counters.flush() == 2
    assert _clicks("thr1") == 8 * 2000
    assert _clicks("thr2") == 8 * 1000


@pytest.mark.django_db
def test_a_failed_flush_keeps_the_counts(activity_planner, monkeypatch, caplog):
    c = campaign(activity_planner)
    lk = link(activity_planner, c, code="keep1", target="/")
    import datetime

    day = datetime.date(2026, 6, 1)
    real = counters.upsert_add

    def down(*args, **kwargs):
        raise OperationalError("the database went away")

    with _buffered(60):
        counters.add(LinkClickDay, key={"link": lk.pk, "day": day}, amounts={"clicks": 2})
        monkeypatch.setattr(counters, "upsert_add", down)
        with caplog.at_level(logging.ERROR, logger="siteops.core.counters"):
            with pytest.raises(counters.CounterFlushError):
                counters.flush()
        assert "kept for the next flush" in caplog.text
        assert counters.buffer.pending() == 1
        assert counters.buffer._timer is not None  # retried even if no click comes
        counters.add(LinkClickDay, key={"link": lk.pk, "day": day}, amounts={"clicks": 1})
        monkeypatch.setattr(counters, "upsert_add", real)
        assert counters.flush() == 1
    assert _clicks("keep1") == 3


@pytest.mark.django_db(transaction=True)
def test_the_timer_writes_the_clicks_without_further_traffic(client, activity_planner):
    c = campaign(activity_planner)
    link(activity_planner, c, code="tim1", target="/")
    with _buffered(0.2):
        for _ in range(3):
            client.get("/go/c/tim1/")
        deadline = time.monotonic() + 10
        while _clicks("tim1") < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _clicks("tim1") == 3
    assert counters.buffer.pending() == 0


@pytest.mark.django_db(transaction=True)
def test_a_row_that_can_never_be_written_does_not_hold_back_the_others(activity_planner, caplog):
    """A count for a link deleted in the meantime fails (its foreign key) at the commit; it is
    dropped with an error in the log, the others are written."""
    import datetime

    c = campaign(activity_planner)
    lk = link(activity_planner, c, code="gone1", target="/")
    day = datetime.date(2026, 6, 1)
    with _buffered(60):
        counters.add(LinkClickDay, key={"link": lk.pk, "day": day}, amounts={"clicks": 4})
        counters.add(LinkClickDay, key={"link": lk.pk + 1000, "day": day}, amounts={"clicks": 1})
        with caplog.at_level(logging.ERROR, logger="siteops.core.counters"):
            assert counters.flush() == 1
        assert "dropped the counts" in caplog.text
        assert counters.buffer.pending() == 0
    assert _clicks("gone1") == 4


def test_a_forked_process_starts_with_an_empty_buffer():
    """gunicorn forks its workers after import: a child never writes its parent's counts."""
    import os

    with _buffered(60):
        counters.buffer._counts[(LinkClickDay, (("day", 1), ("link", 1)))] = {"clicks": 1}
        assert counters.buffer.pending() == 1
        counters.buffer._pid = os.getpid() + 1  # as a child sees its parent's buffer
        assert counters.buffer.pending() == 0


@pytest.mark.parametrize(
    ("value", "seconds"), [("nan", 1.0), ("1e300000", 3600.0), ("-5", 0.0), ("x", 1.0), (2, 2.0)]
)
def test_a_wrong_setting_gives_a_usable_interval(value, seconds):
    with _buffered(value):
        assert counters.flush_seconds() == seconds
