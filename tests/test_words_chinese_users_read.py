"""Words a Chinese user reads (issue 12 #28–#31): one English word with two meanings gets a
message context; codes show as labels; times follow the site's zone; no English time-zone note."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _zh():
    with translation.override("zh-hans"):
        yield


def test_order_is_an_order_not_a_sorting_position():
    from siteops.catalog.models import Category
    from siteops.fulfilment.models import ShipmentEvent
    from siteops.orders.models import Order, OrderEvent

    assert str(OrderEvent._meta.get_field("order").verbose_name) == "订单"
    assert str(ShipmentEvent._meta.get_field("order").verbose_name) == "订单"
    assert str(Order._meta.verbose_name) == "订单"
    assert str(Category._meta.get_field("order").verbose_name) == "顺序"


def test_status_changes_periods_and_dates_each_have_their_word():
    from siteops.catalog.models import ProductEvent
    from siteops.orders.models import OrderEvent
    from siteops.reports.models import ReportRun

    assert str(OrderEvent._meta.get_field("from_status").verbose_name) == "原状态"
    assert str(OrderEvent._meta.get_field("to_status").verbose_name) == "新状态"
    assert str(ProductEvent._meta.get_field("from_status").verbose_name) == "原状态"
    assert str(ReportRun._meta.get_field("period_start").verbose_name) == "起始日期"


def test_filter_button_and_referral_column():
    from django.utils.translation import gettext

    assert gettext("Filter") == "筛选"
    assert gettext("Referral") != gettext("source")


def test_order_events_read_with_status_labels():
    from siteops.orders.models import OrderEvent

    e = OrderEvent(order_id=7, from_status="batched", to_status="shipped")
    text = str(e)
    assert "batched" not in text and "shipped" not in text


def test_warehouse_codes_have_labels():
    from siteops.core.labels import warehouse_label

    assert warehouse_label("main") == "主仓"


def test_sync_batch_titles_are_in_the_site_time_zone():
    from siteops.catalog.models import SyncBatch

    utc = datetime.datetime(2026, 12, 1, 18, 30, tzinfo=datetime.UTC)  # 02:30 next day, Shanghai
    batch = SyncBatch(pk=5, source="warehouse", created_at=utc)
    assert "2026-12-02 02:30" in str(batch)
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_the_browser_time_zone_note_is_in_chinese(client, manager):
    client.force_login(manager)
    js = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Enter times in the" in js  # the msgid is the key of the catalogue
    assert "请按网站时区输入时间" in js.encode().decode("unicode_escape") or "\\u8bf7" in js
