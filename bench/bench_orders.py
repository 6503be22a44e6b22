"""Order operations and reports (issue #6) at 1M generated orders.

- ``orders.report_month``: a month's order statistics (totals + every breakdown: day, category,
  region, payment, new vs returning, referral) through the report registry (the orders dataset), vs hand-written SQL
  GROUP BYs computing the same figures over the same data. Goal: at most 2× the SQL's time.
- ``orders.batch_10k``: batching 10,000 pool orders (``fulfilment.services.batch_create``) vs a
  raw UPDATE of the same 10,000 rows; rolled back after each run. The query count of a batch is
  the same for the small and the full database (set-based SQL, not one query per order).
- ``orders.order_list`` / ``orders.pool``: the back-office order list and the order pool pages
  through gunicorn vs the minimal view; query counts equal at 100 and 1M orders, no full COUNT.
"""

from __future__ import annotations

from bench import Benchmark, HttpBenchmark, dataset, executemany_chunks

MONTH = (2026, 6)  # the report month (the data spans 2026-01 … 2026-12)
BATCH_WAREHOUSE = "bench10k"
PROVINCES = ["上海市", "北京市", "广东省", "浙江省", "江苏省", "四川省", "湖北省", "山东省"]
STATUSES = (["completed"] * 8 + ["delivered"] * 3 + ["paid", "cod_confirmed", "shipped",
            "cancelled", "cancelled", "returned", "refunded", "pending_payment", "batched"])  # fmt: skip
SOURCES = ["", "", "", "baidu", "weibo", "wechat", "douyin"]


