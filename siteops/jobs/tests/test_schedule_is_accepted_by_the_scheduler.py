"""Every scheduled job's cron line is one the scheduler accepts: crontask refuses a weekday
written as a number (its meaning depends on the time zone's first weekday), and a refused line
stops the whole scheduler of ``siteops run-all``."""

import datetime

from apscheduler.triggers.cron import CronTrigger
from django.utils import timezone

from siteops.jobs.schedule import JOBS


def test_every_cron_line_names_weekdays_and_parses():
    for job in JOBS:
        weekday = job.cron.split(" ")[-1]
        assert not any(c.isdigit() for c in weekday), job.cron
        trigger = CronTrigger.from_crontab(job.cron, timezone=timezone.get_default_timezone())
        assert trigger.get_next_fire_time(None, timezone.now()) is not None, job.cron


def test_partner_link_checks_run_on_monday_morning():
    (job,) = [j for j in JOBS if j.task.name.endswith("check_partner_links")]
    tz = timezone.get_default_timezone()
    trigger = CronTrigger.from_crontab(job.cron, timezone=tz)
    due = trigger.get_next_fire_time(None, datetime.datetime(2026, 12, 8, tzinfo=tz))  # a Tuesday
    assert (due.weekday(), due.hour, due.minute) == (0, 6, 40)
