"""The shopping cart as the shop sees it: in the session for visitors, in the database once
logged in (merged at login). Only SKU ids and quantities are kept; prices and stock are read
from the catalogue every time the cart is shown or ordered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from siteops.catalog.models import SKU, ProductImage
from siteops.catalog.selectors import shop_skus
from siteops.orders import services
from siteops.orders.models import CartLine

SESSION_KEY = "siteops_cart"


def items(request) -> dict[int, int]:
    if request.user.is_authenticated:
        return dict(
            CartLine.objects.filter(cart__customer=request.user).values_list("sku_id", "quantity")
        )
    return {int(k): int(v) for k, v in (request.session.get(SESSION_KEY) or {}).items()}


def set_quantity(request, sku_id, quantity: int, *, add: bool = False) -> None:
    if request.user.is_authenticated:
        services.cart_line_set(customer=request.user, sku_id=sku_id, quantity=quantity, add=add)
        return
    sku = services.sellable_sku(sku_id)
    cart = dict(request.session.get(SESSION_KEY) or {})
    new = services.clamp_quantity((cart.get(str(sku.pk), 0) if add else 0) + int(quantity))
    if new <= 0:
        cart.pop(str(sku.pk), None)
    else:
        cart[str(sku.pk)] = new
    request.session[SESSION_KEY] = cart


def clear(request) -> None:
    if request.user.is_authenticated:
        services.cart_clear(customer=request.user)
    request.session.pop(SESSION_KEY, None)


def merge_into_account(request, session_items: dict[int, int]) -> None:
    """Called right after login with the cart the visitor had before logging in."""
    if session_items:
        services.cart_merge(customer=request.user, items=session_items)
    request.session.pop(SESSION_KEY, None)


def count(request) -> int:
    return sum(items(request).values())


@dataclass
class Line:
    sku: SKU
    quantity: int
    image: ProductImage | None

    @property
    def total(self) -> Decimal:
        return self.sku.price * self.quantity

    @property
    def available(self) -> int:
        return max(0, self.sku.stock_on_hand - self.sku.stock_reserved)

    @property
    def enough(self) -> bool:
        return self.available >= self.quantity


def lines(request) -> list[Line]:
    wanted = items(request)
    if not wanted:
        return []
    skus = list(shop_skus().filter(pk__in=wanted).order_by("pk"))
    images = {}
    for img in ProductImage.objects.filter(product__in={s.product_id for s in skus}).order_by(
        "-order", "-pk"
    ):
        images[img.product_id] = img  # the lowest order wins (iterated last)
    return [Line(s, wanted[s.pk], images.get(s.product_id)) for s in skus]
