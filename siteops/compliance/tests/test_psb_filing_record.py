"""The 公安备案 filing is a record: opened once when a site goes live (due in 30 days), submitted
→ accepted (number, licence granted, on the site's footer list, work item closed) or rejected
(→ submitted again); illegal steps are refused and change nothing; evidence of an accepted
filing is fixed; the site's page shows the filing; the filing page's permissions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_staff
from siteops.compliance import psb
from siteops.compliance.models import (
    Evidence,
    Licence,
    PsbFiling,
    PsbFilingEvent,
    SiteFooterLicence,
)
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.infra import sites
from siteops.infra.models import Site
from siteops.work.models import WorkItem

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def filing(manager):
    site = sites.site_save(actor=manager, site=Site(name="会员中心", base_url="https://vip.example.cn/",
                                                    icp_number="沪ICP备2026000001号-3"))  # fmt: skip
    sites.site_mark_live(actor=manager, site=site, live_on=DAY)
    return PsbFiling.objects.get(site=site)


def _item(filing):
    return WorkItem.objects.get(subject_type__model="psbfiling", subject_id=str(filing.pk))


def test_going_live_opens_one_filing_linked_to_a_work_item(filing, manager):
    assert filing.status == "preparing" and filing.opened_on == DAY
    assert filing.due_date == DAY + datetime.timedelta(days=30)
    assert _item(filing).due == filing.due_date
    assert psb.psb_open_for_site(filing.site) == filing
    assert (
        PsbFiling.objects.count() == 1 and PsbFilingEvent.objects.filter(filing=filing).count() == 1
    )


def test_submitted_then_accepted(filing, manager):
    psb.psb_submit(actor=manager, filing=filing, submitted_on=DAY, application_number="SQ-001",
                   upload=SimpleUploadedFile("receipt.png", b"\x89PNG..."))  # fmt: skip
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.licence.status == "submitted"
    psb.psb_accept(actor=manager, filing=filing, decided_on=DAY + datetime.timedelta(days=5),
                   filing_number="沪公网安备31010402009999号")  # fmt: skip
    filing.refresh_from_db()
    lic = Licence.objects.get(pk=filing.licence_id)
    assert filing.status == "accepted" and lic.status == "granted"
    assert lic.number == "沪公网安备31010402009999号"
    row = SiteFooterLicence.objects.get(site_id=filing.site_id, licence=lic)
    assert row.needs_icon and row.needs_link
    assert _item(filing).status in ("done", "cancelled")
    steps = list(
        PsbFilingEvent.objects.filter(filing=filing).values_list("from_status", "to_status")
    )
    assert steps == [("", "preparing"), ("preparing", "submitted"), ("submitted", "accepted")]
    ev = Evidence.objects.get(psb_filing=filing)
    assert ev.is_locked
    with pytest.raises(ValidationError):
        ev.title = "改"
        ev.save()
    with pytest.raises(IllegalTransition):  # accepted is final
        psb.psb_reject(actor=manager, filing=filing, decided_on=DAY, reason="x")


def test_rejected_then_submitted_again(filing, manager):
    psb.psb_submit(actor=manager, filing=filing, submitted_on=DAY, application_number="SQ-001")
    psb.psb_reject(actor=manager, filing=filing, decided_on=DAY + datetime.timedelta(days=2),
                   reason="网站负责人信息不全")  # fmt: skip
    filing.refresh_from_db()
    assert filing.status == "rejected" and filing.licence.status == "preparing"
    assert _item(filing).status not in ("done", "cancelled")
    psb.psb_submit(actor=manager, filing=filing, submitted_on=DAY + datetime.timedelta(days=3),
                   application_number="SQ-002")  # fmt: skip
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.application_number == "SQ-002"
    assert filing.rejection_reason == "" and filing.licence.status == "submitted"


def test_illegal_steps_and_bad_input_change_nothing(filing, manager, maintainer):
    before = PsbFiling.objects.values().get(pk=filing.pk)
    with pytest.raises(IllegalTransition):
        psb.psb_accept(actor=manager, filing=filing, decided_on=DAY, filing_number="X")
    with pytest.raises(ValidationError):
        psb.psb_submit(actor=manager, filing=filing, submitted_on=DAY, application_number=" ")
    with pytest.raises(ValidationError):
        psb.psb_submit(actor=manager, filing=filing, submitted_on=DAY - datetime.timedelta(days=1),
                       application_number="SQ")  # fmt: skip
    with pytest.raises(ValidationError):
        psb.psb_submit(actor=manager, filing=filing, application_number="SQ",
                       submitted_on=datetime.date.today() + datetime.timedelta(days=3))  # fmt: skip
    with pytest.raises(NotAllowed):
        psb.psb_submit(actor=maintainer, filing=filing, submitted_on=DAY, application_number="SQ")
    assert PsbFiling.objects.values().get(pk=filing.pk) == before


def test_the_site_page_shows_the_filing(client, filing, manager):
    client.force_login(manager)
    page = client.get(f"/backoffice/infra/site/{filing.site_id}/change/").content.decode()
    assert 'id="site-compliance"' in page and f"/backoffice/compliance/psb/{filing.pk}/" in page


def _url(filing, action=""):
    return f"/backoffice/compliance/psb/{filing.pk}/" + (f"{action}/" if action else "")


def test_filing_page_permissions(client, filing, manager, leader, maintainer, hr, customer):
    data = {"day": DAY.isoformat(), "number": "SQ-9"}
    assert client.get(_url(filing)).status_code == 302  # anonymous → login
    assert client.post(_url(filing, "submit"), data).status_code == 302
    for who in (maintainer, hr, customer):
        client.force_login(who)
        assert client.get(_url(filing)).status_code in (302, 403)
        assert client.post(_url(filing, "submit"), data).status_code in (302, 403)
    client.force_login(leader)  # reads, may not record
    assert client.get(_url(filing)).status_code == 200
    client.post(_url(filing, "submit"), data)
    assert PsbFiling.objects.get(pk=filing.pk).status == "preparing"
    client.force_login(manager)
    for bad in ({"day": "2026-02-30", "number": "SQ"}, {"day": DAY.isoformat(), "number": "SQ\x00"},
                {"day": "99999-01-01", "number": "SQ"}):  # fmt: skip
        r = client.post(_url(filing, "submit"), bad)
        assert r.status_code == 302 and PsbFiling.objects.get(pk=filing.pk).status == "preparing"
    assert (
        client.post(_url(filing, "accept"), {"day": DAY.isoformat(), "number": "N"}).status_code
        == 302
    )
    assert PsbFiling.objects.get(pk=filing.pk).status == "preparing"  # not submitted yet: refused
    client.force_login(make_staff("acting_mgr", "MGR", kind="acting"))
    client.post(_url(filing, "submit"), data)
    assert PsbFiling.objects.get(pk=filing.pk).status == "submitted"
    assert client.post(_url(filing, "nonsense"), data).status_code == 404
    assert client.get(_url(filing)).status_code == 200
    assert client.get("/backoffice/compliance/psbfiling/").status_code == 200
    assert client.get("/backoffice/compliance/sitefooterlicence/").status_code == 200


def test_lists_cost_the_same_queries_at_two_sizes(client, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lic = Licence.objects.filter(kind="psb_filing").first() or Licence.objects.create(
        kind="psb_filing"
    )
    client.force_login(manager)

    def add(n):
        for i in range(n):
            site = Site.objects.create(name=f"站{Site.objects.count()}-{i}",
                                       base_url=f"https://s{Site.objects.count()}x{i}.example.cn/")  # fmt: skip
            PsbFiling.objects.create(site=site, licence=lic, opened_on=DAY, due_date=DAY)
            SiteFooterLicence.objects.create(site=site, licence=lic)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = ["/backoffice/compliance/psbfiling/", "/backoffice/compliance/sitefooterlicence/"]
    add(1)
    small = [count(u) for u in urls]
    add(8)
    assert [count(u) for u in urls] == small
