"""The product list's badge and link cells, kept per language (issue #20), are what they were."""

import pytest
from django.utils import translation
from django.utils.html import format_html

from siteops.catalog.admin import ProductAdmin, _history
from siteops.catalog.models import Product
from siteops.catalog.tests.factories import product_with_sku
from siteops.core.admin_base import badge, open_link, pk_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_cells_match_the_plain_rendering(lang):
    from django.contrib.admin import site

    model_admin: ProductAdmin = site._registry[Product]
    products = [product_with_sku(status=s).product for s in ("draft", "published", "delisted")]
    products[1].in_stock = False
    with translation.override(lang):
        for _round in range(2):  # the second one from what was kept
            for p in products:
                assert model_admin.status_badge(p) == badge(p)
                stock = ("so-success", "In stock") if p.in_stock else ("so-danger", "Sold out")
                assert model_admin.stock_badge(p) == format_html(
                    '<span class="so-badge {}">{}</span>', stock[0], translation.gettext(stock[1])
                )
                assert model_admin.work(p) == open_link(pk_url("admin:catalog_product_work", p.pk))


def test_history_rows_are_all_the_products_history(superuser):
    product = product_with_sku().product
    product._history_user = superuser
    product.save()
    assert list(_history().values_list("pk", flat=True)) == list(
        Product.history.values_list("pk", flat=True)
    )
    assert _history().filter(history_user=superuser).exists()
