"""UTM hygiene and partner links: an unknown UTM value is counted as unmapped (never a
campaign) and listed; mapping it applies to past orders in the report, and re-running a past
period gives the same figures; conversion is "—" (None) where nothing was clicked; the weekly
link check against a local test server records live/lost, and a lost link opens ONE work item."""

import datetime
import http.server
import threading
from decimal import Decimal

import pytest
from django.urls import reverse

from siteops.campaigns import services
from siteops.campaigns.choices import LinkState
from siteops.campaigns.models import Campaign, LinkCheck, Partner, Swap, UtmMapping
from siteops.campaigns.reports import conversion
from siteops.orders.models import Order
from siteops.orders.tests import factories as order_factories
from siteops.reports import datasets
from siteops.work.models import WorkItem

from .factories import campaign, link, source

pytestmark = pytest.mark.django_db


def _order(buyer, camp, src="tianya", med="bbs", total="100"):
    o = order_factories.order(buyer)
    Order.objects.filter(pk=o.pk).update(
        utm_campaign=camp, utm_source=src, utm_medium=med, status="paid", total=Decimal(total)
    )
    return o


def test_unknown_utm_is_unmapped_then_mapping_applies_to_past_orders(
    client, activity_planner, promotion
):
    spring = campaign(activity_planner)
    buyer = order_factories.customer("buyer1")
    _order(buyer, "spring-2026", total="100")
    _order(buyer, "Spring2026", src="Tianya ", total="50")  # typed by hand on a poster
    today = datetime.date.today()
    run = datasets.get("campaign_results").run
    before = {r.key: r for r in run(today, today, ["campaign"]).breakdowns["campaign"]}
    assert before["spring-2026"].values["orders"] == 1
    assert (
        "Spring2026" in before["Spring2026"].label and "未映射" not in before["spring-2026"].label
    )
    assert not Campaign.objects.filter(code__iexact="spring2026").exclude(pk=spring.pk).exists()

    client.force_login(promotion)
    page = client.get(reverse("admin:campaigns_unmapped")).content.decode()
    assert "Spring2026" in page and "Tianya " in page

    mapping = UtmMapping(dimension="campaign", value="Spring2026", maps_to="spring-2026")
    services.record_save(actor=promotion, obj=mapping, perm="campaigns.add_utmmapping")
    after = run(today, today, ["campaign"], {"campaign": "spring-2026"})
    (row,) = after.breakdowns["campaign"]
    assert (row.key, row.values["orders"], row.values["gmv"]) == (
        "spring-2026", 2, Decimal("150.00")
    )  # fmt: skip
    assert after.totals.values["orders"] == 2
    assert "Spring2026" not in client.get(reverse("admin:campaigns_unmapped")).content.decode()
    again = run(today, today, ["campaign"], {"campaign": "spring-2026"})
    assert again.breakdowns == after.breakdowns and again.totals == after.totals


