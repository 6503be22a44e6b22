"""Test data for order operations: SKUs, orders placed through the shop's service, and many
orders bulk-inserted with seeded randomness (for reports and query counts)."""

from __future__ import annotations

import datetime
import itertools
import random
from decimal import Decimal

from django.utils import timezone

from siteops.catalog.models import SKU, Category, Product
from siteops.orders import services as order_services
from siteops.orders.choices import DeliveryMethod, OrderStatus, PaymentMethod
from siteops.orders.models import Address, Order, OrderLine
from siteops.org.models import User

_seq = itertools.count(1)


def category(name: str | None = None) -> Category:
    n = next(_seq)
    cat = Category.objects.create(name=name or f"分类{n}", slug=f"fc{n}-{random.randrange(10**6)}")
    Category.objects.filter(pk=cat.pk).update(path=f"{cat.pk:07d}/", depth=0)
    return cat


def sku(*, price="100.00", stock=100, cat=None) -> SKU:
    n = next(_seq)
    product = Product.objects.create(
        code=f"FP{n:06d}-{random.randrange(10**6)}", title=f"配送测试商品{n}",
        category=cat or category(), status="published",
    )  # fmt: skip
    return SKU.objects.create(
        product=product, code=f"FS{n:07d}-{random.randrange(10**6)}", price=Decimal(price),
        stock_on_hand=stock, cost=Decimal("12.34"), spec={"颜色": "蓝"},
    )  # fmt: skip


def customer(username: str | None = None) -> User:
    username = username or f"buyer{next(_seq)}x{random.randrange(10**6)}"
    return User.objects.create_user(username, f"{username}@example.com", "pw-Buyer-123")


def address(user, **kw) -> Address:
    data = {"recipient": "李四", "phone": "13900000000", "province": "浙江省", "city": "杭州市",
            "district": "西湖区", "line": "文三路1号", **kw}  # fmt: skip
    return order_services.address_save(actor=user, data=data)


def place(*, user=None, items=None, payment=PaymentMethod.COD, **addr) -> Order:
    """An order placed through the shop's own service (stock reserved, event written)."""
    user = user or customer()
    addr_obj = (
        address(user, **addr) if addr or not user.addresses.exists() else user.addresses.first()
    )
    items = items or {sku().pk: 1}
    return order_services.order_place(
        customer=user, items=items, address=addr_obj, delivery_method=DeliveryMethod.STANDARD,
        payment_method=payment,
    )  # fmt: skip


PROVINCES = ["上海市", "北京市", "广东省", "浙江省", "江苏省"]
SOURCES = ["", "", "baidu", "weibo", "wechat"]
STATUSES = [s for s in OrderStatus.values]


def bulk_orders(n: int, *, start: datetime.date, days: int, seed: int = 1, skus=None,
                customers=None, statuses=STATUSES) -> list[Order]:  # fmt: skip
    """n orders spread over ``days`` days from ``start``, with 1–3 lines each (deterministic).

    Written with bulk_create, bypassing the shop's checkout: for reports and list sizes only.
    """
    rng = random.Random(seed)
    skus = skus or [sku(price=str(p)) for p in (19, 58, 199)]
    customers = customers or [customer() for _ in range(max(3, n // 4))]
    tz = timezone.get_current_timezone()
    orders, lines_by = [], []
    for i in range(n):
        when = datetime.datetime.combine(
            start + datetime.timedelta(days=rng.randrange(days)),
            datetime.time(rng.randrange(24), rng.randrange(60)), tzinfo=tz,
        )  # fmt: skip
        chosen = rng.sample(skus, rng.randint(1, min(3, len(skus))))
        lines = [(s, rng.randint(1, 3)) for s in chosen]
        subtotal = sum((s.price * q for s, q in lines), Decimal("0.00"))
        status = rng.choice(statuses)
        orders.append(Order(
            number=f"T{seed:02d}{i:08d}", customer=rng.choice(customers), status=status,
            payment_method=rng.choice(PaymentMethod.values), delivery_method="standard",
            stock_state="reserved", recipient="王五", phone="13700000000",
            province=rng.choice(PROVINCES), city="某市", address_line="某路1号",
            subtotal=subtotal, total=subtotal, utm_source=rng.choice(SOURCES),
            warehouse=rng.choice(["main", "north"]),
            promised_date=when.date() + datetime.timedelta(days=3),
        ))  # fmt: skip
        lines_by.append((when, lines))
    Order.objects.bulk_create(orders, batch_size=500)
    # created_at is auto_now_add: set the placement time afterwards.
    for o, (when, _lines) in zip(orders, lines_by, strict=True):
        o.created_at = when
    Order.objects.bulk_update(orders, ["created_at"], batch_size=500)
    OrderLine.objects.bulk_create(
        [
            OrderLine(order=o, sku=s, sku_code=s.code, title=s.product.title, unit_price=s.price,
                      quantity=q, line_total=s.price * q)
            for o, (_w, lines) in zip(orders, lines_by, strict=True)
            for s, q in lines
        ],
        batch_size=500,
    )  # fmt: skip
    # Keep the SKU counters true to the orders' reservations (so shipping them works).
    from collections import Counter

    from django.db.models import F

    reserved = Counter()
    for _w, lines in lines_by:
        for s, q in lines:
            reserved[s.pk] += q
    for pk, q in reserved.items():
        SKU.objects.filter(pk=pk).update(
            stock_on_hand=F("stock_on_hand") + q, stock_reserved=F("stock_reserved") + q
        )
    return orders
