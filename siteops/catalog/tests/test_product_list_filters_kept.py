"""The product list's category, brand and "changed by" filters are kept per data version (issue
#20): the page is the one the filters read from the database on every request write, in both
languages, and a new category, a renamed brand or a new editor shows on the next request."""

import pytest
from django.contrib import admin
from django.contrib.admin import RelatedFieldListFilter
from django.urls import reverse

from conftest import assert_kept_filters_read_as
from siteops.catalog import admin as catalog_admin
from siteops.catalog.admin import CategoryFilter, ChangedByFilter, PriceFilter, StockFilter
from siteops.catalog.models import Product
from siteops.catalog.tests.factories import BrandFactory, CategoryFactory, product_with_sku
from siteops.core.admin_base import LeanChoicesFilter

pytestmark = pytest.mark.django_db

URL = reverse("admin:catalog_product_changelist")


class _ReadCategories(CategoryFilter):
    def lookups(self, request, model_admin):
        return self.read_choices()


class _ReadEditors(ChangedByFilter):
    def lookups(self, request, model_admin):
        return self.read_choices()


def _catalogue(editor):
    parent = CategoryFactory(name="家电", name_en="Appliances")
    CategoryFactory(name="冰箱", name_en="Fridges", parent=parent)
    brand = BrandFactory(name="海尔")
    product = product_with_sku().product
    product.brand = brand
    product._history_user = editor
    product.save()
    return product


@pytest.mark.parametrize("query", ["", "?by=1", "?brand__id__exact=1&stock=in"])
def test_the_page_reads_as_with_filters_read_every_time(client, staff, query):
    _catalogue(staff["product_editor"])
    client.force_login(staff["product_editor"])
    model_admin = admin.site.get_model_admin(Product)
    read_every_time = [("status", LeanChoicesFilter), _ReadCategories, StockFilter, PriceFilter,
                       _ReadEditors, ("brand", RelatedFieldListFilter)]  # fmt: skip
    assert_kept_filters_read_as(client, URL, model_admin, read_every_time, query)
    assert len(catalog_admin._KEPT_CHOICES) >= 3


def test_changes_show_on_the_next_request(client, staff):
    product = _catalogue(staff["product_editor"])
    client.force_login(staff["product_editor"])
    page = client.get(URL).content.decode()
    assert "海尔" in page and "冰箱" in page
    assert str(staff["copy_editor"]) not in page

    CategoryFactory(name="洗衣机", name_en="Washers")
    product.brand.name = "海尔智家"
    product.brand.save()
    product._history_user = staff["copy_editor"]
    product.title = "改过的标题"
    product.save()

    page = client.get(URL).content.decode()
    assert "洗衣机" in page
    assert "海尔智家" in page
    assert str(staff["copy_editor"]) in page


def test_the_filters_cost_no_query_of_their_own(client, staff):
    """Served from what is kept, the page reads two version numbers and no category, brand or
    editor, however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _catalogue(staff["product_editor"])
    client.force_login(staff["product_editor"])
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    for read in ('FROM "catalog_category"', 'FROM "catalog_brand"', '"history_user_id"'):
        assert read not in sql, read
    assert "FROM storefront_shop_version" in sql and "MAX(history_id)" in sql
