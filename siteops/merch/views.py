"""Click counting for the shop: count with one UPDATE, then go to the stored link only."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .models import Ad, ShelfSlot
from .selectors import product_url
from .validators import validate_ad_link


@never_cache
@require_GET
def go_ad(request, pk: int):
    if not Ad.objects.filter(pk=pk).exists():
        raise Http404
    # Only an ad that is live now (active, in its window, in an active ad position) leads to its
    # target; an old link to an ended, paused or not-yet-started ad lands on the home page.
    link = (
        Ad.objects.live(timezone.now())
        .filter(pk=pk, position__is_active=True)
        .values_list("link", flat=True)
        .first()
    )
    if link is None:
        return HttpResponseRedirect(reverse("storefront:home"))
    try:
        validate_ad_link(link)  # never redirect anywhere but an http(s) URL or a site path
    except Exception:
        raise Http404 from None
    services.ad_click(pk)
    return HttpResponseRedirect(link)


@never_cache
@require_GET
def go_slot(request, pk: int):
    slot = ShelfSlot.objects.filter(pk=pk).select_related("product").only("product").first()
    if slot is None:
        raise Http404
    services.slot_click(pk)
    return HttpResponseRedirect(product_url(slot.product))
