"""Click counting for the shop: count with one UPDATE, then go to the stored link only."""

from django.http import Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .models import Ad, ShelfSlot
from .selectors import product_url
from .validators import validate_ad_link


@never_cache
@require_GET
def go_ad(request, pk: int):
    link = Ad.objects.filter(pk=pk).values_list("link", flat=True).first()
    if link is None:
        raise Http404
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
