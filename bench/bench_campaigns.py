"""Campaigns (issue #14): what campaigns brought in, and the short links.

- ``campaigns.report_month``: a month of the campaign report (totals + by campaign, source and
  medium, clicks and orders) through the report registry (the ``campaign_results`` dataset) vs
  the same figures written as GROUP BYs by hand, over 1M orders carrying campaign UTMs.
  Goal: at most 1.5× the SQL's time.
- ``campaigns.short_link``: ``/go/c/<code>/`` through gunicorn (the link from the cache, the click
  added to the worker's counter buffer, which upserts the day row's sum about once a second,
  redirect) as a ratio to the minimal view. Goal ≥ 0.5; the extra check is that every redirect
  served was counted: after the runs (and the workers' flush timers) the link's day rows grew by
  at least the number of redirects the load generator received, and by no more than those plus
  what it cut off in flight at its deadlines.
"""

from __future__ import annotations

from bench import Benchmark, HttpBenchmark, dataset, executemany_chunks

MONTH = (2026, 6)
CAMPAIGNS = 20
LINK = "benchgo"
STATUSES = ["completed"] * 6 + ["paid", "shipped", "delivered", "cancelled", "pending_payment"]
SOURCES = ["tianya", "weibo", "douban", "partner-a", "Weibo "]  # the last one is unmapped
MEDIA = ["bbs", "social", "partner", "print", "email"]


@dataset("campaign_setup", full=CAMPAIGNS, small=CAMPAIGNS, version="1")
def make_campaign_setup(n, rng):
    """n campaigns with a tracked link each (and a day of clicks on each day of 2026), the
    sources, and the short link the HTTP benchmark clicks."""
    import datetime

    from siteops.campaigns.models import Campaign, LinkClickDay, Source, TrackedLink
    from siteops.org.models import Position

    owner = Position.objects.get(code="ACT")
    sources = [
        Source.objects.get_or_create(code=code, defaults={"name": code, "channel": "bbs"})[0]
        for code in SOURCES[:4]
    ]
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=d) for d in range(365)]
    for i in range(n):
        c = Campaign.objects.create(
            code=f"bench-c{i:02d}", name=f"基准活动{i}", kind="promotion", stage="running",
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), owner_position=owner,
        )  # fmt: skip
        link = TrackedLink.objects.create(
            code=LINK if i == 0 else f"bench-l{i:02d}", campaign=c, source=sources[i % 4],
            medium=MEDIA[i % 5], target="/",
        )  # fmt: skip
        LinkClickDay.objects.bulk_create(
            LinkClickDay(link=link, day=d, clicks=rng.randint(0, 400)) for d in days
        )


@dataset("campaign_orders", full=1_000_000, small=100, needs=["order_customers", "campaign_setup"],
         version="2")  # fmt: skip
def make_campaign_orders(n, rng):
    """n orders over 2026; 70 % arrived with a campaign's UTM (some with an unmapped source);
    the first touch is the last one for half of those, another campaign's for a third, and
    some orders have only a first touch."""
    import datetime
    from decimal import Decimal

    from siteops.orders.models import Order
    from siteops.org.models import User

    from .bench_orders import _rows_for

    customers = list(
        User.objects.filter(username__startswith="bocust").values_list("pk", flat=True)
    )
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(2026, 1, 1, tzinfo=tz)

    def orders():
        for i in range(n):
            when = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
            total = Decimal(rng.choice(["29.00", "58.00", "128.00", "399.00", "1299.00"]))
            tagged = rng.random() < 0.7
            last = (
                (rng.choice(SOURCES), rng.choice(MEDIA), f"bench-c{rng.randrange(CAMPAIGNS):02d}")
                if tagged
                else ("", "", "")
            )
            p = rng.random()
            if p < 0.5:
                first = last
            elif p < 0.85 or not tagged:
                first = (rng.choice(SOURCES), rng.choice(MEDIA),
                         f"bench-c{rng.randrange(CAMPAIGNS):02d}")  # fmt: skip
            else:
                first = ("", "", "")
            yield Order(
                number=f"BC{i:09d}", customer_id=rng.choice(customers),
                status=rng.choice(STATUSES), payment_method="cod", delivery_method="standard",
                stock_state="reserved", recipient="基准", phone="13800000000", province="上海市",
                city="市", district="", address_line="路1号", postal_code="", subtotal=total,
                delivery_fee=Decimal("0.00"), total=total, customer_note="", warehouse="main",
                promised_date=when.date(), reserved_until=None,
                utm_source=last[0], utm_medium=last[1], utm_campaign=last[2],
                first_utm_source=first[0], first_utm_medium=first[1], first_utm_campaign=first[2],
                referral="", created_at=when, status_changed_at=when,
            )  # fmt: skip

    sql, rows = _rows_for(Order, orders())
    executemany_chunks(sql, rows)


def _month():
    import calendar
    import datetime

    y, m = MONTH
    return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])


def run_report(ctx):
    """Through the report registry, as the ad-hoc screen and the monthly scheduled run do."""
    from siteops.reports import datasets

    start, end = _month()
    result = datasets.get("campaign_results").run(start, end, ["campaign", "source", "medium"])
    ctx.state["report_orders"] = result.totals.values["orders"]


