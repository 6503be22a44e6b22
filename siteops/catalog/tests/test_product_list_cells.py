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


def test_actions_are_worked_out_once_a_request_and_per_user(superuser, product_editor):
    from django.contrib.admin import site
    from django.contrib.admin.options import ActionLocation
    from django.contrib.admin.options import ModelAdmin as DjangoModelAdmin
    from django.test import RequestFactory

    model_admin = site._registry[Product]
    for user in (superuser, product_editor):
        request = RequestFactory().get("/backoffice/catalog/product/")
        request.user = user
        plain = DjangoModelAdmin.get_actions(model_admin, request)
        assert model_admin.get_actions(request) == plain
        assert model_admin.get_actions(request) == plain  # kept on the request
        assert model_admin.get_actions(request, action_location=ActionLocation.CHANGE_FORM) == (
            DjangoModelAdmin.get_actions(model_admin, request, ActionLocation.CHANGE_FORM)
        )
        choices = model_admin.get_action_choices(request)
        assert choices[0][0] == "" and [c[0] for c in choices[1:]] == list(plain)
        popup = RequestFactory().get("/backoffice/catalog/product/?_popup=1")
        popup.user = user
        assert model_admin.get_actions(popup) == {}
