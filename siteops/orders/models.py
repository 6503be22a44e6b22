"""Customers' addresses and carts, orders with their lines, and the order's event timeline."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siteops.core.events import Event

from .choices import DeliveryMethod, OrderStatus, PaymentMethod, StockState


class Address(models.Model):
    """A delivery address a customer keeps in their account."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="addresses",
        verbose_name=_("customer"),
    )
    recipient = models.CharField(_("recipient"), max_length=50)
    phone = models.CharField(_("phone"), max_length=32)
    province = models.CharField(_("province"), max_length=32)
    city = models.CharField(_("city"), max_length=32)
    district = models.CharField(_("district"), max_length=32, blank=True)
    line = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_default=True), name="orders_one_default_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.province}{self.city}{self.district}{self.line}"


class Cart(models.Model):
    """A logged-in customer's cart (anonymous visitors keep theirs in the session)."""

    customer = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="cart", verbose_name=_("customer")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.customer)


class CartLine(models.Model):
    """A SKU and how many of it a customer wants; price is read at checkout, never stored here."""

    cart = models.ForeignKey(Cart, models.CASCADE, related_name="lines", verbose_name=_("cart"))
    sku = models.ForeignKey("catalog.SKU", models.CASCADE, related_name="+", verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "sku"], name="orders_cartline_unique_sku"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="orders_cartline_qty_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} × {self.quantity}"


class Order(models.Model):
    """A customer's order: what they bought at which price, where it goes and where it stands."""

    number = models.CharField(_("order number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices)
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices
    )
    delivery_method = models.CharField(
        _("delivery method"), max_length=20, choices=DeliveryMethod.choices
    )
    stock_state = models.CharField(
        _("stock"), max_length=12, choices=StockState.choices, default=StockState.RESERVED
    )
    # Address snapshot: the order keeps where it was sent even if the customer edits the address.
    recipient = models.CharField(_("recipient"), max_length=50)
    phone = models.CharField(_("phone"), max_length=32)
    province = models.CharField(_("province"), max_length=32, db_index=True)
    city = models.CharField(_("city"), max_length=32)
    district = models.CharField(_("district"), max_length=32, blank=True)
    address_line = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    subtotal = models.DecimalField(_("goods total"), max_digits=12, decimal_places=2)
    delivery_fee = models.DecimalField(
        _("delivery fee"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    customer_note = models.CharField(_("note from the customer"), max_length=200, blank=True)
    warehouse = models.CharField(_("warehouse"), max_length=20, default="main")
    promised_date = models.DateField(_("promised delivery date"), null=True, blank=True)
    reserved_until = models.DateTimeField(_("stock reserved until"), null=True, blank=True)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    referral = models.CharField(_("referral"), max_length=100, blank=True)
    # The visitor's first touch within the attribution window (the utm_* above are the last):
    # the same browser session's earliest UTM arrival, kept beside the last one so the
    # campaign report can show first-touch and last-touch side by side.
    first_utm_source = models.CharField(_("first-touch UTM source"), max_length=100, blank=True)
    first_utm_medium = models.CharField(_("first-touch UTM medium"), max_length=100, blank=True)
    first_utm_campaign = models.CharField(_("first-touch UTM campaign"), max_length=100, blank=True)
    # The checkout form's one-time token: a double-submitted or retried checkout finds the order
    # it already made instead of making a second one (blank for orders not placed by checkout).
    checkout_token = models.CharField(_("checkout token"), max_length=32, blank=True, default="")
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="orders_status_created"),
            models.Index(fields=["customer", "-created_at"], name="orders_customer_recent"),
            models.Index(
                fields=["reserved_until"],
                condition=Q(status="pending_payment"),
                name="orders_pending_expiry",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(subtotal__gte=0), name="orders_order_totals_nonneg"
            ),
            models.UniqueConstraint(
                fields=["customer", "checkout_token"],
                condition=~Q(checkout_token=""),
                name="orders_one_order_per_checkout",
            ),
        ]
        permissions = [
            ("change_order_status", _("Can move an order through its lifecycle")),
            ("confirm_payment", _("Can confirm that a bank transfer was received")),
            ("view_order_cost", _("Can see purchase costs on orders")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_badge(self) -> str:
        return OrderStatus(self.status).badge

    @property
    def full_address(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.address_line}"


class OrderLine(models.Model):
    """One SKU on an order, with the title, spec and price as they were when it was bought."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="lines", verbose_name=_("order"))
    sku = models.ForeignKey("catalog.SKU", models.PROTECT, related_name="+", verbose_name=_("SKU"))
    sku_code = models.CharField(_("SKU code"), max_length=64)
    title = models.CharField(_("product"), max_length=200)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orders_line_qty_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.quantity}"


class OrderEvent(Event):
    """One step of an order's timeline: who moved it from which status to which, and from where."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="events", verbose_name=_("order"))
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=20,
        choices=OrderStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=20, choices=OrderStatus.choices
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["order", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"
