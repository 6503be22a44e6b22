"""The shop's side of campaigns: short links (count the click, go to the stored page with its
UTM), and a customer's registration for a public offline event (opened from the topic page's
sign-up block); a customer's claim through a topic page's points claim block."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from siteops.core.errors import DomainError

from . import qr, services
from .models import OfflineEvent, Registration, validate_site_path


@never_cache
@require_GET
def go(request, code: str):
    url = services.link_click(code[:40])
    if url is None:
        raise Http404
    try:  # only a same-site path, never another host (the stored value re-checked)
        validate_site_path(url)
    except ValidationError:
        raise Http404 from None
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def promo_code(request):
    """/code/?c=SPRING26: the code from a flyer; the visit then carries the campaign's UTM."""
    typed = (request.GET.get("c") or "").strip()
    error = ""
    if typed:
        url = services.promo_code_use(typed.replace("\x00", ""))
        if url is not None:
            try:
                validate_site_path(url)
            except ValidationError:
                raise Http404 from None
            return HttpResponseRedirect(url)
        error = _("No campaign has this code; check the letters and digits.")
    return render(request, "campaigns/shop/code.html", {"typed": typed[:16], "error": error})


@never_cache
def register(request, pk: int):
    """A logged-in shop customer registers for a public, not yet finished event; afterwards
    (and on every later visit) the page shows their QR code for the door."""
    event = (
        OfflineEvent.objects.select_related("campaign")
        .filter(pk=pk, is_public=True, ends_at__gt=timezone.now())
        .first()
    )
    if event is None:
        raise Http404
    if not request.user.is_authenticated:
        login = reverse("storefront:login")
        return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    mine = Registration.objects.filter(event=event, customer=request.user).first()
    context = {
        "event": event,
        "page_url": event.campaign.topic_url,
        "name": getattr(request.user, "display_name", "") or "",
        "phone": "",
        "error": "",
    }
    if mine is None and request.method == "POST":
        context["name"] = request.POST.get("name", "")[:50]
        context["phone"] = request.POST.get("phone", "")[:32]
        try:
            services.registration_add(
                customer=request.user, event=event, name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""),
            )  # fmt: skip
        except DomainError as exc:
            context["error"] = str(exc)
        else:
            return redirect("campaigns:register", event.pk)  # a reload never registers twice
    if mine is not None:
        context.update(registration=mine, qr_svg=qr.svg(mine.code))
    context["places_left"] = max(event.capacity - event.registered, 0)
    context["full"] = mine is None and context["places_left"] == 0
    return render(request, "campaigns/shop/register.html", context)


@require_POST
def points_claim(request, slug: str, key: str):
    """The points claim block's button: a logged-in shop customer claims once; back to the page
    with a message. Anonymous: to the login page (then back to the topic page)."""
    from django.contrib import messages

    from .claims import page_points_claim

    page_url = f"/t/{slug}/"
    if not request.user.is_authenticated:
        login = reverse("storefront:login")
        return redirect(f"{login}?{urlencode({'next': page_url})}")
    try:
        claim = page_points_claim(customer=request.user, slug=slug, key=key)
    except DomainError as exc:
        if exc.code == "not_live":
            raise Http404 from None
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s points are yours. See them under My points.")
                         % {"n": claim.entry.points})  # fmt: skip
    return redirect(page_url)
