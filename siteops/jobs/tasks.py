"""Loaded by the scheduler (crontask imports every app's ``tasks``): registers the schedule."""

from crontask import cron

from .schedule import JOBS

SCHEDULE = [cron(job.cron)(job.task) for job in JOBS]
