"""List pages and API lists: the same number of queries at two data sizes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siteops.catalog import services
from siteops.catalog.choices import SyncSource

from .factories import CategoryFactory, SKUFactory

pytestmark = pytest.mark.django_db


def _make(n, purchasing, warehouse, start):
    parent = CategoryFactory()
    for i in range(n):
        sku = SKUFactory(product__category=CategoryFactory(parent=parent), product__status="published",
                         product__code=f"Q{start + i}")  # fmt: skip
        SKUFactory(product=sku.product)
        services.submission_create(actor=purchasing, data={"reference": f"Q{start + i}", "title": "商品",
                                   "skus": [{"code": f"QS{start + i}", "price": "1"}]})  # fmt: skip
        services.sync_batch_create(actor=warehouse, source=SyncSource.WAREHOUSE,
                                   rows=[{"op": "stock_set", "code": sku.code, "value": "3"}])  # fmt: skip


PAGES = ["admin:catalog_product_changelist", "admin:catalog_category_changelist",
         "admin:catalog_submission_changelist", "admin:catalog_syncbatch_changelist"]  # fmt: skip


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_pages_query_counts_do_not_grow(product_editor, purchasing, warehouse, api_client_for):
    client = Client()
    client.force_login(product_editor)
    _c, token = api_client_for("PUR-COL")
    api = Client()

    def api_count():
        with CaptureQueriesContext(connection) as ctx:
            r = api.get("/api/v1/catalog/products", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200
        return len(ctx)

    _make(3, purchasing, warehouse, 0)
    for name in PAGES:
        _count(client, reverse(name))  # warm caches (content types, sessions)
    small = {name: _count(client, reverse(name)) for name in PAGES}
    small_api = api_count()
    _make(30, purchasing, warehouse, 100)
    for name in PAGES:  # the filters' choices kept per data version are read again once
        _count(client, reverse(name))
    large = {name: _count(client, reverse(name)) for name in PAGES}
    assert large == small
    assert api_count() == small_api


def test_category_tree_reads_without_n_plus_one(manager, django_assert_num_queries):
    from siteops.catalog import selectors

    root = services.category_create(actor=manager, name="手机数码", slug="digital")
    mid = services.category_create(actor=manager, name="手机", slug="phones", parent=root)
    leaf = services.category_create(actor=manager, name="5G手机", slug="phones-5g", parent=mid)
    from siteops.catalog.models import Category

    crumbs = ["digital", "phones", "phones-5g"]
    fresh = Category.objects.get(pk=leaf.pk)
    with django_assert_num_queries(1):  # from the materialised path
        assert [c.slug for c in selectors.category_ancestors(fresh)] == crumbs
    with django_assert_num_queries(1):
        assert [c.slug for c in selectors.category_ancestors(fresh, include_self=False)] == [
            "digital", "phones",
        ]  # fmt: skip
    with_parents = Category.objects.select_related("parent__parent").get(pk=leaf.pk)
    half = Category.objects.select_related("parent").get(pk=leaf.pk)
    top = Category.objects.get(pk=root.pk)
    with django_assert_num_queries(0):  # the parents came with it, up to the root
        assert [c.slug for c in selectors.category_ancestors(with_parents)] == crumbs
        assert [c.slug for c in selectors.category_ancestors(top)] == ["digital"]
        assert selectors.category_ancestors(top, include_self=False) == []
        assert [c.slug for c in selectors.category_ancestors(with_parents, include_self=False)] == [
            "digital",
            "phones",
        ]
    with django_assert_num_queries(1):  # the loaded parents stop short of the root
        assert [c.slug for c in selectors.category_ancestors(half)] == crumbs
    with django_assert_num_queries(1):
        assert {c.slug for c in selectors.category_descendants(root)} == {
            "digital",
            "phones",
            "phones-5g",
        }
    with django_assert_num_queries(1):
        assert [c.slug for c in selectors.category_tree()] == ["digital", "phones", "phones-5g"]
