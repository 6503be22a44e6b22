"""A recurring duty creates one item per period, however often the scheduler runs."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError

from siteops.org.models import Duty, Position
from siteops.work import supervision
from siteops.work.models import DutySchedule, WorkItem

TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def weekly(db):
    return DutySchedule.objects.create(
        name="PRC-04 weekly order report", duty=Duty.objects.filter(code="PRC-04").first(),
        position=Position.objects.get(code="PRC"), frequency="weekly", weekday=0, hour=9,
        title_template="Weekly order report {period}", due_in_days=1,
    )  # fmt: skip


def test_weekly_monday_nine(weekly, process_editor):
    mon = datetime.datetime(2026, 11, 23, 8, 59, tzinfo=TZ)
    with time_machine.travel(mon, tick=False):
        assert supervision.run_schedules() == []  # not yet 09:00
    with time_machine.travel(mon + datetime.timedelta(minutes=2), tick=False):
        created = supervision.run_schedules()
        assert [i.title for i in created] == ["Weekly order report 2026-W48"]
        assert supervision.run_schedules() == []
    with time_machine.travel(mon + datetime.timedelta(days=3), tick=False):
        assert supervision.run_schedules() == []  # same week
    with time_machine.travel(mon + datetime.timedelta(days=7, hours=1), tick=False):
        assert len(supervision.run_schedules()) == 1
    items = WorkItem.objects.filter(schedule=weekly).order_by("pk")
    assert [i.period_key for i in items] == ["2026-W48", "2026-W49"]
    first = items[0]
    assert first.position.code == "PRC" and first.source == "schedule" and first.kind == "duty"
    assert first.due == datetime.date(2026, 11, 24)
    assert list(first.assignees.all()) == [process_editor]


def test_database_refuses_a_duplicate_period(weekly):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=TZ), tick=False):
        supervision.run_schedules()
    item = WorkItem.objects.get(schedule=weekly)
    with pytest.raises(IntegrityError):
        WorkItem.objects.create(
            title="dup", source="schedule", position=item.position, schedule=weekly,
            period_key=item.period_key,
        )  # fmt: skip


@pytest.mark.django_db
def test_period_keys():
    s = DutySchedule(frequency="quarterly", day_of_month=5, month=1, hour=9)
    key, fire = supervision.period_of(s, datetime.datetime(2026, 8, 20, tzinfo=TZ))
    assert key == "2026-Q3" and fire.date() == datetime.date(2026, 7, 5)
    s = DutySchedule(frequency="yearly", day_of_month=15, month=3, hour=9)
    key, fire = supervision.period_of(s, datetime.datetime(2026, 1, 2, tzinfo=TZ))
    assert key == "2026" and fire.date() == datetime.date(2026, 3, 15)
    s = DutySchedule(frequency="monthly", day_of_month=1, hour=0)
    assert supervision.period_of(s, datetime.datetime(2026, 2, 1, 0, 30, tzinfo=TZ))[0] == "2026-02"
