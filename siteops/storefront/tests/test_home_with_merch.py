"""The home page shows merchandising's live ads and shelves (with start/end times) and falls back
to the newest products when no shelf is live; a shelf edit shows on the next request."""

import pytest

from siteops.merch.tests import factories as m
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


def test_live_shelf_and_ad_replace_the_fallback(client):
    phone = f.sku(title="旗舰拍照手机").product
    hot = m.shelf(name="热销推荐")
    m.slot(hot, phone)
    m.slot(m.shelf(name="未来货架", start=m.hours(2)), f.sku(title="未上架期").product)
    carousel = m.ad_position(is_carousel=True, max_ads=3)
    ad = m.ad(carousel, title="双11大促")
    html = client.get("/").content.decode()
    assert "热销推荐" in html and "旗舰拍照手机" in html and f'data-ad="{ad.pk}"' in html
    assert "未来货架" not in html and 'data-shelf="newest"' not in html


def test_shelf_edit_shows_on_the_next_request(client):
    hot = m.shelf(name="本周热卖")
    m.slot(hot, f.sku(title="空气炸锅").product)
    assert "本周热卖" in client.get("/").content.decode()
    hot.end = m.hours(-1)
    hot.save()
    html = client.get("/").content.decode()
    assert "本周热卖" not in html and 'data-shelf="newest"' in html
