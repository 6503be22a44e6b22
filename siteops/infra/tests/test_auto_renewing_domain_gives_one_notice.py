"""Domains, certificates and contracts expire with lead-time reminders in the daily digest; one
that renews itself gives one notice, not the series."""

import datetime

from siteops.deadlines.models import DigestEntry
from siteops.deadlines.services import digests_send
from siteops.infra import services
from siteops.infra.models import Contract, Domain, Provider
from siteops.org.models import Position


def _days(start, n):
    for i in range(n):
        digests_send(today=start + datetime.timedelta(days=i))


def test_auto_renewing_domain_one_notice_manual_one_the_series(manager):
    reg = Provider.objects.create(name="阿里云万网", kind="registrar")
    today = datetime.date.today()
    mgr = Position.objects.get(code="MGR")
    auto = services.renewable_save(actor=manager, obj=Domain(
        name="example.cn", registrar=reg, expires_on=today + datetime.timedelta(days=100), auto_renew=True,
        position=mgr, icp_number="沪ICP备20260001号"))  # fmt: skip
    manual = services.renewable_save(actor=manager, obj=Domain(
        name="example.com.cn", registrar=reg, expires_on=today + datetime.timedelta(days=100), position=mgr))  # fmt: skip
    _days(today, 101)
    auto_lines = DigestEntry.objects.filter(
        deadline__subject_id=str(auto.pk), deadline__kind__code="auto_renewal"
    )
    manual_lines = DigestEntry.objects.filter(
        deadline__subject_id=str(manual.pk), deadline__kind__code="domain"
    )
    assert auto_lines.count() == 1 and auto_lines.get().lead_days == 7
    assert sorted(manual_lines.values_list("lead_days", flat=True)) == [1, 7, 30, 90]


def test_contract_reminds_before_its_notice_period(manager):
    idc = Provider.objects.create(name="上海电信IDC", kind="idc")
    today = datetime.date.today()
    c = services.renewable_save(actor=manager, obj=Contract(
        provider=idc, title="机柜托管合同", starts_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=65), notice_days=60, monthly_cost="8000",
        position=Position.objects.get(code="MGR")))  # fmt: skip
    from siteops.deadlines.models import Deadline

    d = Deadline.objects.get(subject_id=str(c.pk), kind__code="contract")
    assert d.due_date == c.expires_on - datetime.timedelta(days=60)


def test_keyword_address_registration_renews_like_a_domain(manager, client, maintainer, hr):
    from siteops.deadlines.models import Deadline
    from siteops.infra.models import KeywordRegistration

    reg = Provider.objects.create(name="CNNIC 代理", kind="registrar")
    kw = services.renewable_save(actor=manager, obj=KeywordRegistration(
        keyword="示例商城", registrar=reg, expires_on=datetime.date.today() + datetime.timedelta(days=50),
        position=Position.objects.get(code="MGR")))  # fmt: skip
    d = Deadline.objects.get(subject_id=str(kw.pk), kind__code="keywordregistration")
    assert d.due_date == kw.expires_on and d.kind.leads == [90, 30, 7, 1]
    for user, status in ((manager, 200), (maintainer, 200), (hr, 403)):
        client.force_login(user)
        assert client.get("/backoffice/infra/keywordregistration/").status_code == status
