"""Loaded by the scheduler (crontask imports every app's ``tasks``): registers the schedule."""

from .schedule import SCHEDULE  # noqa: F401
