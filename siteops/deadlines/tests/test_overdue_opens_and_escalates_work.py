"""A due date passed without its outcome becomes work, which the escalation rules move up."""

import datetime

import time_machine

from siteops.deadlines import services
from siteops.deadlines.models import DeadlineEvent
from siteops.work import supervision
from siteops.work.models import EscalationRule, WorkItem

from .factories import day, deadlines

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _items(d):
    return WorkItem.objects.filter(subject_type__model="deadline", subject_id=str(d.pk))


def test_passed_deadline_opens_one_item_then_escalates_by_the_rules(
    product_editor, chief_editor, manager
):
    EscalationRule.objects.create(name="1 day → lead", overdue_working_days=1, levels_up=1)
    (d,) = deadlines(1, due=day("2027-03-31"), position="PED")  # a Wednesday
    assert services.overdue_process(today=day("2027-03-31")) == 0  # due today: not yet
    assert services.overdue_process(today=day("2027-04-01")) == 1
    assert services.overdue_process(today=day("2027-04-01")) == 0  # once per due date
    item = _items(d).get()
    assert item.position.code == "PED" and item.due == d.due_date and "证照 0" in item.title
    assert product_editor in item.assignees.all()
    assert DeadlineEvent.objects.filter(deadline=d, kind="overdue").count() == 1

    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=TZ), tick=False):
        supervision.supervise(today=day("2027-04-01"))
    item.refresh_from_db()
    assert item.status == "escalated" and item.position.code == "CE"

    # Recording the outcome closes the work; a later run opens nothing.
    services.deadline_done(actor=product_editor, deadline=d, outcome="已续期")
    item.refresh_from_db()
    assert item.is_closed
    assert services.overdue_process(today=day("2027-04-10")) == 0
    assert _items(d).count() == 1


def test_an_existing_item_is_brought_forward_not_duplicated(product_editor):
    (d,) = deadlines(1, due=day("2027-03-31"), position="PED")
    from siteops.work.services import item_create

    item = item_create(actor=None, position="PED", title="续期", source="system", subject=d,
                       due=day("2027-05-01"))  # fmt: skip
    services.overdue_process(today=day("2027-04-02"))
    assert _items(d).count() == 1
    item.refresh_from_db()
    assert item.due == day("2027-03-31")  # now overdue for the escalation rules


def test_only_the_responsible_position_records_the_outcome(product_editor, purchasing, manager):
    import pytest

    from siteops.core.errors import NotAllowed

    (d,) = deadlines(1, due=day("2027-03-31"), position="PED")
    with pytest.raises(NotAllowed):
        services.deadline_done(actor=purchasing, deadline=d, outcome="x")
    services.deadline_done(actor=manager, deadline=d, outcome="经理确认")  # may settle any
    d.refresh_from_db()
    assert d.status == "done" and d.done_by == manager
