"""The customer's side of points in the shop: their own balance and the history of every change
(only their own: the queries start from the logged-in customer)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .selectors import customer_expiries, customer_history, customer_points


def _login_redirect(request):
    login = reverse("storefront:login")
    return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


@require_safe
@never_cache
def points(request):
    if not request.user.is_authenticated:
        return _login_redirect(request)
    balance, memberships = customer_points(request.user)
    return render(
        request,
        "loyalty/account_points.html",
        {"balance": balance, "memberships": memberships,
         "expiries": customer_expiries(request.user),
         "history": customer_history(request.user), "today": timezone.localdate()},
    )  # fmt: skip


@require_safe
@never_cache
def points_json(request):
    """The same for the customer's own session (the shop's scripts, an app): 401 without one."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required", "code": "login_required"}, status=401)
    balance, memberships = customer_points(request.user)
    return JsonResponse({
        "available": balance.available, "pending": balance.pending, "spent": balance.spent,
        "expired": balance.expired,
        "expiries": [{"date": x["date"].isoformat(), "points": x["points"],
                      "project": x["project"].code} for x in customer_expiries(request.user)],
        "projects": [{"code": m.project.code, "name": m.project.name,
                      "status": m.get_status_display()} for m in memberships],
        "history": [{"at": e.at.isoformat(), "kind": e.get_kind_display(), "points": e.points,
                     "source": e.get_entry_source_display(),
                     "available_on": e.available_on.isoformat(), "project": e.project.code,
                     "order": e.order.number if e.order_id else None, "reason": e.reason}
                    for e in customer_history(request.user)],
    })  # fmt: skip
