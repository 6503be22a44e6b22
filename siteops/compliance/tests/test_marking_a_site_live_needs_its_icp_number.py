"""A site cannot be marked live without its ICP备案 number; marking it live opens the 公安备案
filing (a record linked to a preparing 公安备案 licence, and a work item about it due 30 days
after going live), once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from siteops.compliance.models import Licence, PsbFiling
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.infra import sites
from siteops.infra.models import Site
from siteops.work.models import WorkItem


@pytest.fixture
def site(manager):
    return sites.site_save(
        actor=manager, site=Site(name="会员中心", base_url="https://vip.example.cn/")
    )


def test_without_the_icp_number_it_is_refused(site, manager):
    with pytest.raises(ValidationError):
        sites.site_mark_live(actor=manager, site=site)
    site.refresh_from_db()
    assert site.status == "building" and not Licence.objects.filter(covered="vip.example.cn")


def test_going_live_opens_the_psb_task_once(site, manager):
    site.icp_number = "沪ICP备2026000001号-3"
    sites.site_save(actor=manager, site=site)
    sites.site_mark_live(actor=manager, site=site, live_on=datetime.date(2026, 12, 1))
    site.refresh_from_db()
    assert site.status == "live" and site.live_on == datetime.date(2026, 12, 1)
    psb = Licence.objects.get(kind="psb_filing", covered="vip.example.cn")
    assert psb.status == "preparing"
    filing = PsbFiling.objects.get(site=site)
    assert filing.licence == psb and filing.status == "preparing"
    assert filing.due_date == datetime.date(2026, 12, 31)
    item = WorkItem.objects.get(subject_type__model="psbfiling", subject_id=str(filing.pk))
    assert item.due == datetime.date(2026, 12, 31) and item.position.code == "MGR"
    with pytest.raises(IllegalTransition):
        sites.site_mark_live(actor=manager, site=site)
    sites.site_take_offline(actor=manager, site=site)
    sites.site_mark_live(actor=manager, site=site)  # again: the open task is not doubled
    assert PsbFiling.objects.count() == 1
    assert WorkItem.objects.filter(subject_type__model="psbfiling").count() == 1


def test_a_live_site_keeps_its_number(site, manager):
    site.icp_number = "沪ICP备2026000001号-3"
    sites.site_save(actor=manager, site=site)
    sites.site_mark_live(actor=manager, site=site)
    site.icp_number = ""
    with pytest.raises(ValidationError):
        sites.site_save(actor=manager, site=site)


def test_only_the_manager_marks_live(site, maintainer, leader):
    for who in (maintainer, leader):
        with pytest.raises(NotAllowed):
            sites.site_mark_live(actor=who, site=site)


def test_mark_live_from_the_admin_list(client, site, manager):
    client.force_login(manager)
    r = client.post(
        "/backoffice/infra/site/", {"action": "mark_live", "_selected_action": [site.pk]}
    )
    assert r.status_code == 302
    site.refresh_from_db()
    assert site.status == "building"  # refused: no number (the message says why)
