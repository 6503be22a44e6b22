"""Changing the company's name, address, legal representative, a domain or the hosting provider
shows the licences to amend and their deadlines on one screen; starting them marks each
"change pending" with its due date. The yearly report counts obligations on time and late."""

import datetime

import pytest
import time_machine

from siteops.compliance import impact, services, yearly
from siteops.compliance.models import Licence
from siteops.compliance.tests.factories import icp_licence
from siteops.deadlines.models import Deadline

pytestmark = pytest.mark.django_db  # the fixtures asked for by name need the database

TODAY = datetime.date(2027, 1, 10)


def test_a_new_hosting_provider_needs_the_icp_filing_changed_before(manager):
    on = datetime.date(2027, 3, 1)
    rows = impact.amendments(impact.Change.HOSTING, on, TODAY)
    kinds = {a.licence.kind: a for a in rows}
    assert set(kinds) == {"icp_filing", "psb_filing"}
    assert kinds["icp_filing"].due == datetime.date(2027, 1, 30)  # 30 days before the move
    assert kinds["psb_filing"].due == datetime.date(2027, 3, 31)
    assert rows[0].licence.kind == "icp_filing"  # soonest first


def test_a_name_change_touches_the_icp_licence_and_opens_the_amendments(manager):
    lic = icp_licence(manager)
    rows = impact.amendments(impact.Change.NAME, datetime.date(2027, 2, 1), TODAY)
    assert lic.pk in {a.licence.pk for a in rows}
    n = impact.amendments_open(
        actor=manager, change=impact.Change.NAME, on=datetime.date(2027, 2, 1), today=TODAY
    )
    assert n == len(rows)
    lic.refresh_from_db()
    assert lic.status == "change_pending"
    assert Deadline.objects.get(
        subject_id=str(lic.pk), kind__code="licence_change"
    ).due_date == datetime.date(2027, 3, 3)
    # Twice: nothing doubles (the due date is the same open one).
    impact.amendments_open(
        actor=manager, change=impact.Change.NAME, on=datetime.date(2027, 2, 1), today=TODAY
    )
    assert Deadline.objects.filter(subject_id=str(lic.pk), kind__code="licence_change").count() == 1


def test_a_domain_change_only_touches_the_licences_covering_it(manager):
    lic = icp_licence(manager)  # covers shop.example.cn
    other = impact.amendments(impact.Change.DOMAIN, TODAY, TODAY, domain="other.cn")
    assert lic.pk not in {a.licence.pk for a in other}
    assert lic.pk in {
        a.licence.pk
        for a in impact.amendments(impact.Change.DOMAIN, TODAY, TODAY, domain="shop.example.cn")
    }


@pytest.mark.parametrize("username,status", [("manager", 200), ("leader", 200), ("maintainer", 403), ("hr", 403),
                                             ("chief_editor", 403)])  # fmt: skip
def test_who_sees_the_screens(client, username, status, request):
    client.force_login(request.getfixturevalue(username))
    assert (
        client.get("/backoffice/compliance/impact/?change=name&on=2027-02-01").status_code == status
    )
    assert client.get("/backoffice/compliance/report/?year=2027").status_code == status


def test_bad_input_is_an_error_not_a_500(client, manager):
    client.force_login(manager)
    for q in [
        "change=nonsense",
        "change=name&on=2027-02-30",
        "change=name&on=1e300000",
        "change=name&on=%00",
    ]:
        assert client.get(f"/backoffice/compliance/impact/?{q}").status_code in (200, 400), q
    assert client.get("/backoffice/compliance/report/?year=1e300000").status_code == 200


def test_leadership_sees_but_cannot_start_amendments(client, leader, manager):
    lic = icp_licence(manager)
    client.force_login(leader)
    client.post("/backoffice/compliance/impact/", {"change": "name", "on": "2027-02-01"})
    assert Licence.objects.get(pk=lic.pk).status == "granted"
    client.force_login(manager)
    client.post("/backoffice/compliance/impact/", {"change": "name", "on": "2027-02-01"})
    assert Licence.objects.get(pk=lic.pk).status == "change_pending"


def test_anonymous_is_sent_to_login(client, db):
    for url in ["/backoffice/compliance/impact/", "/backoffice/compliance/report/"]:
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"]


def test_yearly_report_counts_on_time_and_late(manager):
    lic = icp_licence(manager)
    services.filings_open(today=datetime.date(2027, 1, 2))
    report_2027 = lic.filings.get(kind="annual_report", period_key="2027")
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC), tick=False):
        services.filing_submit(actor=manager, filing=report_2027, submitted_on=datetime.date(2027, 1, 30),
                               receipt_number="NB-1")  # fmt: skip
    r = yearly.yearly_report(2027, datetime.date(2027, 12, 31))
    assert (
        [f.pk for f in r["on_time"]] == [report_2027.pk]
        and r["late"] == []
        and r["on_time_rate"] == 100
    )
    services.filings_open(today=datetime.date(2028, 1, 2))
    r = yearly.yearly_report(2028, datetime.date(2028, 4, 2))  # the 2028 report was never filed
    assert [f.period_key for f in r["late"]] == ["2028"] and r["on_time_rate"] == 0
    assert lic in r["held"]
