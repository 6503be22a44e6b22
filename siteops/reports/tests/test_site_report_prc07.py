"""PRC-07: the site's other statistics — searches (with and without results), catalogue changes,
work throughput per position — each checked against an independent calculation over generated
data, rolled up into one monthly site report for the manager and leadership, and the weekly
searches without results handed to the product editor as a to-do, once."""

import datetime
import random
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.catalog.models import PriceHistory, ProductEvent
from siteops.orders.tests import factories as f
from siteops.org.models import Position
from siteops.reports import datasets
from siteops.reports import services as reports
from siteops.reports.seed import SEARCHES_WEEKLY, SITE_MONTHLY, seed_site_reports
from siteops.reports.site import FIGURES
from siteops.storefront.models import SearchDay
from siteops.work.models import WorkItem

pytestmark = pytest.mark.django_db
SH = datetime.timezone(datetime.timedelta(hours=8))
NOV = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def at(d: datetime.date, h=10):
    return datetime.datetime(d.year, d.month, d.day, h, 0, tzinfo=SH)


def test_searches_are_counted_per_term_with_and_without_results(client):
    f.sku(title="不锈钢保温杯 1号", cat=f.category())
    for q in ("保温杯", "保温杯", "  保温杯 ", "露营帐篷"):
        assert client.get("/search/", {"q": q}).status_code == 200
    client.get("/search/", {"q": "保温杯", "page": "2"})  # paging is not another search
    client.get("/search/", {"q": ""})
    rows = {r.term: (r.searches, r.empty) for r in SearchDay.objects.all()}
    assert rows == {"保温杯": (3, 0), "露营帐篷": (1, 1)}


def test_search_dataset_matches_an_independent_calculation():
    rng = random.Random(3)
    searches, empty, terms, empty_terms = Counter(), Counter(), set(), set()
    for back in range(45):
        day = datetime.date(2026, 12, 5) - datetime.timedelta(days=back)
        for term in ("耳机", "帐篷", "台灯", "汉服"):
            n = rng.randint(0, 5)
            e = rng.randint(0, n)
            if not n:
                continue
            SearchDay.objects.create(day=day, term=term, searches=n, empty=e)
            if NOV[0] <= day <= NOV[1]:
                searches[term] += n
                empty[term] += e
                terms.add(term)
                if e:
                    empty_terms.add(term)
    r = datasets.get("shop_searches").run(*NOV, ["day", "term", "without_results"])
    assert r.totals.values["searches"] == sum(searches.values())
    assert r.totals.values["empty"] == sum(empty.values())
    assert r.totals.values["found"] == sum(searches.values()) - sum(empty.values())
    assert r.totals.values["terms"] == len(terms)
    assert r.totals.values["empty_terms"] == len(empty_terms)
    assert len(r.breakdowns["day"]) == 30
    assert {row.key: row.values["searches"] for row in r.breakdowns["term"]} == dict(searches)
    nothing = [(row.key, row.values["empty"]) for row in r.breakdowns["without_results"]]
    assert nothing == sorted(((t, n) for t, n in empty.items() if n), key=lambda x: (-x[1], x[0]))


def test_catalogue_changes_match_an_independent_calculation():
    rng = random.Random(5)
    cats = [f.category(name="类一", slug="c-one"), f.category(name="类二", slug="c-two")]
    skus = [f.sku(title=f"商品{i}", cat=cats[i % 2]) for i in range(4)]
    ProductEvent.objects.all().delete()
    PriceHistory.objects.all().delete()
    expect = Counter()
    moves = [("draft", "published"), ("published", "delisted"), ("delisted", "published"),
             ("published", "deleted")]  # fmt: skip
    for _i in range(60):
        day = datetime.date(2026, 10, 25) + datetime.timedelta(days=rng.randint(0, 40))
        sku = rng.choice(skus)
        a, b = rng.choice(moves)
        ProductEvent.objects.create(product=sku.product, from_status=a, to_status=b, at=at(day))
        PriceHistory.objects.create(sku=sku, old_price=10, new_price=11, via="manual", at=at(day))
        if NOV[0] <= day <= NOV[1]:
            expect["published"] += b == "published"
            expect["delisted"] += a == "published" and b != "published"
            expect["price_changes"] += 1
    # A first price is not a change, and a change at 23:30 on 30 Nov Shanghai time is in November.
    PriceHistory.objects.create(sku=skus[0], old_price=None, new_price=9, via="manual",
                                at=at(datetime.date(2026, 11, 3)))  # fmt: skip
    PriceHistory.objects.create(sku=skus[0], old_price=9, new_price=8, via="manual",
                                at=at(datetime.date(2026, 11, 30), 23))  # fmt: skip
    expect["price_changes"] += 1
    r = datasets.get("catalog_changes").run(*NOV, ["day", "category"])
    assert r.totals.values == dict(expect)
    for measure in ("published", "delisted", "price_changes"):
        assert sum(row.values[measure] for row in r.breakdowns["day"]) == expect[measure]
        assert sum(row.values[measure] for row in r.breakdowns["category"]) == expect[measure]


