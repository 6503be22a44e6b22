"""Shop test data: sellable SKUs, customers with an address, and orders placed through services."""

from __future__ import annotations

import itertools
from decimal import Decimal

from siteops.catalog.models import SKU, Category, Product
from siteops.orders import services
from siteops.orders.choices import DeliveryMethod, PaymentMethod
from siteops.orders.models import Address, Order
from siteops.org.models import User

_seq = itertools.count(1)


def category(name="手机数码", slug=None, parent=None) -> Category:
    n = next(_seq)
    cat = Category.objects.create(
        name=name, name_en=f"Category {n}", slug=slug or f"c{n}", parent=parent
    )
    cat.path = (parent.path if parent else "") + f"{cat.pk:07d}/"
    cat.depth = parent.depth + 1 if parent else 0
    Category.objects.filter(pk=cat.pk).update(path=cat.path, depth=cat.depth)
    return cat


def sku(
    *, title=None, price="99.00", stock=10, cat=None, spec=None, product=None, brand=None
) -> SKU:
    """A SKU of a published product, with the product's derived fields refreshed."""
    n = next(_seq)
    if product is None:
        product = Product.objects.create(
            code=f"P{n:06d}", title=title or f"测试商品{n}", category=cat or category(),
            status="published", brand=brand,
        )  # fmt: skip
    s = SKU.objects.create(
        product=product, code=f"S{n:07d}", price=Decimal(price), stock_on_hand=stock,
        spec=spec if spec is not None else {"颜色": "红"}, cost=Decimal("1.00"),
    )  # fmt: skip
    from siteops.catalog.services import products_refresh

    products_refresh([product.pk])
    return s


def customer(username=None, password="pw-Shopper-123") -> User:
    username = username or f"buyer{next(_seq)}"
    return User.objects.create_user(username, f"{username}@example.com", password)


def address(user, **kw) -> Address:
    data = {"recipient": "张三", "phone": "13800000000", "province": "上海市", "city": "上海市",
            "district": "浦东新区", "line": "世纪大道100号", **kw}  # fmt: skip
    return services.address_save(actor=user, data=data)


def order(
    user=None, *, items=None, payment=PaymentMethod.COD, delivery=DeliveryMethod.STANDARD
) -> Order:
    user = user or customer()
    addr = user.addresses.first() or address(user)
    if items is None:
        items = {sku().pk: 1}
    return services.order_place(
        customer=user, items=items, address=addr, delivery_method=delivery, payment_method=payment
    )
