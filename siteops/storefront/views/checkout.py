"""Cart and checkout. Price and stock are read from the catalogue on the server, never posted."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.orders import services
from siteops.orders.stock import SoldOut

from .. import cart
from ..forms import AddressForm, CheckoutForm
from ..middleware import session_utm
from .account import customer_required


def _summary(request):
    lines = cart.lines(request)
    subtotal = sum((line.total for line in lines), Decimal("0.00"))
    return lines, subtotal


def cart_view(request):
    lines, subtotal = _summary(request)
    return render(request, "storefront/cart.html", {"lines": lines, "subtotal": subtotal})


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_POST
def cart_add(request):
    try:
        cart.set_quantity(
            request,
            request.POST.get("sku"),
            max(1, _int(request.POST.get("quantity"), 1)),
            add=True,
        )
        messages.success(request, _("Added to your cart."))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(request.POST.get("back") or "storefront:cart")
    return redirect("storefront:cart")


@require_POST
def cart_update(request):
    try:
        cart.set_quantity(request, request.POST.get("sku"), _int(request.POST.get("quantity")))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("storefront:cart")


@customer_required
def checkout(request):
    lines, subtotal = _summary(request)
    if not lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    form = CheckoutForm(request.POST or None, customer=request.user)
    address_form = AddressForm(request.POST or None, prefix="new")
    has_addresses = form.fields["address"].queryset.exists()
    status = 200
    if request.method == "POST":
        if not has_addresses:
            # First order: the address is entered right here; it becomes the default.
            form.fields["address"].required = False
        if form.is_valid() and (has_addresses or address_form.is_valid()):
            try:
                with transaction.atomic():
                    address = form.cleaned_data["address"]
                    if not has_addresses:
                        address = services.address_save(
                            actor=request.user, data=address_form.cleaned_data
                        )
                    order = services.order_place(
                        customer=request.user,
                        items=cart.items(request),
                        address=address,
                        delivery_method=form.cleaned_data["delivery_method"],
                        payment_method=form.cleaned_data["payment_method"],
                        note=form.cleaned_data["note"],
                        utm=session_utm(request),
                    )
            except SoldOut as exc:
                form.add_error(None, str(exc))
                status = 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                cart.clear(request)
                messages.success(
                    request,
                    _("Thank you! Your order %(number)s is placed.") % {"number": order.number},
                )
                return redirect("storefront:order", number=order.number)
    return render(
        request,
        "storefront/checkout.html",
        {
            "form": form,
            "address_form": address_form,
            "has_addresses": has_addresses,
            "lines": lines,
            "subtotal": subtotal,
        },  # fmt: skip
        status=status,
    )
