"""Each website has its list of licences its footer must show (SiteFooterLicence): the daily
check asks each site for its own list — a campaign site that must show only the ICP备案 number
passes without the 公安备案 number, the shop that must show the ICP证 too gets one work item when
it is missing, closed when fixed. A site without a list must show the shop footer's licences."""

import datetime

import pytest

from siteops.compliance import selectors, services, sites
from siteops.compliance.models import Licence, SiteFooterLicence
from siteops.compliance.tests.factories import icp_licence
from siteops.compliance.tests.test_footer_check_catches_a_missing_number import Page
from siteops.infra.models import Site
from siteops.work.models import WorkItem

ICP_ONLY = '<footer><a href="https://beian.miit.gov.cn/">{icp}</a></footer>'


@pytest.fixture
def pages(db):
    made = []

    def make(html):
        p = Page(html)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def _site(name, url):
    return Site.objects.create(name=name, base_url=url, icp_number="沪ICP备2026000001号-1",
                               status="live", live_on=datetime.date(2026, 1, 1))  # fmt: skip


def _items(site):
    return WorkItem.objects.filter(subject_id=str(site.pk), subject_type__model="site")


def test_each_site_is_checked_against_its_own_list(pages, manager):
    icp = Licence.objects.get(kind="icp_filing")
    b25 = icp_licence(manager)
    campaign_page = pages(ICP_ONLY.format(icp=icp.number))
    shop_page = pages(ICP_ONLY.format(icp=icp.number))
    campaign = _site("活动站", campaign_page.url)
    shop = _site("商城", shop_page.url)
    SiteFooterLicence.objects.create(site=campaign, licence=icp)
    SiteFooterLicence.objects.create(site=shop, licence=icp)
    SiteFooterLicence.objects.create(site=shop, licence=b25, needs_link=False)
    assert sites.footer_check() == {"checked": 2, "wrong": 1, "opened": 1, "failed": 0}
    assert not _items(campaign).exists()
    item = _items(shop).get()
    assert b25.number in item.description
    shop_page.html = ICP_ONLY.format(icp=icp.number) + f"<p>{b25.number}</p>"
    assert sites.footer_check()["wrong"] == 0
    item.refresh_from_db()
    assert item.status in ("done", "cancelled")


def test_an_icon_the_list_asks_for_is_required(pages, manager):
    psb = Licence.objects.get(kind="psb_filing")
    page = pages(f'<a href="https://beian.mps.gov.cn/">{psb.number}</a>')
    site = _site("会员站", page.url)
    row = SiteFooterLicence.objects.create(site=site, licence=psb, needs_icon=False)
    assert sites.footer_check()["wrong"] == 0
    SiteFooterLicence.objects.filter(pk=row.pk).update(needs_icon=True)
    assert sites.footer_check()["opened"] == 1
    assert "icon" in _items(site).get().description or "图标" in _items(site).get().description


def test_a_licence_not_held_is_not_expected_and_a_site_without_a_list_uses_the_shop_footer(
    pages, manager
):
    icp = Licence.objects.get(kind="icp_filing")
    b25 = icp_licence(manager)
    page = pages(ICP_ONLY.format(icp=icp.number))
    listed, unlisted = _site("甲", page.url), _site("乙", page.url + "b/")
    SiteFooterLicence.objects.create(site=listed, licence=b25)
    services.licence_transition(actor=manager, licence=b25, to="cancelled")
    wanted = selectors.site_footer_expectations([listed.pk, unlisted.pk])
    assert wanted[listed.pk] == []
    assert [w["kind"] for w in wanted[unlisted.pk]] == [
        w["kind"] for w in selectors.footer_licences()
    ]


def test_one_query_for_the_lists_of_many_sites(django_assert_max_num_queries, manager):
    icp = Licence.objects.get(kind="icp_filing")
    ids = []
    for n in range(12):
        s = Site.objects.create(name=f"站{n}", base_url=f"https://s{n}.example.cn/")
        SiteFooterLicence.objects.create(site=s, licence=icp)
        ids.append(s.pk)
    with django_assert_max_num_queries(2):
        wanted = selectors.site_footer_expectations(ids)
    assert all(len(wanted[i]) == 1 for i in ids)
