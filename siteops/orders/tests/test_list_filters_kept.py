"""The order list's sidebar filters are worked out once per language, day and query string
(``core.admin_base.LeanFilterMixin`` with a ``kept_version``, issue #20) and still read exactly as unfold's own filters do."""

import re

import pytest
from django.contrib import admin

from conftest import make_staff
from siteops.core import admin_base
from siteops.orders.models import Order

from . import factories as f

pytestmark = pytest.mark.django_db

STOCK = ["status", "payment_method", "delivery_method", ("created_at", admin.DateFieldListFilter)]
QUERIES = ["", "?status=paid", "?status=paid&payment_method=cod", "?o=2&status=shipped",
           "?created_at__gte=2026-01-01&created_at__lt=2026-02-01"]  # fmt: skip


def _page(client, query, lang):
    html = client.get(f"/backoffice/orders/order/{query}", HTTP_ACCEPT_LANGUAGE=lang)
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", html.content.decode())  # CSRF tokens


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # naive dates in the date filter's URL
@pytest.mark.parametrize("query", QUERIES)
def test_kept_filters_read_as_unfolds(client, query):
    f.order(payment="bank_transfer")
    client.force_login(make_staff("prc", "PRC"))
    model_admin = admin.site._registry[Order]
    kept_filters = model_admin.list_filter
    admin_base._KEPT_FILTERS.clear()
    for lang in ("zh-hans", "en"):
        kept = [_page(client, query, lang), _page(client, query, lang)]  # built, then kept
        try:
            model_admin.list_filter = STOCK
            stock = _page(client, query, lang)
        finally:
            model_admin.list_filter = kept_filters
        assert kept[0] == kept[1] == stock, (query, lang)
    assert len(admin_base._KEPT_FILTERS)  # the second page of each language was served from here
