"""The customer's side of the public beta in the shop: join or leave, send feedback, and the
beta features — each answers 404 to anyone outside the cohort (checked here, on the server)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError

from . import beta as service
from .models import BetaFeature


def _login_redirect(request):
    login = reverse("storefront:login")
    return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


@never_cache
def beta(request):
    if not request.user.is_authenticated:
        return _login_redirect(request)
    if request.method == "POST":
        join = request.POST.get("action") == "join"
        service.opt(user=request.user, join=join)
        messages.success(request, _("You joined the beta.") if join else _("You left the beta."))
        return redirect("beta:account")
    return render(
        request,
        "vendors/shop_beta.html",
        {"in_cohort": service.in_cohort(request.user),
         "features": service.features_for(request.user)},
    )  # fmt: skip


@never_cache
def feedback(request):
    if not request.user.is_authenticated:
        return _login_redirect(request)
    if request.method != "POST":
        return redirect("beta:account")
    try:
        service.feedback_send(
            user=request.user, text=request.POST.get("text", ""),
            feature_code=request.POST.get("feature", ""), page=request.POST.get("page", ""),
        )  # fmt: skip
        messages.success(request, _("Thank you: your feedback was sent."))
    except (DomainError, InputError) as exc:
        messages.error(request, str(exc))
    return redirect("beta:account")


@never_cache
def feature(request, code):
    """A beta feature's page: only for the cohort while the feature is on; 404 for anyone else."""
    if not service.is_enabled(request.user, code):
        raise Http404(_("Not found."))
    return render(
        request, "vendors/shop_beta_feature.html",
        {"feature": BetaFeature.objects.get(code=code)},
    )  # fmt: skip
