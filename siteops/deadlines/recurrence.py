"""The one recurrence engine: which period a day falls in, and when that period's occurrence is.

Pure date arithmetic (no database), used by the deadlines app's recurring obligations and by the
work app's recurring duty schedules::

    rule = Rule(frequency="yearly", month=3, day=31)        # "by 31 March every year"
    occurrence_in(rule, date(2027, 1, 5))                    # Occurrence("2027", date(2027, 3, 31))
    list(occurrences(rule, date(2026, 1, 1), date(2028, 12, 31)))   # one per year

A period key (``2026``, ``2026-Q3``, ``2026-11``, ``2026-W48``, ``2026-11-23``) names a period
once and for all, so "(rule, period key)" can be unique in the database: each occurrence is made
exactly once however often a job runs.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, ONCE = (
    "daily", "weekly", "monthly", "quarterly", "yearly", "once",
)  # fmt: skip
FREQUENCIES = (DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, ONCE)


@dataclass(frozen=True)
class Rule:
    """When something recurs.

    ``weekday``: weekly (0 = Monday). ``day``: day of the month (1–31; a short month uses its last
    day). ``month``: yearly, the month (1–12); quarterly, the month of the quarter (1–3).
    ``once``: a single occurrence ``within_days`` after ``anchor`` ("within 30 days of go-live").
    """

    frequency: str
    weekday: int = 0
    day: int = 1
    month: int = 1
    anchor: datetime.date | None = None
    within_days: int = 0

    def __post_init__(self):
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {self.frequency!r}")
        if not 0 <= self.weekday <= 6 or not 1 <= self.day <= 31 or not 1 <= self.month <= 12:
            raise ValueError("weekday, day or month out of range")
        if self.frequency == QUARTERLY and self.month > 3:
            raise ValueError("quarterly: month 1, 2 or 3 of the quarter")
        if self.frequency == ONCE and self.anchor is None:
            raise ValueError("once: an anchor date is needed")


@dataclass(frozen=True, order=True)
class Occurrence:
    """One period of a rule: its key and the day it falls on (the due date)."""

    date: datetime.date
    key: str


def _day_in(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrence_in(rule: Rule, day: datetime.date) -> Occurrence:
    """The occurrence of the period that ``day`` falls in."""
    f = rule.frequency
    if f == DAILY:
        return Occurrence(day, day.isoformat())
    if f == WEEKLY:
        iso = day.isocalendar()
        monday = day - datetime.timedelta(days=day.weekday())
        return Occurrence(
            monday + datetime.timedelta(days=rule.weekday), f"{iso.year}-W{iso.week:02d}"
        )
    if f == MONTHLY:
        return Occurrence(_day_in(day.year, day.month, rule.day), f"{day.year}-{day.month:02d}")
    if f == QUARTERLY:
        q = (day.month - 1) // 3
        return Occurrence(_day_in(day.year, q * 3 + rule.month, rule.day), f"{day.year}-Q{q + 1}")
    if f == YEARLY:
        return Occurrence(_day_in(day.year, rule.month, rule.day), f"{day.year}")
    return once(rule)


def once(rule: Rule) -> Occurrence:
    due = rule.anchor + datetime.timedelta(days=rule.within_days)
    return Occurrence(due, f"{rule.anchor.isoformat()}+{rule.within_days}")


def _next_period_start(rule: Rule, day: datetime.date) -> datetime.date:
    f = rule.frequency
    if f == DAILY:
        return day + datetime.timedelta(days=1)
    if f == WEEKLY:
        return day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(days=7)
    if f == MONTHLY:
        return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    if f == QUARTERLY:
        q = (day.month - 1) // 3
        return datetime.date(day.year + (q == 3), (q + 1) % 4 * 3 + 1, 1)
    return datetime.date(day.year + 1, 1, 1)


def occurrences(rule: Rule, start: datetime.date, end: datetime.date) -> Iterator[Occurrence]:
    """Every occurrence whose date is within ``start``–``end`` (both included), in order."""
    if rule.frequency == ONCE:
        occ = once(rule)
        if start <= occ.date <= end:
            yield occ
        return
    day = start
    while day <= end + datetime.timedelta(days=366):
        occ = occurrence_in(rule, day)
        if occ.date > end:
            return
        if occ.date >= start:
            yield occ
        day = _next_period_start(rule, day)
