"""A periodic job more than 15 minutes behind its schedule is shown, not silent."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from siteops.jobs import health
from siteops.jobs.models import JobRun
from siteops.jobs.schedule import JOBS
from siteops.orders import tasks as order_tasks

TZ = datetime.timezone(datetime.timedelta(hours=8))
EXPIRE = order_tasks.expire_reservations.module_path  # every 5 minutes


def _all_ran(at):
    for job in JOBS:
        JobRun.objects.update_or_create(
            name=job.name,
            defaults={
                "first_seen_at": at - datetime.timedelta(days=30),
                "last_success_for": at,
                "last_success_at": at,
            },
        )


@pytest.fixture
def expire_last_ran_at_10(db):
    """Every job ran at 10:20:30 except expire_reservations, last run queued at 10:00."""
    _all_ran(datetime.datetime(2026, 12, 1, 10, 20, 30, tzinfo=TZ))
    JobRun.objects.filter(name=EXPIRE).update(
        last_success_for=datetime.datetime(2026, 12, 1, 10, 0, 0, 200000, tzinfo=TZ)
    )


def test_sixteen_minutes_late_shows_on_healthz(client, expire_last_ran_at_10):
    # The 10:05 run is missing: at 10:19 it is 14 minutes late (not yet), at 10:21 sixteen.
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 19, 30, tzinfo=TZ), tick=False):
        r = client.get("/healthz")
        assert r.status_code == 200 and r.json()["status"] == "ok"
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 21, 30, tzinfo=TZ), tick=False):
        r = client.get("/healthz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "late"
    assert [(j["job"], j["minutes_late"]) for j in body["late_jobs"]] == [(EXPIRE, 16)]
    assert r["Content-Type"] == "application/json"
    # Status only: no data, settings or secrets.
    assert set(body) == {"status", "checked_at", "late_after_minutes", "late_jobs", "stuck_tasks"}
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("who, shown", [("manager", True), ("dev_lead", True),
                                        ("product_editor", False), ("chief_editor", False)])  # fmt: skip
def test_banner_on_the_workbench_of_manager_and_programming_lead(
    client, expire_last_ran_at_10, request, who, shown
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 21, 30, tzinfo=TZ), tick=False):
        page = client.get("/backoffice/work/").content.decode()
    assert ('id="jobs-late-banner"' in page) is shown
    if shown:
        assert EXPIRE in page and "16" in page


def test_acting_programming_lead_sees_the_banner(client, expire_last_ran_at_10):
    from conftest import make_staff

    acting = make_staff("acting_dev", "DEV", kind="acting")  # DEV has no holder
    client.force_login(acting)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 21, 30, tzinfo=TZ), tick=False):
        assert 'id="jobs-late-banner"' in client.get("/backoffice/work/").content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 19, 30, tzinfo=TZ), tick=False):
        assert 'id="jobs-late-banner"' not in client.get("/backoffice/work/").content.decode()


def test_a_new_installation_counts_from_when_the_job_was_first_seen(db):
    start = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=TZ)
    assert health.late_jobs(start) == []  # rows made now: the baseline
    late = {j.name for j in health.late_jobs(start + datetime.timedelta(minutes=21))}
    assert EXPIRE in late  # the 07:05 run never happened
    assert order_tasks.expire_reservations.module_path in late


def test_a_successful_run_is_recorded_and_clears_the_alarm(db):
    start = timezone.now()
    health.late_jobs(start)
    order_tasks.expire_reservations.enqueue()  # immediate backend in tests; a worker in production
    run = JobRun.objects.get(name=EXPIRE)
    assert run.last_success_at is not None and run.last_success_for is not None
    assert EXPIRE not in {j.name for j in health.late_jobs(start + datetime.timedelta(minutes=10))}


def test_healthz_json_is_parseable_for_anonymous(client, db):
    r = client.get("/healthz")
    assert r.status_code in (200, 503)
    json.loads(r.content)
