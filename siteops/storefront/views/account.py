"""The customer's account: register, log in/out, addresses, orders (only their own: 404 else)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.orders import payments, services
from siteops.orders.choices import CUSTOMER_CANCELLABLE
from siteops.orders.models import Address, Order

from .. import cart
from ..forms import AddressForm, LoginForm, RegisterForm
from ..services import customer_register


def customer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            login = reverse("storefront:login")
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped


def _next(request, default="storefront:account"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _login(request, user):
    session_items = {} if request.user.is_authenticated else cart.items(request)
    auth_login(request, user, backend="siteops.org.backends.PositionBackend")
    cart.merge_into_account(request, session_items)


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = customer_register(
            username=data["username"], password=data["password1"], email=data["email"],
            phone=data["phone"],
        )  # fmt: skip
        _login(request, user)
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect(_next(request))
    return render(
        request, "storefront/account/register.html", {"form": form, "next": _next(request)}
    )


def login(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        _login(request, form.get_user())
        return redirect(_next(request))
    return render(request, "storefront/account/login.html", {"form": form, "next": _next(request)})


@require_POST
def logout(request):
    auth_logout(request)
    return redirect("storefront:home")


@customer_required
def account(request):
    orders = Paginator(
        Order.objects.filter(customer=request.user).order_by("-created_at", "-pk"), 20
    ).get_page(request.GET.get("page"))
    return render(request, "storefront/account/orders.html", {"page": orders})


@customer_required
def order_detail(request, number):
    order = get_object_or_404(Order, number=number, customer=request.user)
    provider = payments.get(order.payment_method)
    deadline = services.return_deadline(order)
    return render(
        request,
        "storefront/account/order.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "events": order.events.all(),
            "can_cancel": order.status in CUSTOMER_CANCELLABLE,
            "can_return": deadline is not None and timezone.now() <= deadline,
            "return_deadline": deadline,
            "return_days": services.return_days(),
            "payment_template": provider.instructions_template if provider else "",
            "payment": provider.instructions(order) if provider else {},
        },
    )


@customer_required
@require_POST
def order_cancel(request, number):
    order = get_object_or_404(Order, number=number, customer=request.user)
    try:
        services.order_cancel_by_customer(customer=request.user, order=order)
        messages.success(request, _("Your order was cancelled."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("storefront:order", number=order.number)


@customer_required
@require_POST
def order_return(request, number):
    """The customer asks to return a delivered order; Customer Service decides (PRC-03)."""
    order = get_object_or_404(Order, number=number, customer=request.user)
    reason = request.POST.get("reason", "").strip()[:300]
    if not reason:
        messages.error(request, _("Tell us why you want to return it."))
        return redirect("storefront:order", number=order.number)
    try:
        services.order_request_return(customer=request.user, order=order, note=reason)
        messages.success(request, _("Your return request was sent to Customer Service."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("storefront:order", number=order.number)


@customer_required
def addresses(request):
    return render(
        request,
        "storefront/account/addresses.html",
        {"addresses": Address.objects.filter(customer=request.user)},
    )


@customer_required
def address_edit(request, pk=None):
    address = get_object_or_404(Address, pk=pk, customer=request.user) if pk else None
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_save(actor=request.user, data=form.cleaned_data, address=address)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Address saved."))
            return redirect(_next(request, "storefront:addresses"))
    return render(
        request,
        "storefront/account/address_form.html",
        {"form": form, "address": address, "next": request.GET.get("next", "")},
    )


@customer_required
@require_POST
def address_delete(request, pk):
    address = get_object_or_404(Address, pk=pk, customer=request.user)
    services.address_delete(actor=request.user, address=address)
    messages.success(request, _("Address deleted."))
    return redirect("storefront:addresses")
