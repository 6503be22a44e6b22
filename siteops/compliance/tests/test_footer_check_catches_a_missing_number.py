"""The daily footer check reads each live site's page as the public gets it (here: a local HTTP
server serving the shop's real home page, never the internet) and opens one work item when a
licence number, its link or its icon is missing or wrong; a fixed footer closes the item."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from siteops.compliance import sites
from siteops.compliance.models import Licence
from siteops.infra.models import Site
from siteops.work.models import WorkItem


class Page:
    """A local web server that serves ``self.html`` at every path."""

    def __init__(self, html=""):
        self.html = html
        page = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = page.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def page(client, db):
    served = Page(client.get("/").content.decode())  # the shop's real footer, from the register
    yield served
    served.close()


@pytest.fixture
def site(page):
    return Site.objects.create(
        name="示例商城", base_url=page.url, icp_number="沪ICP备2026000001号-1", status="live",
        live_on=datetime.date(2026, 1, 1),
    )  # fmt: skip


def _items(site):
    return WorkItem.objects.filter(subject_id=str(site.pk), subject_type__model="site")


def test_the_real_footer_passes(page, site):
    assert sites.footer_check() == {"checked": 1, "wrong": 0, "opened": 0, "failed": 0}
    assert not _items(site).exists()


def test_a_missing_number_opens_one_work_item_and_a_fix_closes_it(page, site, manager):
    icp = Licence.objects.get(kind="icp_filing")
    good = page.html
    page.html = good.replace(icp.number, "")
    assert sites.footer_check()["opened"] == 1
    item = _items(site).get()
    assert icp.number in item.description and item.position.code == "MGR"
    # The next day, still wrong: no second item.
    assert sites.footer_check() == {"checked": 1, "wrong": 1, "opened": 0, "failed": 0}
    assert _items(site).count() == 1
    page.html = good
    sites.footer_check()
    item.refresh_from_db()
    assert item.status in ("done", "cancelled")


def test_a_wrong_link_and_a_missing_icon_are_caught(page):
    icp = Licence.objects.get(kind="icp_filing")
    psb = Licence.objects.get(kind="psb_filing")
    expected = [
        {"kind": "icp_filing", "number": icp.number, "link": "https://beian.miit.gov.cn/", "icon": ""},
        {"kind": "psb_filing", "number": psb.number, "link": "https://beian.mps.gov.cn/", "icon": "x.png"},
    ]  # fmt: skip
    assert sites.footer_problems(page.html, page.url, expected) == []
    wrong = page.html.replace("https://beian.miit.gov.cn/", "https://example.com/")
    wrong = wrong.replace('<img src="', '<span data-src="')
    problems = sites.footer_problems(wrong, page.url, expected)
    assert len(problems) == 2 and "beian.miit.gov.cn" in problems[0]


def test_an_unreachable_site_is_reported_as_work(db):
    site = Site.objects.create(name="活动站", base_url="http://127.0.0.1:9/", status="live",
                               icp_number="沪ICP备2026000001号-2")  # fmt: skip
    out = sites.footer_check()
    assert out["failed"] == 1 and _items(site).count() == 1


def test_sites_not_live_are_not_checked(page):
    Site.objects.create(name="筹备站", base_url=page.url + "new/")
    assert sites.footer_check()["checked"] == 0
