"""The process editor batches orders from the pool, Logistics logs in and downloads the pick
list, and the order statistics page shows the figures and bars."""

import pytest

from conftest import make_staff
from siteops.fulfilment.tests import factories as f
from siteops.orders.models import Order

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)


def _user(username, code):
    user = make_staff(username, code)
    user.set_password(f"pw-{username}-12345")
    user.save()
    return user


def test_pool_to_batch_to_pick_list(page, live_server, shot):
    _user("prc", "PRC")
    _user("log", "LOG-DSP")
    orders = [f.place(province="上海市") for _ in range(3)] + [f.place(province="浙江省")]

    login(page, live_server, "prc", "pw-prc-12345")
    visit(page, f"{live_server.url}/backoffice/fulfilment/pool/?province=上海市")
    rows = page.locator("table[data-pool] tbody tr[data-order]")
    assert rows.count() == 3
    shot(page, "fulfilment-pool")
    page.check(f"tr[data-order='{orders[0].number}'] input[type=checkbox]")
    page.check(f"tr[data-order='{orders[1].number}'] input[type=checkbox]")
    page.click("button[value=selected]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-batch-status=open]").count() == 1
    statuses = dict(Order.objects.values_list("number", "status"))
    assert statuses[orders[0].number] == statuses[orders[1].number] == "batched"
    assert statuses[orders[2].number] == "cod_confirmed"
    batch_url = page.url
    shot(page, "fulfilment-batch")
    visit(
        page,
        f"{live_server.url}/backoffice/reports/order-statistics/?period=month&dimensions=day&dimensions=region",
    )
    assert page.locator("[data-figure=orders]").first.inner_text().strip() == "4"
    assert page.locator("[data-breakdown=region] tbody tr").count() == 2
    shot(page, "reports-order-statistics")

    page.context.clear_cookies()
    login(page, live_server, "log", "pw-log-12345")
    visit(page, batch_url)
    with page.expect_download() as info:
        page.click("[data-download=xlsx]")
    assert info.value.suggested_filename.endswith(".xlsx")
    page.click("text=确认接收")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-batch-status=acknowledged]").count() == 1
    assert visit(page, f"{live_server.url}/backoffice/fulfilment/pool/").status == 403
