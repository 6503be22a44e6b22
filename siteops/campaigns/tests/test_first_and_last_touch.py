"""Attribution keeps the visitor's first touch beside the last one: a customer who first came
through one campaign's short link and last through another's orders; the order carries both,
and the campaign report shows first-touch and last-touch side by side — checked against an
independent calculation over generated orders."""

import datetime
import random
import time
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from siteops.campaigns.choices import ChannelKind, Medium
from siteops.campaigns.models import Campaign, UtmMapping
from siteops.orders.models import Address, Order
from siteops.orders.reports import PAID_STATUSES
from siteops.orders.tests import factories as f
from siteops.reports import datasets
from siteops.storefront.middleware import capture_utm, session_utm

from .factories import campaign, link, source

pytestmark = pytest.mark.django_db


def _arrive(client, code):
    r = client.get(f"/go/c/{code}/")
    assert r.status_code == 302
    client.get(r["Location"])  # the shop page with the link's UTM: the visit records it


def test_the_order_keeps_the_first_and_the_last_touch(client, activity_planner):
    spring = campaign(activity_planner, code="spring-2026")
    autumn = campaign(activity_planner, code="autumn-2026", name="秋季上新")
    weibo = source("weibo", ChannelKind.SOCIAL, "微博")
    link(activity_planner, spring, code="first1")
    link(activity_planner, autumn, code="last1", src=weibo, medium=Medium.SOCIAL)
    s = f.sku(title="蓝牙耳机", price="199.00", stock=5)
    user = f.customer("touch1")
    f.address(user)
    _arrive(client, "first1")
    _arrive(client, "last1")
    client.post("/cart/add/", {"sku": s.pk, "quantity": 1})
    client.post("/account/login/", {"username": "touch1", "password": "pw-Shopper-123"})
    addr = Address.objects.get(customer=user)
    client.post("/checkout/", {"address": addr.pk, "delivery_method": "standard",
                               "payment_method": "cod"})  # fmt: skip
    order = Order.objects.get(customer=user)
    assert (order.utm_campaign, order.utm_source, order.utm_medium) == (
        "autumn-2026", "weibo", "social")  # fmt: skip
    assert (order.first_utm_campaign, order.first_utm_source, order.first_utm_medium) == (
        "spring-2026", "tianya", "bbs")  # fmt: skip

    today = datetime.date.today()
    result = datasets.get("campaign_results").run(today, today, ["campaign"])
    rows = {r.key: r.values for r in result.breakdowns["campaign"]}
    assert (rows["autumn-2026"]["orders"], rows["autumn-2026"]["first_orders"]) == (1, 0)
    assert (rows["spring-2026"]["orders"], rows["spring-2026"]["first_orders"]) == (0, 1)
    assert rows["spring-2026"]["first_gmv"] == order.total
    assert result.totals.values["orders"] == result.totals.values["first_orders"] == 1


@override_settings(SITEOPS={"ATTRIBUTION_DAYS": 30})
def test_a_first_touch_older_than_the_window_is_replaced():
    rf = RequestFactory()

    def visit(query, at):
        request = rf.get("/", query)
        request.session = session
        capture_utm(request, now=at)

    session = SessionStore()
    t0 = time.time() - 40 * 86400
    visit({"utm_campaign": "old", "utm_source": "a"}, t0)
    visit({"utm_campaign": "mid", "utm_source": "b"}, t0 + 5 * 86400)
    utm = session_utm(type("R", (), {"session": session}), now=t0 + 6 * 86400)
    assert (utm.first_campaign, utm.campaign) == ("old", "mid")  # within 30 days: both kept
    # 40 days later the first touch is outside the window: the last one stands for both
    utm = session_utm(type("R", (), {"session": session}), now=t0 + 40 * 86400)
    assert utm.first_campaign == "" and utm.first_touch().campaign == "mid"
    visit({"utm_campaign": "new", "utm_source": "c"}, t0 + 40 * 86400)
    utm = session_utm(type("R", (), {"session": session}), now=t0 + 40 * 86400)
    assert (utm.first_campaign, utm.campaign) == ("new", "new")


def test_report_touches_side_by_side_match_an_independent_calculation(activity_planner):
    rnd = random.Random(14)
    for code in ("c-a", "c-b", "c-c"):
        campaign(activity_planner, code=code, name=code.upper())
    for code in ("tianya", "weibo"):
        source(code)
    UtmMapping.objects.create(dimension="campaign", value="C_A ", maps_to="c-a")
    meaning = {"C_A ": "c-a"}
    touches = [("c-a", "tianya", "bbs"), ("c-b", "weibo", "social"), ("c-c", "tianya", "email"),
               ("C_A ", "stray", "bbs"), ("", "", "")]  # fmt: skip
    buyer = f.customer("touch2")
    statuses = ["paid", "shipped", "completed", "cancelled", "pending_payment"]
    for _ in range(40):
        o = f.order(buyer)
        last, first = rnd.choice(touches), rnd.choice(touches)
        Order.objects.filter(pk=o.pk).update(
            utm_campaign=last[0], utm_source=last[1], utm_medium=last[2],
            first_utm_campaign=first[0], first_utm_source=first[1], first_utm_medium=first[2],
            status=rnd.choice(statuses), total=Decimal(rnd.randint(10, 900)),
        )  # fmt: skip
    today = datetime.date.today()
    result = datasets.get("campaign_results").run(today, today, ["campaign", "source", "medium"])

    paid = [o for o in Order.objects.all() if o.status in PAID_STATUSES]
    for dim in ("campaign", "source", "medium"):
        expected: dict[str, list] = {}
        for o in paid:
            for prefix, n, gmv in (("", 0, 1), ("first_", 2, 3)):
                if not getattr(o, f"{prefix}utm_campaign"):
                    continue  # no campaign under this touch: not counted under it
                value = getattr(o, f"{prefix}utm_{dim}")
                key = meaning.get(value, value) if dim == "campaign" else value
                row = expected.setdefault(key, [0, Decimal(0), 0, Decimal(0)])
                row[n] += 1
                row[gmv] += o.total
        got = {
            r.key: [r.values["orders"], r.values["gmv"], r.values["first_orders"],
                    r.values["first_gmv"]]
            for r in result.breakdowns[dim]
        }  # fmt: skip
        assert got == expected, dim
    t = result.totals.values
    assert t["orders"] == sum(1 for o in paid if o.utm_campaign)
    assert t["first_orders"] == sum(1 for o in paid if o.first_utm_campaign)
    assert t["first_conversion"] is None  # no clicks: "—", not 0 %
    assert not Campaign.objects.filter(code__in=["C_A ", "stray"]).exists()
    # Only one campaign: its rows under each touch, aliases included.
    only = datasets.get("campaign_results").run(today, today, ["campaign"], {"campaign": "c-a"})
    assert only.totals.values["first_orders"] == sum(
        1 for o in paid if meaning.get(o.first_utm_campaign, o.first_utm_campaign) == "c-a"
    )
    assert only.totals.values["orders"] == sum(
        1 for o in paid if meaning.get(o.utm_campaign, o.utm_campaign) == "c-a"
    )
