"""Reminders of many due dates reach each person as one digest a day (back office + one email)."""

import datetime

import time_machine
from django.core import mail

from siteops.deadlines import services
from siteops.deadlines.models import DigestEntry, DigestSent

from .factories import day, deadlines

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _run(capture, today):
    with capture(execute=True):
        return services.digests_send(today=today)


def test_forty_due_objects_are_one_email(manager, dev_lead, django_capture_on_commit_callbacks):
    deadlines(40, due=day("2027-03-31"), position="MGR")
    deadlines(3, due=day("2027-03-31"), position="DEV")
    assert _run(django_capture_on_commit_callbacks, day("2027-03-24")) == 2  # 7 days before
    assert sorted(m.to[0] for m in mail.outbox) == [dev_lead.email, manager.email]
    to_manager = next(m for m in mail.outbox if m.to == [manager.email])
    assert "40" in to_manager.subject
    assert to_manager.body.count("证照") == 40
    assert DigestSent.objects.get(user=manager).entries.count() == 40

    # Running again that day (or the scheduler twice) sends nothing new.
    assert _run(django_capture_on_commit_callbacks, day("2027-03-24")) == 0
    assert len(mail.outbox) == 2
    # The next day nothing new is due (the 7-day reminder went out; the 1-day one comes later).
    assert _run(django_capture_on_commit_callbacks, day("2027-03-25")) == 0
    assert _run(django_capture_on_commit_callbacks, day("2027-03-30")) == 2
    assert len(mail.outbox) == 4
    assert DigestEntry.objects.filter(lead_days=1).count() == 43


def test_lead_times_are_per_kind_and_late_registration_catches_up(
    manager, django_capture_on_commit_callbacks
):
    (d,) = deadlines(1, due=day("2027-06-30"), code="domain", lead_days="60,14")
    # Registered 20 days before: the 60-day reminder is caught up once, then the 14-day one.
    assert _run(django_capture_on_commit_callbacks, day("2027-06-10")) == 1
    assert DigestEntry.objects.get(deadline=d).lead_days == 60
    assert _run(django_capture_on_commit_callbacks, day("2027-06-12")) == 0
    assert _run(django_capture_on_commit_callbacks, day("2027-06-16")) == 1
    # Moved to a later date: its reminders start afresh; done: no more.
    services.deadline_register(subject=d.subject, kind="domain", due_date=day("2027-09-30"),
                               position="MGR", title=d.title)  # fmt: skip
    assert _run(django_capture_on_commit_callbacks, day("2027-08-01")) == 1
    services.deadline_done(actor=manager, deadline=d, outcome="已续费至 2028-09-30")
    assert _run(django_capture_on_commit_callbacks, day("2027-09-16")) == 0
    assert len(mail.outbox) == 3


def test_reminders_go_to_whoever_does_the_position_now(django_capture_on_commit_callbacks, manager):
    from conftest import make_staff

    deadlines(2, due=day("2027-03-31"), position="MGR")
    _run(django_capture_on_commit_callbacks, day("2027-03-24"))
    # The manager leaves; the acting manager is told of what is still coming, at the next lead.
    manager.assignments.update(end=day("2027-03-25"))
    acting = make_staff("acting_mgr", "MGR", kind="acting", days_ago=0)
    with time_machine.travel(datetime.datetime(2027, 3, 30, 9, tzinfo=TZ), tick=False):
        _run(django_capture_on_commit_callbacks, day("2027-03-30"))
    assert DigestSent.objects.get(user=acting).entries.count() == 2
    assert not DigestSent.objects.filter(user=manager, day=day("2027-03-30")).exists()
