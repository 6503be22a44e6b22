"""Cart and checkout. Price and stock are read from the catalogue on the server, never posted."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, parse_int
from siteops.loyalty import ledger
from siteops.orders import services
from siteops.orders.choices import DELIVERY_FEES, DeliveryMethod
from siteops.orders.models import Order
from siteops.orders.stock import SoldOut

from .. import cart
from ..forms import AddressForm, CheckoutForm, token_of
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
        return parse_int(value, lo=-1000, hi=1000, default=default)
    except InputError:
        return default


def _back(request):
    """Where "add to cart" returns on an error: a path of this site only, never another host."""
    target = request.POST.get("back") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("storefront:cart")


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
        return redirect(_back(request))
    return redirect("storefront:cart")


@require_POST
def cart_update(request):
    try:
        cart.set_quantity(request, request.POST.get("sku"), _int(request.POST.get("quantity")))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("storefront:cart")


def _delivery(value) -> str:
    return value if value in DeliveryMethod.values else DeliveryMethod.STANDARD


def _costs(subtotal, method) -> dict:
    """What the customer will pay for this cart with this delivery method, before ordering (the
    same fee table ``order_place`` charges)."""
    method = _delivery(method)
    fee = DELIVERY_FEES[DeliveryMethod(method)]
    return {"subtotal": subtotal, "delivery_fee": fee, "total": subtotal + fee,
            "delivery_label": DeliveryMethod(method).label}  # fmt: skip


@customer_required
def checkout_summary(request):
    """The checkout's cost summary for another delivery method (htmx swaps it in place)."""
    _lines, subtotal = _summary(request)
    costs = _costs(subtotal, request.GET.get("delivery_method"))
    try:
        points = parse_int(request.GET.get("points") or None, lo=0, hi=100_000_000, default=0)
        if points:
            costs.update(points=points, points_value=ledger.quote(request.user, points, subtotal))
            costs["total"] -= costs["points_value"]
    except (InputError, DomainError) as exc:
        costs["points_error"] = str(exc)
    return render(request, "storefront/_checkout_summary.html", costs)


def _already_placed(request, order):
    messages.info(request, _("Your order %(number)s is already placed.") % {"number": order.number})
    return redirect("storefront:order", number=order.number)


@customer_required
def checkout(request):
    if request.method == "POST":
        # A repeat of a submission that already made its order (double click, retry after a
        # lost answer) shows that order; the cart was emptied with it.
        token = token_of(request.POST.get("checkout_token"))
        placed = token and Order.objects.filter(customer=request.user, checkout_token=token).first()
        if placed:
            return _already_placed(request, placed)
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
        if request.POST.get("recalculate"):
            # "Update the total" without JavaScript: show the costs, place nothing.
            pass
        elif form.is_valid() and (has_addresses or address_form.is_valid()):
            try:
                with transaction.atomic():
                    address = form.cleaned_data["address"]
                    if not has_addresses:
                        address = services.address_save(
                            actor=request.user, data=address_form.cleaned_data
                        )
                    order, created = services.checkout_cart(
                        customer=request.user,
                        address=address,
                        delivery_method=form.cleaned_data["delivery_method"],
                        payment_method=form.cleaned_data["payment_method"],
                        note=form.cleaned_data["note"],
                        utm=session_utm(request),
                        checkout_token=form.cleaned_data["checkout_token"],
                        points=form.cleaned_data.get("points") or 0,
                    )
            except SoldOut as exc:
                form.add_error(None, str(exc))
                status = 409
            except DomainError as exc:
                if exc.code == "cart_empty":  # another submission of this cart won
                    messages.info(request, str(exc))
                    return redirect("storefront:account")
                form.add_error(None, str(exc))
                status = 400
            else:
                if not created:
                    return _already_placed(request, order)
                messages.success(
                    request,
                    _("Thank you! Your order %(number)s is placed.") % {"number": order.number},
                )
                return redirect("storefront:order", number=order.number)
    costs = _costs(
        subtotal,
        request.POST.get("delivery_method")
        if request.method == "POST"
        else form.fields["delivery_method"].initial,
    )
    points_offer = ledger.offer_for(request.user)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("points"):
        try:
            costs["points"] = form.cleaned_data["points"]
            costs["points_value"] = ledger.quote(request.user, costs["points"], subtotal)
            costs["total"] -= costs["points_value"]
        except DomainError as exc:
            form.add_error("points", str(exc))
    return render(
        request,
        "storefront/checkout.html",
        {
            "form": form,
            "address_form": address_form,
            "has_addresses": has_addresses,
            "lines": lines,
            "subtotal": subtotal,
            "points_offer": points_offer,
            **costs,
        },  # fmt: skip
        status=status,
    )
