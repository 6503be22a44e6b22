"""Product cards on category and search pages describe their image with the alt text or the title."""

import pytest
from django.core.files.base import ContentFile

from siteops.catalog.models import ProductImage
from siteops.merch.tests.factories import png_bytes
from siteops.orders.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("alt", ["红色蓝牙耳机正面", ""])
def test_card_alt_is_the_alt_text_or_the_title(client, alt):
    cat = f.category(slug="audio")
    s = f.sku(title="蓝牙耳机旗舰", cat=cat)
    img = ProductImage(product=s.product, alt=alt)
    img.image.save("p.png", ContentFile(png_bytes()), save=False)
    img.save()
    expected = alt or "蓝牙耳机旗舰"
    for url in ("/c/audio/", "/search/?q=蓝牙耳机"):
        html = client.get(url).content.decode()
        assert f'alt="{expected}"' in html, url
        assert "built-in method" not in html
