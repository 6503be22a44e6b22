"""Every page and endpoint of order operations and reports × anonymous, a customer, every position,
and an acting holder. Logistics sees batches and posts shipment events only; Customer Service
posts its updates only."""

import datetime
import json

import pytest
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.fulfilment import services
from siteops.reports.models import ReportDefinition, ReportRun

from . import factories as f

pytestmark = pytest.mark.django_db

RUN = {"PRC", "MGR", "CE"}
BATCH_VIEW = RUN | {"LOG-DSP"}
CS = RUN | {"CS-AGT"}
SYNC = RUN | {"LOG-DSP", "CS-AGT"}
REPORT_VIEW = RUN | {"LEAD"}
PAGES = {
    "/backoffice/fulfilment/pool/": RUN,
    "/backoffice/fulfilment/batches/{batch}/": BATCH_VIEW,
    "/backoffice/fulfilment/batches/{batch}/picklist.xlsx": BATCH_VIEW,
    "/backoffice/fulfilment/batches/{batch}/picklist.csv": BATCH_VIEW,
    "/backoffice/fulfilment/deliverybatch/": BATCH_VIEW,
    "/backoffice/fulfilment/shipmentevent/": RUN | {"LOG-DSP"},
    "/backoffice/fulfilment/serviceupdate/": CS,
    "/backoffice/fulfilment/syncbatch/": SYNC,
    "/backoffice/fulfilment/files/": SYNC,
    "/backoffice/fulfilment/service-update/": CS,
    "/backoffice/reports/order-statistics/": REPORT_VIEW,
    "/backoffice/reports/runs/{run}/": REPORT_VIEW,
    "/backoffice/reports/runs/{run}/xlsx/": REPORT_VIEW,
    "/backoffice/reports/reportrun/": REPORT_VIEW,
    "/backoffice/reports/reportdefinition/": REPORT_VIEW,
    "/backoffice/reports/dashboard/": RUN,
}
WHO = [*STAFF.values(), "anonymous", "customer"]


@pytest.fixture
def objects(db):
    editor = make_staff("pe_setup", "PRC")
    batch = services.batch_create(actor=editor, order_ids=[f.place().pk])
    d = ReportDefinition.objects.create(code="m", name="m", period_kind="month")
    from siteops.reports.services import report_run_create

    run, _ = report_run_create(actor=None, definition=d, start=datetime.date(2026, 10, 1),
                               end=datetime.date(2026, 10, 31))  # fmt: skip
    return {"batch": batch.number, "run": run.pk}


def _login(client, who):
    if who == "customer":
        client.force_login(make_staff("shopper", None))
    elif who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("who", WHO)
def test_page_access(client, objects, url, who):
    _login(client, who)
    response = client.get(url.format(**objects))
    if who in ("anonymous", "customer"):
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
    elif who in PAGES[url]:
        assert response.status_code == 200, (url, who)
    else:
        assert response.status_code == 403, (url, who, response.status_code)


@pytest.mark.parametrize("who", [*STAFF.values(), "anonymous"])
def test_batching_post(client, who):
    order = f.place()
    _login(client, who)
    r = client.post(
        "/backoffice/fulfilment/pool/batch/", {"order": [order.pk], "scope": "selected"}
    )
    order.refresh_from_db()
    if who == "anonymous":
        assert r.status_code == 302 and "login" in r["Location"]
    if who in RUN:
        assert r.status_code == 302 and order.status == "batched"
    else:
        assert order.status == "cod_confirmed"
        assert who == "anonymous" or r.status_code == 403


@pytest.mark.parametrize("who", [*STAFF.values(), "anonymous"])
def test_service_update_post(client, who):
    order = f.place()
    _login(client, who)
    r = client.post("/backoffice/fulfilment/service-update/",
                    {"order_number": order.number, "kind": "cancel", "reference": "T"})  # fmt: skip
    order.refresh_from_db()
    assert (order.status == "cancelled") == (who in CS)
    if who not in CS and who != "anonymous":
        assert r.status_code == 403


def test_acting_holders_get_the_process_editors_pages(client, objects):
    acting = make_staff("acting_prc", "PRC", kind="acting",
                        end=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    client.force_login(acting)
    for url in PAGES:
        assert client.get(url.format(**objects)).status_code == 200, url
    order = f.place()
    client.post("/backoffice/fulfilment/pool/batch/", {"order": [order.pk], "scope": "selected"})
    order.refresh_from_db()
    assert order.status == "batched"
    from siteops.orders.models import OrderEvent

    ev = OrderEvent.objects.get(order=order, to_status="batched")
    assert (ev.position_code, ev.acting) == ("PRC", True)


def test_acting_logistics_holder_sees_batches(client, objects):
    acting = make_staff("acting_log", "LOG-DSP", kind="acting",
                        end=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    client.force_login(acting)
    assert client.get(f"/backoffice/fulfilment/batches/{objects['batch']}/").status_code == 200
    assert client.get("/backoffice/fulfilment/pool/").status_code == 403


API = [
    ("get", "/api/v1/fulfilment/batches", BATCH_VIEW - {"CE", "MGR", "PRC"} | {"PRC"}),
    ("get", "/api/v1/fulfilment/batches/{batch}", {"LOG-DSP", "PRC"}),
    ("post", "/api/v1/fulfilment/batches/{batch}/acknowledge", {"LOG-DSP", "PRC"}),
    ("post", "/api/v1/fulfilment/shipment-events", {"LOG-DSP", "PRC"}),
    ("post", "/api/v1/fulfilment/service-updates", {"CS-AGT", "PRC"}),
]
API_CLIENTS = ["LOG-DSP", "CS-AGT", "PRC", "WH-STK", "PUR-COL"]


@pytest.mark.parametrize(("method", "url", "allowed"), API)
@pytest.mark.parametrize("who", [*API_CLIENTS, "anonymous", "bad-token"])
def test_api_access(client, objects, api_client_for, method, url, allowed, who):
    headers = {}
    if who == "bad-token":
        headers["HTTP_AUTHORIZATION"] = "Bearer so_nope_nope"
    elif who != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_client_for(who)[1]}"
    body = {"events": [{"order_number": "none", "event": "picked_up",
                        "occurred_at": "2026-11-20T09:00+08:00"}]}  # fmt: skip
    if "service" in url:
        body = {"updates": [{"order_number": "none", "update": "cancel", "ticket": "t"}]}
    kwargs = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "k", **headers}
    target = url.format(**objects)
    r = client.get(target, **headers) if method == "get" else client.post(
        target, json.dumps(body), **kwargs)  # fmt: skip
    if who in ("anonymous", "bad-token"):
        assert r.status_code == 401
    elif who in allowed:
        assert r.status_code == 200, (url, who, r.content)
    else:
        assert r.status_code == 403, (url, who, r.status_code)


def test_no_cost_permission_for_logistics_or_customer_service(db):
    from siteops.org.models import Position

    for code in ("LOG-DSP", "CS-AGT"):
        perms = set(
            Position.objects.get(code=code).group.permissions.values_list("codename", flat=True)
        )
        assert not any("cost" in p for p in perms), code


def test_run_archive_exists_for_matrix(objects):
    assert ReportRun.objects.filter(pk=objects["run"]).exists()
