"""The shop's own regions (header, footer, home blocks, category banner) as editable content
(ART-03, siteops.content): the live HTML of every region, read once per request in one query
(so a publish or a rollback shows on the next request). When the request has already read the
shop version (a shop page cached whole, missed; a topic page), the region pages are taken from
the per-version cache instead, so such a miss costs no region query; other requests are not
made to read a version they do not otherwise need."""

from django import template
from django.utils.safestring import mark_safe

from siteops.content.selectors import live_region_pages, live_regions

from ..cache import per_version

register = template.Library()


def regions_for(request) -> dict[str, str]:
    cached = getattr(request, "_shop_regions", None) if request is not None else None
    if cached is None:
        version = getattr(request, "_shop_version", None)
        pages = (
            None if version is None else per_version("regions", live_region_pages, version=version)
        )
        cached = live_regions(pages)
        if request is not None:
            request._shop_regions = cached
    return cached


@register.simple_tag(takes_context=True)
def shop_region(context, code: str, fallback: str = ""):
    """The live HTML of region ``code`` (else of ``fallback``), or nothing."""
    regions = regions_for(context.get("request"))
    return mark_safe(regions.get(code) or (regions.get(fallback) if fallback else "") or "")  # noqa: S308
