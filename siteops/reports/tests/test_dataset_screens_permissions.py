"""The ad-hoc screen and the archive of every dataset × anonymous, a wrong position, the right
ones, an acting holder (GET and POST); names of files and ad-hoc reports in the site's time zone."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.reports import services
from siteops.reports.models import ReportDefinition, ReportRun

pytestmark = pytest.mark.django_db

CLICKS = "/backoffice/reports/datasets/shop_clicks/"
ORDERS = "/backoffice/reports/order-statistics/"
POST = {"period": "custom", "start": "2026-11-01", "end": "2026-11-07", "dimensions": ["day"],
        "name": "点击周报", "emails": ""}  # fmt: skip


@pytest.fixture
def runs(db):
    made = {}
    for key in ("orders", "shop_clicks"):
        d = ReportDefinition.objects.create(code=f"r-{key}", name=key, dataset=key,
                                            period_kind="month")  # fmt: skip
        made[key], _ = services.report_run_create(
            actor=None, definition=d, start=datetime.date(2026, 10, 1),
            end=datetime.date(2026, 10, 31),
        )  # fmt: skip
    return made


def _as(client, code, kind="holder"):
    if code:
        end = timezone.localdate() + datetime.timedelta(days=3) if kind == "acting" else None
        client.force_login(make_staff(f"u_{code}_{kind}", code, kind=kind, end=end))


@pytest.mark.parametrize(
    ("code", "clicks", "orders", "may_run"),
    [
        (None, "login", "login", False),  # anonymous
        ("WH-STK", 403, 403, False),  # wrong position
        ("PED", 200, 403, False),  # keeps the ads: sees clicks, not orders; archives nothing
        ("LEAD", 200, 200, False),  # reads reports
        ("PRC", 200, 200, True),  # produces them (PRC-04/07/08)
        ("MGR", 200, 200, True),
    ],
)
def test_screens_and_archive(client, runs, code, clicks, orders, may_run):
    _as(client, code)
    pages = {
        CLICKS: clicks, ORDERS: orders,
        CLICKS + "?period=month&dimensions=ad&download=xlsx": clicks,
        f"/backoffice/reports/runs/{runs['shop_clicks'].pk}/": clicks,
        f"/backoffice/reports/runs/{runs['shop_clicks'].pk}/xlsx/": clicks,
        f"/backoffice/reports/runs/{runs['orders'].pk}/": orders,
        f"/backoffice/reports/runs/{runs['orders'].pk}/xlsx/": orders,
    }  # fmt: skip
    for url, want in pages.items():
        r = client.get(url)
        if want == "login":
            assert r.status_code == 302 and "/backoffice/login/" in r["Location"], url
        else:
            assert r.status_code == want, (url, r.status_code)
    before = ReportRun.objects.count()
    r = client.post(CLICKS + "send/", POST)
    if code is None:
        assert r.status_code == 302 and "/backoffice/login/" in r["Location"]
    elif may_run:
        assert r.status_code == 302 and "/runs/" in r["Location"]
    else:
        assert r.status_code == 403
    assert ReportRun.objects.count() == before + (1 if may_run else 0)
    r = client.post(f"/backoffice/reports/runs/{runs['shop_clicks'].pk}/send/")
    assert r.status_code == (302 if code is None or may_run else 403)


def test_the_dataset_list_shows_what_the_position_may_see(client):
    _as(client, "PED")
    page = client.get("/backoffice/reports/datasets/").content.decode()
    assert 'data-dataset="shop_clicks"' in page and 'data-dataset="orders"' not in page
    _as(client, "WH-STK")
    assert client.get("/backoffice/reports/datasets/").status_code == 403
    assert client.get("/backoffice/reports/datasets/no-such/").status_code in (403, 404)


def test_an_acting_process_editor_archives_and_is_recorded_as_acting(client):
    _as(client, "PRC", kind="acting")
    assert client.get(CLICKS).status_code == 200
    r = client.post(CLICKS + "send/", POST)
    assert r.status_code == 302
    run = ReportRun.objects.get()
    assert run.dataset == "shop_clicks" and run.created_position_code == "PRC"
    assert run.parameters["filters"] == {} and run.parameters["dimensions"] == ["day"]


def test_archive_list_shows_only_runs_of_visible_datasets(client, runs):
    from django.contrib.auth.models import Permission

    user = make_staff("reader", "WH-STK")
    user.user_permissions.add(Permission.objects.get(codename="view_reportrun"))
    client.force_login(user)
    page = client.get("/backoffice/reports/reportrun/").content.decode()
    assert f"/backoffice/reports/runs/{runs['orders'].pk}/" in page
    assert f"/backoffice/reports/runs/{runs['shop_clicks'].pk}/" not in page


def test_the_archive_filters_by_dataset_under_its_title(client, runs, process_editor):
    client.force_login(process_editor)
    page = client.get("/backoffice/reports/reportrun/?dataset=shop_clicks",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert f"/backoffice/reports/runs/{runs['shop_clicks'].pk}/" in page
    assert f"/backoffice/reports/runs/{runs['orders'].pk}/" not in page
    assert "Ad and shelf clicks" in page


def test_names_follow_the_site_time_zone(client):
    _as(client, "PRC")
    # 17:30 UTC on 30 November is 01:30 on 1 December in Shanghai.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)):
        r = client.get(CLICKS + "?period=custom&start=2026-11-01&end=2026-11-30&download=xlsx")
        assert r.status_code == 200
        assert "shop_clicks-20261101-20261130-20261201-013000.xlsx" in r["Content-Disposition"]
        client.post(CLICKS + "send/", POST)
    assert ReportDefinition.objects.get(dataset="shop_clicks").code.startswith(
        "adhoc-20261201-0130"
    )


def test_a_bad_filter_or_breakdown_is_a_clear_error_not_a_500(client):
    _as(client, "PRC")
    r = client.get(CLICKS + "?period=month&dimensions=region&f_kind=bogus")
    assert r.status_code == 200 and "data-report" not in r.content.decode()  # refused, no table
    r = client.post(CLICKS + "send/", {**POST, "f_kind": "bogus"}, follow=True)
    assert r.status_code == 200 and not ReportRun.objects.exists()


def test_the_menu_shows_reports_to_whoever_may_see_a_dataset():
    from django.utils import translation

    from siteops.core.menu import visible_menu

    def names(code):
        with translation.override("en"):
            return [
                i["name"] for g in visible_menu(make_staff(f"m_{code}", code)) for i in g["items"]
            ]

    assert "admin:reports_datasets" in names("PED")  # the click report only
    assert "admin:reports_order_stats" not in names("PED")
    assert "admin:reports_datasets" in names("PRC") and "admin:reports_order_stats" in names("PRC")
    assert "admin:reports_datasets" not in names("WH-STK")