def test_work_throughput_matches_an_independent_calculation(manager):
    rng = random.Random(11)
    positions = list(Position.objects.filter(code__in=["PED", "CPY", "MNT"]))
    expect = {p.code: Counter() for p in positions}
    for i in range(80):
        p = rng.choice(positions)
        created = datetime.date(2026, 10, 20) + datetime.timedelta(days=rng.randint(0, 45))
        due = created + datetime.timedelta(days=rng.randint(0, 10))
        fate = rng.choice(["done", "open", "cancelled"])
        closed = created + datetime.timedelta(days=rng.randint(0, 14)) if fate != "open" else None
        item = WorkItem.objects.create(title=f"事项{i}", source="manager", position=p,
                                       home_position=p, status=fate, due=due,
                                       closed_at=at(closed, 22) if closed else None)  # fmt: skip
        WorkItem.objects.filter(pk=item.pk).update(created_at=at(created, 9))
        e = expect[p.code]
        e["opened"] += NOV[0] <= created <= NOV[1]
        e["done"] += fate == "done" and NOV[0] <= closed <= NOV[1]
        e["overdue"] += (NOV[0] <= due <= NOV[1] and fate != "cancelled"
                         and (closed is None or closed > due))  # fmt: skip
    r = datasets.get("work_throughput").run(*NOV, ["position"])
    got = {row.key: row.values for row in r.breakdowns["position"]}
    for code, e in expect.items():
        if any(e.values()):
            assert got[code] == {k: e[k] for k in ("opened", "done", "overdue")}, code
    total = sum(expect.values(), Counter())
    assert r.totals.values == {k: total[k] for k in ("opened", "done", "overdue")}


def test_every_figure_of_the_site_report_exists_and_equals_its_source():
    for key, measure in FIGURES:  # an area renaming a measure must update the roll-up
        assert measure in [m.key for m in datasets.get(key).measures], (key, measure)
    SearchDay.objects.create(day=datetime.date(2026, 11, 4), term="耳机", searches=7, empty=2)
    site = datasets.get("site").run(*NOV, ["day"])
    assert site.totals.values["shop_searches__searches"] == 7
    assert site.totals.values["shop_searches__empty"] == 2
    for key, measure in FIGURES:
        source = datasets.get(key).run(*NOV, [])
        assert site.totals.values[f"{key}__{measure}"] == source.totals.values.get(measure)
    nov4 = next(row for row in site.breakdowns["day"] if row.key == "2026-11-04")
    assert nov4.values["shop_searches__searches"] == 7
    assert len(site.breakdowns["day"]) == 30


def test_the_monthly_site_report_and_the_weekly_todo_run_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    make_staff("ped_holder", "PED")
    make_staff("mgr_holder", "MGR")
    seed_site_reports()
    seed_site_reports()  # idempotent
    SearchDay.objects.create(day=datetime.date(2026, 11, 24), term="露营帐篷", searches=5, empty=5)
    SearchDay.objects.create(day=datetime.date(2026, 11, 25), term="耳机", searches=9, empty=0)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SH), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reports.run_due_reports()
            reports.run_due_reports()  # the scheduler again: nothing new
    site_runs = reports.ReportRun.objects.filter(definition__code=SITE_MONTHLY)
    assert [(r.period_start, r.period_end) for r in site_runs] == [NOV]
    weekly = reports.ReportRun.objects.get(definition__code=SEARCHES_WEEKLY)
    assert (weekly.period_start, weekly.period_end) == (datetime.date(2026, 11, 23),
                                                        datetime.date(2026, 11, 29))  # fmt: skip
    todo = WorkItem.objects.filter(position__code="PED", title__contains="每周无结果搜索词")
    assert todo.count() == 1 and weekly.todo_item_id == todo.get().pk
    assert "露营帐篷" in todo.get().description and "耳机" not in todo.get().description
    assert reports.report_run_todo(weekly) is None  # handed over once
    sent_to = {a for m in mailoutbox for a in m.to}
    assert "mgr_holder@example.com" in sent_to and "ped_holder@example.com" in sent_to


@pytest.mark.parametrize("key", ["site", "shop_searches", "catalog_changes", "work_throughput"])
def test_who_may_see_the_new_datasets(client, key):
    url = f"/backoffice/reports/datasets/{key}/"
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(make_staff("u_hr", "HR-ADM"))
    assert client.get(url).status_code == 403
    client.force_login(make_staff("u_prc", "PRC"))
    assert client.get(url).status_code == 200
    end = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(make_staff("u_prc_acting", "PRC", kind="acting", end=end))
    assert client.get(url).status_code == 200
    post = {"period": "custom", "start": "2026-11-01", "end": "2026-11-30", "name": "x",
            "emails": ""}  # fmt: skip
    client.force_login(make_staff("u_hr2", "HR-ADM"))
    assert client.post(url, post).status_code == 403