def test_mapping_to_something_not_in_the_list_is_refused(activity_planner, promotion):
    from django.core.exceptions import ValidationError

    campaign(activity_planner)
    with pytest.raises(ValidationError):
        services.record_save(
            actor=promotion, obj=UtmMapping(dimension="campaign", value="x", maps_to="nope"),
            perm="campaigns.add_utmmapping",
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a listed value needs no mapping
        services.record_save(
            actor=promotion, obj=UtmMapping(dimension="medium", value="bbs", maps_to="blog"),
            perm="campaigns.add_utmmapping",
        )  # fmt: skip


def test_conversion_is_none_without_clicks(client, activity_planner):
    spring = campaign(activity_planner)
    campaign(activity_planner, code="autumn", name="秋季")
    link(activity_planner, spring, code="s1")
    for _ in range(4):
        client.get("/go/c/s1/")
    buyer = order_factories.customer("buyer2")
    _order(buyer, "spring-2026")
    _order(buyer, "autumn")
    today = datetime.date.today()
    rows = {
        r.key: r
        for r in datasets.get("campaign_results")
        .run(today, today, ["campaign"])
        .breakdowns["campaign"]
    }
    assert rows["spring-2026"].values["conversion"] == Decimal("0.25")
    assert rows["autumn"].values["conversion"] is None  # "—", not 0 %
    assert conversion(0, 0) is None and conversion(3, 0) == Decimal("0")


def test_unmapped_page_matrix(client, staff, customer):
    url = reverse("admin:campaigns_unmapped")
    assert client.get(url).status_code == 302
    client.force_login(customer)
    assert client.get(url).status_code == 302
    for who in ("sales", "purchasing", "art_editor_less"):
        user = staff.get(who) or staff["copy_editor"]
        client.force_login(user)
        assert client.get(url).status_code == 403, who
    for who in ("promotion", "activity_planner", "planning_lead", "manager"):
        client.force_login(staff[who])
        assert client.get(url).status_code == 200, who


class _Partner(http.server.BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - the http.server name
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body or b"gone")

    def log_message(self, *args):
        pass


@pytest.fixture
def partner_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Partner.pages
    server.shutdown()
    _Partner.pages.clear()


def test_weekly_check_live_then_lost_opens_one_work_item(partner_site):
    base, pages = partner_site
    partner = Partner.objects.create(name="好书网", site_url=base)
    swap = Swap.objects.create(
        partner=partner, their_page=f"{base}/links", our_link="https://shop.example/go/c/p1/",
        start=datetime.date.today(),
    )  # fmt: skip
    pages["/links"] = (
        '<p>友情链接：<a href="https://shop.example/go/c/p1" rel="nofollow">书店</a></p>'.encode()
    )
    assert services.swaps_check_links() == {"live": 1, "lost": 0}
    swap.refresh_from_db()
    assert swap.link_state == LinkState.LIVE and swap.last_seen_at is not None
    assert "nofollow" in LinkCheck.objects.get().detail
    pages["/links"] = b"<p>no more links</p>"
    for _week in range(3):  # lost on three checks: one work item, not three
        assert services.swaps_check_links() == {"live": 0, "lost": 1}
    swap.refresh_from_db()
    assert swap.link_state == LinkState.LOST
    items = WorkItem.objects.filter(title__contains="好书网")
    assert items.count() == 1
    item = items.get()
    assert item.position.code == "PRM" and swap.their_page in item.description
    assert item.due == datetime.date.today() + datetime.timedelta(days=1)
    del pages["/links"]  # the page itself is gone: 404 is lost too, no new work
    services.swaps_check_links()
    assert LinkCheck.objects.filter(http_status=404).exists() and items.count() == 1
    pages["/links"] = b'<a href="https://shop.example/go/c/p1/">back</a>'
    services.swaps_check_links()
    item.refresh_from_db()
    swap.refresh_from_db()
    assert swap.link_state == LinkState.LIVE and item.is_closed
    assert swap.lost_work_item_id is None


def test_promo_code_is_a_second_attribution_key(client, activity_planner, promotion):
    from siteops.campaigns.models import PromoCode
    from siteops.storefront.middleware import SESSION_KEY

    spring = campaign(activity_planner)
    code = services.record_save(
        actor=promotion,
        obj=PromoCode(code="SPRING26", campaign=spring, source=source(), target="/"),
        perm="campaigns.add_promocode",
    )
    page = client.get("/code/?c=nope")
    assert page.status_code == 200 and "SPRING26" not in page.content.decode()
    assert client.get("/code/?c=%00x").status_code in (200, 400)  # refused, no 500
    r = client.get("/code/?c=spring26")  # typed in lower case from a flyer
    assert r.status_code == 302
    assert "utm_campaign=spring-2026" in r["Location"] and "ref=SPRING26" in r["Location"]
    client.get(r["Location"])
    assert client.session[SESSION_KEY]["ref"] == "SPRING26"
    code.refresh_from_db()
    assert code.uses == 1
    buyer = order_factories.customer("buyer3")
    o = _order(buyer, "spring-2026", med="print", total="80")
    Order.objects.filter(pk=o.pk).update(referral="SPRING26")
    today = datetime.date.today()
    result = datasets.get("campaign_results").run(today, today, ["promo_code"])
    (row,) = result.breakdowns["promo_code"]
    assert (row.key, row.values["orders"], row.values["conversion"]) == ("SPRING26", 1, None)
    assert "春季大促" in row.label


def test_a_click_leaves_the_shop_cache_alone(client, activity_planner):
    """Short-link clicks write campaigns' tables only, which raise no shop version (a click
    must not empty the shop's page cache)."""
    from siteops.storefront.cache import shop_version

    c = campaign(activity_planner)
    link(activity_planner, c, code="cache1")
    client.get("/go/c/cache1/")  # the day's row exists now
    before = shop_version()
    assert before is not None
    for _ in range(3):
        assert client.get("/go/c/cache1/").status_code == 302
    assert shop_version() == before
