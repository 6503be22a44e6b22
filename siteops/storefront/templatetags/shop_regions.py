"""The shop's own regions (header, footer, home blocks, category banner) as editable content
(ART-03, siteops.content): the live HTML of every region, read once per request in one query
(so a publish or a rollback shows on the next request). Not cached apart: the shop's whole-page
cache already serves anonymous visitors, and a separate per-version entry would make the first
page after any catalogue change cost one query more than the next (query counts must not
depend on what was requested before)."""

from django import template
from django.utils.safestring import mark_safe

from siteops.content.selectors import live_regions

register = template.Library()


def regions_for(request) -> dict[str, str]:
    cached = getattr(request, "_shop_regions", None) if request is not None else None
    if cached is None:
        cached = live_regions()
        if request is not None:
            request._shop_regions = cached
    return cached


@register.simple_tag(takes_context=True)
def shop_region(context, code: str, fallback: str = ""):
    """The live HTML of region ``code`` (else of ``fallback``), or nothing."""
    regions = regions_for(context.get("request"))
    return mark_safe(regions.get(code) or (regions.get(fallback) if fallback else "") or "")  # noqa: S308
