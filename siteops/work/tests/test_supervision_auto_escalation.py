"""Supervision: reminders before the due date, overdue notices and automatic escalation by the
rules, counted in working days (weekends skipped), each once."""

import datetime

import pytest
import time_machine
from django.core import mail

from siteops.work import supervision
from siteops.work.models import EscalationRule, Notification

from .factories import task

MON = datetime.date(2026, 11, 16)  # a Monday


def at(day, hour=9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)
        + datetime.timedelta(hours=-8),
        tick=False,
    )


@pytest.fixture
def rules(db):
    EscalationRule.objects.create(name="1 day → lead", overdue_working_days=1, levels_up=1)
    EscalationRule.objects.create(name="3 days → manager", overdue_working_days=3, levels_up=2)


def test_working_days_skip_weekends():
    fri = MON + datetime.timedelta(days=4)
    assert supervision.working_days_overdue(fri, fri + datetime.timedelta(days=2), set()) == 0
    assert supervision.working_days_overdue(fri, fri + datetime.timedelta(days=3), set()) == 1
    holiday = fri + datetime.timedelta(days=3)
    assert supervision.working_days_overdue(fri, holiday, {holiday}) == 0


@pytest.mark.django_db
def test_overdue_item_goes_to_lead_then_manager(rules, staff, django_capture_on_commit_callbacks):
    fri = MON + datetime.timedelta(days=4)
    with at(MON):
        item = task("PED", actor=staff["chief_editor"], title="Listing", due=fri)
    with at(fri + datetime.timedelta(days=3)):  # Monday after: 1 working day late
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = supervision.supervise()
        item.refresh_from_db()
        assert result["escalated"] == 1 and result["overdue"] == 1
        assert (item.status, item.position.code) == ("escalated", "CE")
        assert any("Listing" in m.subject for m in mail.outbox)
        assert supervision.supervise()["escalated"] == 0  # same day again: nothing new
        assert Notification.objects.filter(item=item, kind="overdue").count() == 1
    with at(fri + datetime.timedelta(days=4)):  # 2 working days: still the lead
        assert supervision.auto_escalate() == 0
    with at(fri + datetime.timedelta(days=5)):  # 3 working days: the manager
        assert supervision.auto_escalate() == 1
        item.refresh_from_db()
        assert item.position.code == "MGR" and item.home_position.code == "PED"
        assert supervision.auto_escalate() == 0
    hops = [
        (e.from_position.code, e.to_position.code, e.actor)
        for e in item.events.filter(kind="escalated")
    ]
    assert hops == [("PED", "CE", None), ("CE", "MGR", None)]


@pytest.mark.django_db
def test_not_overdue_nothing_happens(rules, staff):
    with at(MON):
        task("PED", actor=staff["chief_editor"], due=MON + datetime.timedelta(days=3))
        assert supervision.supervise() == {"reminders": 0, "overdue": 0, "escalated": 0}


@pytest.mark.django_db
def test_due_soon_reminder_once(staff):
    with at(MON):
        item = task("PED", actor=staff["chief_editor"], due=MON + datetime.timedelta(days=1))
        assert supervision.send_due_reminders() == 1
        assert supervision.send_due_reminders() == 0
    assert (
        Notification.objects.filter(
            item=item, kind="due_soon", user=staff["product_editor"]
        ).count()
        == 1
    )