def _rows_for(model, objects):
    """Model instances → tuples of DB values in concrete-field order (for executemany)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({cols}) VALUES "
           f"({', '.join(['%s'] * len(fields))})")  # fmt: skip

    def gen():
        for obj in objects:
            yield [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]

    return sql, gen()


@dataset("order_catalog", full=40, small=40, version="1")
def make_order_catalog(n, rng):
    """n SKUs of published products over five categories (the goods the orders buy)."""
    from decimal import Decimal

    from siteops.catalog.models import SKU, Category, Product

    cats = []
    for i in range(5):
        c = Category.objects.create(name=f"基准品类{i}", slug=f"bench-order-cat-{i}")
        Category.objects.filter(pk=c.pk).update(path=f"{c.pk:07d}/")
        cats.append(c)
    for i in range(n):
        p = Product.objects.create(code=f"BO{i:05d}", title=f"订单基准商品{i}",
                                   category=cats[i % 5], status="published")  # fmt: skip
        SKU.objects.create(product=p, code=f"BOS{i:05d}", price=Decimal(rng.choice(
            ["9.90", "29.00", "58.00", "128.00", "399.00", "1299.00"])),
            stock_on_hand=10**9, cost=Decimal("1.00"))  # fmt: skip


@dataset("order_customers", full=50_000, small=30, version="1")
def make_order_customers(n, rng):
    """n shop customers (unusable passwords)."""
    from django.utils import timezone

    from bench import bulk_create_chunks
    from siteops.org.models import User

    now = timezone.now()
    bulk_create_chunks(User, (User(username=f"bocust{i:07d}", email=f"c{i}@example.com",
                                   password="!", date_joined=now) for i in range(n)))  # fmt: skip


@dataset("orders", full=1_000_000, small=100, needs=["order_catalog", "order_customers"],
         version="2")  # fmt: skip
def make_orders(n, rng):
    """n orders over 2026 (one or two lines each), most completed, 10,000 (or n/10) of them paid
    and waiting in warehouse "bench10k" for the batching benchmark."""
    import datetime
    from decimal import Decimal

    from siteops.catalog.models import SKU
    from siteops.orders.models import Order, OrderLine
    from siteops.org.models import User

    skus = list(SKU.objects.filter(code__startswith="BOS").select_related("product"))
    customers = list(
        User.objects.filter(username__startswith="bocust").values_list("pk", flat=True)
    )
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(2026, 1, 1, tzinfo=tz)
    pool = min(10_000, max(10, n // 10))
    # Lines kept compactly until the orders have ids: sku index * 4 + quantity, -1 = none.
    from array import array

    first_line, second_line = array("i"), array("i")

    def orders():
        for i in range(n):
            when = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
            picks = [(rng.randrange(len(skus)), rng.randint(1, 3))
                     for _ in range(rng.choice((1, 1, 2)))]  # fmt: skip
            subtotal = sum((skus[k].price * q for k, q in picks), Decimal("0.00"))
            in_pool = i < pool
            first_line.append(picks[0][0] * 4 + picks[0][1])
            second_line.append(picks[1][0] * 4 + picks[1][1] if len(picks) > 1 else -1)
            yield Order(
                number=f"BO{i:09d}", customer_id=rng.choice(customers),
                status="paid" if in_pool else rng.choice(STATUSES),
                payment_method=rng.choice(["cod", "bank_transfer"]), delivery_method="standard",
                stock_state="reserved", recipient="基准", phone="13800000000",
                province=rng.choice(PROVINCES), city="市", district="", address_line="路1号",
                postal_code="", subtotal=subtotal, delivery_fee=Decimal("0.00"), total=subtotal,
                customer_note="", warehouse=BATCH_WAREHOUSE if in_pool else "main",
                promised_date=when.date() + datetime.timedelta(days=3), reserved_until=None,
                utm_source=rng.choice(SOURCES), utm_medium="", utm_campaign="", referral="",
                created_at=when, status_changed_at=when,
            )  # fmt: skip

    sql, rows = _rows_for(Order, orders())
    executemany_chunks(sql, rows)
    ids = (
        Order.objects.filter(number__startswith="BO")
        .order_by("number")
        .values_list("pk", flat=True)
    )

    def order_lines():
        for i, pk in enumerate(ids.iterator(chunk_size=20_000)):
            for code in (first_line[i], second_line[i]):
                if code < 0:
                    continue
                s, q = skus[code // 4], code % 4
                yield OrderLine(order_id=pk, sku_id=s.pk, sku_code=s.code, title=s.product.title,
                                spec="", unit_price=s.price, quantity=q, line_total=s.price * q)  # fmt: skip

    sql, rows = _rows_for(OrderLine, order_lines())
    executemany_chunks(sql, rows)


# --- the month report vs hand-written SQL ---------------------------------------------------


def _month():
    import calendar
    import datetime

    y, m = MONTH
    return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])


def run_report(ctx):
    """Through the report registry, as the ad-hoc screen and the scheduled runs do."""
    from siteops.reports import datasets

    start, end = _month()
    orders = datasets.get("orders")
    result = orders.run(start, end, [d.key for d in orders.dimensions])
    ctx.state["report_orders"] = result.totals.values["orders"]


def run_sql(ctx):
    """The same figures, hand-written: one GROUP BY per breakdown over the same rows."""
    from django.db import connection

    from siteops.orders import reports as engine

    start, end = _month()
    lo, hi = engine.period_bounds(start, end)
    paid = "'" + "','".join(engine.PAID_STATUSES) + "'"
    ret = "'" + "','".join(engine.RETURN_STATUSES) + "'"
    agg = (f"COUNT(*), SUM(CASE WHEN o.status IN ({paid}) THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN o.status IN ({paid}) THEN o.total ELSE 0 END), "
           "SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN o.status IN ({ret}) THEN 1 ELSE 0 END)")  # fmt: skip
    where = "o.created_at >= %s AND o.created_at < %s"
    if connection.vendor == "postgresql":
        day = "(o.created_at AT TIME ZONE 'Asia/Shanghai')::date"
    else:
        day = "date(o.created_at, '+8 hours')"
    queries = [
        f"SELECT {agg} FROM orders_order o WHERE {where}",
        f"SELECT {day}, {agg} FROM orders_order o WHERE {where} GROUP BY 1",
        f"SELECT o.province, {agg} FROM orders_order o WHERE {where} GROUP BY 1",
        f"SELECT o.payment_method, {agg} FROM orders_order o WHERE {where} GROUP BY 1",
        f"SELECT o.utm_source, {agg} FROM orders_order o WHERE {where} GROUP BY 1",
        f"SELECT EXISTS(SELECT 1 FROM orders_order p WHERE p.customer_id = o.customer_id "
        f"AND p.created_at < o.created_at), {agg} FROM orders_order o WHERE {where} GROUP BY 1",
        # The same figures per category: distinct orders of each kind, the lines' value.
        "SELECT pr.category_id, c.name, COUNT(DISTINCT o.id), "
        f"COUNT(DISTINCT CASE WHEN o.status IN ({paid}) THEN o.id END), "
        "COUNT(DISTINCT CASE WHEN o.status = 'cancelled' THEN o.id END), "
        f"COUNT(DISTINCT CASE WHEN o.status IN ({ret}) THEN o.id END), "
        f"SUM(CASE WHEN o.status IN ({paid}) THEN l.line_total ELSE 0 END) "
        "FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id "
        "JOIN catalog_sku s ON s.id = l.sku_id JOIN catalog_product pr ON pr.id = s.product_id "
        f"JOIN catalog_category c ON c.id = pr.category_id WHERE {where} GROUP BY 1, 2",
    ]
    with connection.cursor() as cur:
        for q in queries:
            cur.execute(q, [lo, hi])
            cur.fetchall()


# --- batching 10k orders ----------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _rolled_back(fn):
    from django.db import transaction

    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


def batch_orders(ctx):
    from siteops.fulfilment import services

    editor = ctx.staff("PRC")

    def go():
        batch = services.batch_create(actor=editor, rule={"warehouse": BATCH_WAREHOUSE})
        ctx.state["batched"] = batch.order_count

    _rolled_back(go)


def raw_update(ctx):
    from django.db import connection

    def go():
        with connection.cursor() as cur:
            cur.execute("UPDATE orders_order SET status = 'batched' WHERE warehouse = %s AND "
                        "status IN ('paid', 'cod_confirmed')", [BATCH_WAREHOUSE])  # fmt: skip

    _rolled_back(go)


def batch_queries(ctx):
    from django.db import transaction

    from siteops.fulfilment import services

    editor = ctx.staff("PRC")
    editor.has_perm("fulfilment.create_batch")
    try:
        with transaction.atomic():
            services.batch_create(actor=editor, rule={"warehouse": BATCH_WAREHOUSE})
            raise _Rollback
    except _Rollback:
        pass


def make_staff_users(ctx):
    """The bench process editor exists in both databases before queries are counted."""
    ctx.staff("PRC")
    with ctx.databases.small():
        ctx.staff("PRC")


def register(suite):
    suite.add(
        Benchmark(
            name="orders.report_month", needs=["orders"], unit="s", goal="<= 2",
            ceiling=run_sql, target=run_report, repeats=5,
            note="a month of order statistics with all six breakdowns vs the same GROUP BYs in SQL",
        ),
        Benchmark(
            name="orders.batch_10k", needs=["orders"], unit="s", goal="<= 10",
            ceiling=raw_update, target=batch_orders, queries=batch_queries, repeats=3,
            setup=make_staff_users,
            note="batch_create over 10,000 pool orders (events, batch rows, status) vs one raw "
                 "UPDATE of the same rows; queries per batch equal at 10 and 10,000 orders",
        ),
        HttpBenchmark(
            name="orders.order_list", path="/backoffice/orders/order/", login="PRC",
            needs=["orders"], goal=">= 0.01", p95_ms=3000,
            note="the back-office order list (orders app) at 1M orders vs minimal view",
        ),
        HttpBenchmark(
            name="orders.pool", path="/backoffice/fulfilment/pool/", login="PRC",
            needs=["orders"], goal=">= 0.01", p95_ms=3000,
            note="the order pool (first page of 100, no count; ~1 ms of SQL, the rest is "
                 "rendering) at 1M orders vs minimal view",
        ),
    )  # fmt: skip
