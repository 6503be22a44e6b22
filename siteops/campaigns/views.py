"""The shop's short links of campaigns: count the click, go to the stored page with its UTM."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .models import validate_site_path


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
