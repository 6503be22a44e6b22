"""A recurring obligation makes each of its occurrences once, however often the job runs."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from siteops.deadlines import recurrence, services
from siteops.deadlines.models import Deadline, Obligation
from siteops.org.models import Position

from .factories import day, kind

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _obligation(**kw):
    fields = dict(
        name="ICP 年报", kind=kind("filing"), position=Position.objects.get(code="MGR"),
        frequency="yearly", month=3, day=31, title_template="ICP 年度报告 {period}",
        starts_on=day("2026-01-01"),
    )  # fmt: skip
    fields.update(kw)
    ob = Obligation(**fields)
    ob.full_clean()
    ob.save()
    return ob


def test_by_31_march_yearly_over_three_time_travelled_years(manager):
    ob = _obligation()
    moment = datetime.datetime(2026, 1, 1, 8, 10, tzinfo=TZ)
    while moment < datetime.datetime(2028, 12, 1, tzinfo=TZ):  # 2029's is made from 31 Dec
        with time_machine.travel(moment, tick=False):
            services.run_daily()
            services.run_daily()  # the scheduler firing twice
        moment += datetime.timedelta(days=6)
    occ = list(Deadline.objects.filter(obligation=ob).order_by("due_date"))
    assert [(d.period_key, d.due_date) for d in occ] == [
        ("2026", day("2026-03-31")), ("2027", day("2027-03-31")), ("2028", day("2028-03-31")),
    ]  # fmt: skip
    assert [d.title for d in occ][0] == "ICP 年度报告 2026"
    # Made ahead by the widest lead time (90 days) so the first reminder can go out.
    # (the job ran every 6 days here: the first run from 31 Dec 2026 on made it)
    made = timezone.localtime(occ[1].events.get(kind="registered").at).date()
    assert day("2026-12-31") <= made <= day("2027-01-05")
    with pytest.raises(IntegrityError):
        Deadline.objects.create(obligation=ob, period_key="2027", kind=ob.kind,
                                position=ob.position, due_date=day("2027-03-31"), title="dup")  # fmt: skip


def test_monthly_quarterly_and_within_days():
    r = recurrence.Rule("monthly", day=31)
    assert [o.date for o in recurrence.occurrences(r, day("2027-01-01"), day("2027-03-31"))] == [
        day("2027-01-31"), day("2027-02-28"), day("2027-03-31"),
    ]  # fmt: skip
    q = recurrence.Rule("quarterly", month=1, day=10)
    assert [o.key for o in recurrence.occurrences(q, day("2027-01-01"), day("2027-12-31"))] == [
        "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4",
    ]  # fmt: skip
    once = recurrence.Rule("once", anchor=day("2027-05-20"), within_days=30)
    assert list(recurrence.occurrences(once, day("2027-01-01"), day("2028-01-01"))) == [
        recurrence.Occurrence(day("2027-06-19"), "2027-05-20+30")
    ]


@pytest.mark.django_db
def test_within_30_days_of_go_live_is_one_deadline(manager):
    ob = _obligation(name="上线后备案", frequency="once", anchor=day("2027-05-20"), within_days=30,
                     title_template="上线 30 日内备案 {period}")  # fmt: skip
    for d in ("2027-04-01", "2027-05-01", "2027-06-01", "2027-09-01"):
        services.obligations_generate(today=day(d))
    assert list(Deadline.objects.filter(obligation=ob).values_list("due_date", flat=True)) == [
        day("2027-06-19")
    ]


def test_bad_rules_are_refused_with_a_message(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        _obligation(frequency="yearly", month=2, day=30)
    assert "day" in e.value.message_dict
    with pytest.raises(ValidationError):
        _obligation(name="x", frequency="quarterly", month=4)
    with pytest.raises(ValidationError):
        kind("k2", lead_days="1e300000").full_clean()
