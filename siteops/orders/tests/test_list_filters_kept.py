"""The order list's sidebar filters are worked out once per language, day and query string
(``core.admin_base.LeanFilterMixin`` with a ``kept_version``, issue #20) and still read exactly
as unfold's own filters do."""

import pytest
from django.contrib import admin

from conftest import assert_kept_filters_read_as, make_staff
from siteops.orders.models import Order

from . import factories as f

pytestmark = pytest.mark.django_db

STOCK = ["status", "payment_method", "delivery_method", ("created_at", admin.DateFieldListFilter)]
QUERIES = ["", "?status=paid", "?status=paid&payment_method=cod", "?o=2&status=shipped",
           "?status=paid&status=shipped",
           "?created_at__gte=2026-01-01&created_at__lt=2026-02-01"]  # fmt: skip


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # naive dates in the date filter's URL
@pytest.mark.parametrize("query", QUERIES)
def test_kept_filters_read_as_unfolds(client, query):
    f.order(payment="bank_transfer")
    client.force_login(make_staff("prc", "PRC"))
    assert_kept_filters_read_as(client, "/backoffice/orders/order/", admin.site._registry[Order],
                                STOCK, query)  # fmt: skip
