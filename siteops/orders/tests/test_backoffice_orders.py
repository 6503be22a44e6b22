"""The back office's order list and detail: who sees them, who confirms bank transfers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import STAFF, make_staff
from siteops.orders.models import Order

from . import factories as f

pytestmark = pytest.mark.django_db

VIEWERS = {"PRC", "MGR", "CE", "LEAD", "CS-AGT", "LOG-DSP"}
CONFIRMERS = {"PRC", "MGR"}
WHO = [*STAFF.values(), "anonymous", "customer"]


def login_as(client, who):
    if who == "customer":
        client.force_login(f.customer())
    elif who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))


@pytest.mark.parametrize("who", WHO)
def test_order_pages(client, who):
    order = f.order(payment="bank_transfer")
    login_as(client, who)
    for url in ["/backoffice/orders/order/", f"/backoffice/orders/order/{order.pk}/change/"]:
        r = client.get(url)
        if who in ("anonymous", "customer"):
            assert r.status_code == 302 and "/backoffice/login/" in r["Location"]
        elif who in VIEWERS:
            assert r.status_code == 200, url
        else:
            assert r.status_code == 403, url


@pytest.mark.parametrize("who", [*STAFF.values(), "acting_prc"])
def test_confirm_bank_transfer_action(client, who):
    order = f.order(payment="bank_transfer")
    if who == "acting_prc":
        client.force_login(make_staff("stand_in", "PRC", kind="acting"))
    else:
        login_as(client, who)
    client.post("/backoffice/orders/order/",
                {"action": "confirm_bank_transfer", "_selected_action": [order.pk]})  # fmt: skip
    order.refresh_from_db()
    expected = "paid" if who in CONFIRMERS or who == "acting_prc" else "pending_payment"
    assert order.status == expected
    if expected == "paid":
        ev = order.events.last()
        assert ev.source == "staff" and ev.position_code in ("PRC", "MGR")


def test_cost_shown_only_with_permission(client):
    order = f.order()
    client.force_login(make_staff("cs", "CS-AGT"))
    assert "1.00" not in _lines_html(client, order)
    client.force_login(make_staff("mgr", "MGR"))
    assert "1.00" in _lines_html(client, order)


def _lines_html(client, order):
    html = client.get(f"/backoffice/orders/order/{order.pk}/change/").content.decode()
    return html[html.find("sku_code") :]


def test_detail_shows_lines_and_timeline(client):
    order = f.order(payment="bank_transfer")
    client.force_login(make_staff("prc", "PRC"))
    html = client.get(f"/backoffice/orders/order/{order.pk}/change/").content.decode()
    assert order.lines.get().sku_code in html and order.events.get().note in html


def test_list_query_count_does_not_grow(client):
    client.force_login(make_staff("prc", "PRC"))
    for _ in range(3):
        f.order()
    with CaptureQueriesContext(connection) as small:
        assert client.get("/backoffice/orders/order/").status_code == 200
    for _ in range(25):
        f.order()
    with CaptureQueriesContext(connection) as big:
        assert (
            client.get("/backoffice/orders/order/?status__exact=cod_confirmed").status_code == 200
        )
    assert len(small) == len(big)
    assert Order.objects.count() == 28
