"""The ICP证's obligation calendar over three time-travelled years: one annual-report task per
year opening on 2 January (due 31 March, reminders in January and March, also in a leap year),
and its renewal opening 120 days before the 5-year validity ends, due 90 days before."""

import datetime

import time_machine

from siteops.compliance import services
from siteops.compliance.models import Filing, Licence
from siteops.deadlines.models import Deadline, DigestEntry
from siteops.deadlines.services import digests_send

from .factories import icp_licence

TZ = datetime.timezone(datetime.timedelta(hours=8))


def day(s):
    return datetime.date.fromisoformat(s)


def run_days(start, end):
    """The scheduler's daily jobs, day by day (time travels with them)."""
    d = start
    while d <= end:
        with time_machine.travel(
            datetime.datetime(d.year, d.month, d.day, 8, 5, tzinfo=TZ), tick=False
        ):
            services.filings_open(today=d)
            digests_send(today=d)
        d += datetime.timedelta(days=1)


def test_one_annual_report_per_year_opening_on_2_january(manager):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=TZ), tick=False):
        lic = icp_licence(manager, issued="2026-06-01", valid="2031-06-01")
    for year in (2027, 2028, 2029):  # 2028 is a leap year
        run_days(day(f"{year}-01-01"), day(f"{year}-01-01"))
        assert not Filing.objects.filter(licence=lic, period_key=str(year)).exists()
        run_days(day(f"{year}-01-02"), day(f"{year}-01-02"))
        f = Filing.objects.get(licence=lic, kind="annual_report", period_key=str(year))
        assert (f.opens_on, f.due_date) == (day(f"{year}-01-02"), day(f"{year}-03-31"))
        assert f.checklist.count() == 4
        dl = Deadline.objects.get(subject_id=str(f.pk), status="open")
        assert dl.due_date == day(f"{year}-03-31") and dl.position.code == "MGR"
        # Reminders: the manager's digest in January (60 days before) and in March (7 and 1).
        run_days(day(f"{year}-01-03"), day(f"{year}-03-31"))
        reminded = sorted(
            DigestEntry.objects.filter(deadline=dl, digest__user=manager).values_list(
                "digest__day", flat=True
            )
        )
        assert [d.month for d in reminded] == [1, 3, 3]
        assert reminded[1:] == [day(f"{year}-03-24"), day(f"{year}-03-30")]
        # The manager records the submission and the outcome: the due date is settled.
        with time_machine.travel(datetime.datetime(year, 3, 20, 10, tzinfo=TZ), tick=False):
            services.filing_submit(actor=manager, filing=f, submitted_on=day(f"{year}-03-20"),
                                   receipt_number=f"NB{year}0320001")  # fmt: skip
            services.filing_close(actor=manager, filing=f, outcome="accepted")
        dl.refresh_from_db()
        assert dl.status == "done"
    # Running every day again creates nothing twice.
    run_days(day("2029-01-02"), day("2029-01-05"))
    assert Filing.objects.filter(licence=lic, kind="annual_report").count() == 3


def test_renewal_opens_120_days_before_expiry_and_moves_the_validity(manager):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=TZ), tick=False):
        lic = icp_licence(manager, issued="2022-08-01", valid="2027-08-01")
    opens = day("2027-08-01") - datetime.timedelta(days=120)  # 2027-04-03
    run_days(opens - datetime.timedelta(days=1), opens - datetime.timedelta(days=1))
    assert not Filing.objects.filter(licence=lic, kind="renewal").exists()
    run_days(opens, opens)
    f = Filing.objects.get(licence=lic, kind="renewal")
    assert f.due_date == day("2027-08-01") - datetime.timedelta(days=90)
    assert Licence.objects.get(pk=lic.pk).status == "renewal_due"
    with time_machine.travel(datetime.datetime(2027, 4, 20, 10, tzinfo=TZ), tick=False):
        services.filing_submit(actor=manager, filing=f, submitted_on=day("2027-04-20"),
                               receipt_number="XK2027042001")  # fmt: skip
        services.filing_close(actor=manager, filing=f, outcome="accepted",
                              new_valid_until=day("2032-08-01"))  # fmt: skip
    lic.refresh_from_db()
    assert (lic.status, lic.valid_until) == ("granted", day("2032-08-01"))
    # The next renewal belongs to the new validity end.
    run_days(day("2032-04-03"), day("2032-04-03"))
    assert Filing.objects.filter(licence=lic, kind="renewal").count() == 2


def test_a_lapsed_licence_expires(manager):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=TZ), tick=False):
        lic = icp_licence(manager, issued="2022-01-10", valid="2027-01-10")
    run_days(day("2027-01-11"), day("2027-01-11"))
    assert Licence.objects.get(pk=lic.pk).status == "expired"
