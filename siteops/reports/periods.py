"""Report periods: a day, an ISO week (Monday–Sunday), a calendar month, a calendar year, or
custom dates."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

from .choices import PeriodKind


def period_containing(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if kind == PeriodKind.DAY:
        return day, day
    if kind == PeriodKind.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if kind == PeriodKind.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if kind == PeriodKind.YEAR:
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise ValueError(kind)


def last_complete_period(kind: str, now=None) -> tuple[datetime.date, datetime.date]:
    """The most recent period of this kind that has fully ended (yesterday, last week, …)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    start, _ = period_containing(kind, today)
    return period_containing(kind, start - datetime.timedelta(days=1))
