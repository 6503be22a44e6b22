"""The report's figures equal a plain-Python calculation over the same generated orders."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siteops.fulfilment.tests import factories as f
from siteops.orders import reports as engine  # the order dataset (moved from reports.engine)
from siteops.orders.models import Order, OrderLine

pytestmark = pytest.mark.django_db

PAID = set(engine.PAID_STATUSES)
RET = set(engine.RETURN_STATUSES)


def expected(start, end):
    """Independent calculation: Python loops over every order, no SQL aggregates."""
    tz = timezone.get_current_timezone()
    orders = [o for o in Order.objects.all() if start <= o.created_at.astimezone(tz).date() <= end]
    all_orders = list(Order.objects.all())
    first_at = {}
    for o in all_orders:
        if o.customer_id not in first_at or o.created_at < first_at[o.customer_id]:
            first_at[o.customer_id] = o.created_at

    def figures(rows):
        paid = [o for o in rows if o.status in PAID]
        return {
            "orders": len(rows), "paid": len(paid),
            "gmv": sum((o.total for o in paid), Decimal("0")),
            "cancelled": sum(o.status == "cancelled" for o in rows),
            "returned": sum(o.status in RET for o in rows),
        }  # fmt: skip

    groups = defaultdict(lambda: defaultdict(list))
    for o in orders:
        groups["day"][o.created_at.astimezone(tz).date().isoformat()].append(o)
        groups["region"][o.province].append(o)
        groups["payment"][o.payment_method].append(o)
        groups["referral"][o.utm_source].append(o)
        groups["customer"][
            "new" if first_at[o.customer_id] == o.created_at else "returning"
        ].append(o)
    result = {"totals": figures(orders)}
    for dim, by in groups.items():
        result[dim] = {k: figures(v) for k, v in by.items()}
    cats = defaultdict(lambda: {"orders": set(), "gmv": Decimal("0")})
    ids = {o.pk: o for o in orders}
    for line in OrderLine.objects.select_related("sku__product"):
        o = ids.get(line.order_id)
        if o is None:
            continue
        c = cats[str(line.sku.product.category_id)]
        c["orders"].add(o.pk)
        if o.status in PAID:
            c["gmv"] += line.line_total
    result["category"] = {k: {"orders": len(v["orders"]), "gmv": v["gmv"]} for k, v in cats.items()}
    return result


def check(start, end):
    stats = engine.order_statistics(start, end, [d for d in engine.BREAKDOWNS])
    want = expected(start, end)
    t = stats.totals
    assert (t.orders, t.paid_orders, t.gmv, t.cancelled, t.returned) == (
        want["totals"]["orders"], want["totals"]["paid"], want["totals"]["gmv"],
        want["totals"]["cancelled"], want["totals"]["returned"],
    )  # fmt: skip
    if t.paid_orders:
        assert t.aov == (want["totals"]["gmv"] / want["totals"]["paid"]).quantize(Decimal("0.01"))
    for dim in ("day", "region", "payment", "referral", "customer"):
        got = {r.key: (r.orders, r.paid_orders, r.gmv, r.cancelled, r.returned)
               for r in stats.breakdowns[dim] if r.orders}  # fmt: skip
        exp = {k: (v["orders"], v["paid"], v["gmv"], v["cancelled"], v["returned"])
               for k, v in want.get(dim, {}).items()}  # fmt: skip
        assert got == exp, dim
    got = {r.key: (r.orders, r.gmv) for r in stats.breakdowns["category"]}
    assert got == {k: (v["orders"], v["gmv"]) for k, v in want["category"].items()}
    return stats


def test_a_month_of_seeded_orders():
    skus = [f.sku(price=p) for p in ("9.90", "58.00", "199.00", "1299.00")]
    f.bulk_orders(300, start=datetime.date(2026, 10, 25), days=40, seed=7, skus=skus)
    stats = check(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert stats.totals.orders > 150  # the period really holds data
    assert len(stats.breakdowns["day"]) == 30


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(1, 99), n=st.integers(0, 40), span=st.integers(1, 20),
       offset=st.integers(0, 10))  # fmt: skip
def test_any_period_over_random_orders(seed, n, span, offset):
    Order.objects.all().delete()
    f.bulk_orders(n, start=datetime.date(2026, 11, 1), days=20, seed=seed)
    start = datetime.date(2026, 11, 1) + datetime.timedelta(days=offset)
    check(start, start + datetime.timedelta(days=span))
