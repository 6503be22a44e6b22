"""A customer asks to return a delivered order; only their own, only once delivered, with a reason."""

import datetime

import pytest
from django.utils import timezone

from siteops.orders.models import Order, OrderEvent
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def delivered_order(user, status="delivered"):
    order = f.order(user)
    Order.objects.filter(pk=order.pk).update(status=status)
    OrderEvent.objects.create(order=order, source="logistics", from_status="shipped",
                              to_status="delivered")  # fmt: skip
    if status == "completed":
        OrderEvent.objects.create(order=order, source="system", from_status="delivered",
                                  to_status="completed")  # fmt: skip
    return order


def test_delivered_order_can_be_returned_with_a_reason(client):
    user = f.customer("ret")
    order = delivered_order(user)
    client.force_login(user)
    page = client.get(f"/account/orders/{order.number}/").content.decode()
    assert 'id="request-return"' in page
    r = client.post(f"/account/orders/{order.number}/return/", {"reason": "尺码不合适"})
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == "return_requested"
    event = OrderEvent.objects.filter(order=order).latest("pk")
    assert event.source == "customer" and "尺码不合适" in event.note


def test_reason_is_required_and_nothing_changes_without_it(client):
    user = f.customer("ret2")
    order = delivered_order(user)
    client.force_login(user)
    client.post(f"/account/orders/{order.number}/return/", {"reason": " "})
    order.refresh_from_db()
    assert order.status == "delivered"


def test_an_order_not_yet_delivered_cannot_be_returned(client):
    user = f.customer("ret3")
    order = f.order(user)
    client.force_login(user)
    assert (
        'id="request-return"' not in client.get(f"/account/orders/{order.number}/").content.decode()
    )
    client.post(f"/account/orders/{order.number}/return/", {"reason": "x"})
    order.refresh_from_db()
    assert order.status != "return_requested"


def test_another_customers_order_is_404(client):
    order = delivered_order(f.customer("owner"))
    client.force_login(f.customer("intruder"))
    assert (
        client.post(f"/account/orders/{order.number}/return/", {"reason": "x"}).status_code == 404
    )
    order.refresh_from_db()
    assert order.status == "delivered"


def test_anonymous_is_sent_to_login(client):
    order = delivered_order(f.customer("owner2"))
    r = client.post(f"/account/orders/{order.number}/return/", {"reason": "x"})
    assert r.status_code == 302 and "login" in r["Location"]


@pytest.mark.parametrize("status", ["delivered", "completed"])
def test_inside_the_window_the_page_shows_it_and_a_return_is_accepted(client, status):
    user = f.customer(f"win-{status}")
    order = delivered_order(user, status)
    client.force_login(user)
    page = client.get(f"/account/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert 'id="request-return"' in html and 'id="return-window"' in html
    client.post(f"/account/orders/{order.number}/return/", {"reason": "不喜欢"})
    order.refresh_from_db()
    assert order.status == "return_requested"


@pytest.mark.parametrize("status", ["delivered", "completed"])
def test_after_the_window_the_button_is_gone_and_a_post_is_refused(client, status, settings):
    settings.SITEOPS = {**getattr(settings, "SITEOPS", {}), "RETURN_DAYS": 7}
    user = f.customer(f"late-{status}")
    order = delivered_order(user, status)
    OrderEvent.objects.filter(order=order).update(at=timezone.now() - datetime.timedelta(days=8))
    client.force_login(user)
    html = client.get(f"/account/orders/{order.number}/").content.decode()
    assert 'id="request-return"' not in html and 'id="return-window"' in html
    r = client.post(f"/account/orders/{order.number}/return/", {"reason": "太晚了"}, follow=True)
    order.refresh_from_db()
    assert order.status == status
    assert "7" in r.content.decode()


def test_the_window_is_a_setting(client, settings):
    settings.SITEOPS = {**getattr(settings, "SITEOPS", {}), "RETURN_DAYS": 30}
    user = f.customer("win30")
    order = delivered_order(user, "completed")
    OrderEvent.objects.filter(order=order).update(at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(user)
    client.post(f"/account/orders/{order.number}/return/", {"reason": "质量问题"})
    order.refresh_from_db()
    assert order.status == "return_requested"