def run_sql(ctx):
    """The same figures by hand: totals and one GROUP BY per breakdown and touch (last, first)
    over the orders, and one per breakdown over the clicks."""
    from django.db import connection

    from siteops.orders.reports import PAID_STATUSES
    from siteops.reports.datasets import period_bounds

    start, end = _month()
    lo, hi = period_bounds(start, end)
    paid = "'" + "','".join(PAID_STATUSES) + "'"
    period = f"o.created_at >= %s AND o.created_at < %s AND o.status IN ({paid})"
    clicks = ("FROM campaigns_linkclickday d JOIN campaigns_trackedlink l ON l.id = d.link_id "
              "JOIN campaigns_campaign c ON c.id = l.campaign_id "
              "JOIN campaigns_source s ON s.id = l.source_id WHERE d.day BETWEEN %s AND %s")  # fmt: skip
    order_queries = [
        f"SELECT o.{p}{f}, COUNT(*), SUM(o.total) FROM orders_order o "
        f"WHERE {period} AND o.{p}utm_campaign <> '' GROUP BY 1"
        for p in ("", "first_")
        for f in ("utm_campaign", "utm_source", "utm_medium")
    ]  # the totals are the sums of the by-campaign rows, as in the report
    click_queries = [f"SELECT SUM(d.clicks) {clicks}"] + [
        f"SELECT {f}, SUM(d.clicks) {clicks} GROUP BY 1" for f in ("c.code", "s.code", "l.medium")
    ]
    with connection.cursor() as cur:
        for q in order_queries:
            cur.execute(q, [lo, hi])
            cur.fetchall()
        for q in click_queries:
            cur.execute(q, [start, end])
            cur.fetchall()
        # the names of campaigns and sources the report labels its rows with
        cur.execute("SELECT code, name FROM campaigns_campaign")
        cur.fetchall()
        cur.execute("SELECT code, name FROM campaigns_source")
        cur.fetchall()


class ShortLink(HttpBenchmark):
    """Counts the redirects the load received, and checks that the clicks counted match them."""

    def __post_init__(self):
        super().__post_init__()
        load = self.target

        def target(ctx):
            rps = load(ctx)
            if ctx.last_load is not None:
                self._served += ctx.last_load.requests
                self._loads += 1
            return rps

        self.target = target

    def extra_checks(self, result):
        import time

        from siteops.core.counters import flush_seconds

        checks = super().extra_checks(result)
        # The gunicorn workers write their clicks within COUNTER_FLUSH_SECONDS of the load's
        # end (their flush timers); wait for that, not for ever.
        expected = self._served + self._own_clicks
        deadline = time.monotonic() + flush_seconds() + 15
        grown = _link_clicks() - self._before
        while grown < expected and time.monotonic() < deadline:
            time.sleep(0.25)
            grown = _link_clicks() - self._before
        # wrk stops at its deadline with requests in flight: the server counted those too.
        slack = self._loads * self.concurrency
        ok = expected <= grown <= expected + slack
        label = f"clicks counted ({grown:,} for {self._served:,} redirects served)"
        print(f"  {self.name}: {label}, in-flight slack {slack}", flush=True)
        checks.append((label, ok))
        return checks


def _link_clicks() -> int:
    from django.db.models import Sum

    from siteops.campaigns.models import LinkClickDay

    return LinkClickDay.objects.filter(link__code=LINK).aggregate(n=Sum("clicks"))["n"] or 0


def _clicks_before(ctx):
    short_link._before = _link_clicks()
    short_link._served = short_link._loads = short_link._own_clicks = 0


def _one_click(ctx):
    """Queries of one click and of its write: the request runs none once the link is cached;
    the flush writes the sum of a second's clicks in one upsert (here: of this one click)."""
    from django.db import connection

    from siteops.core import counters

    assert ctx.client(None).get(f"/go/c/{LINK}/").status_code == 302
    counters.flush()
    if connection.settings_dict["NAME"] == str(ctx.databases.full_name):
        short_link._own_clicks += 1


short_link = ShortLink(
    name="campaigns.short_link", path=f"/go/c/{LINK}/", needs=["campaign_setup"],
    goal=">= 0.5", p95_ms=500, setup=_clicks_before, queries=_one_click,
    note="a short link: the link from the cache, the click added to the worker's counter buffer "
         "(one upsert of the sum per row and second), redirect, vs the minimal view; every "
         "redirect served is counted; no shop-cache trigger on the click tables",
)  # fmt: skip
short_link._before = short_link._served = short_link._loads = short_link._own_clicks = 0


def register(suite):
    suite.add(
        Benchmark(
            name="campaigns.report_month", needs=["campaign_orders"], unit="s", goal="<= 1.5",
            ceiling=run_sql, target=run_report, repeats=5,
            note="a month of the campaign report (clicks, orders, GMV by campaign, source and "
                 "medium, last and first touch) vs the same GROUP BYs in SQL",
        ),
        short_link,
    )  # fmt: skip
