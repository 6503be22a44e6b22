"""``{% timeline obj %}``: the one timeline component (``core/timeline.html``) on any object page."""

from django import template
from django.urls import reverse

from siteops.core.timeline import DEFAULT_LIMIT, events_of, rows_for

register = template.Library()


@register.inclusion_tag("core/timeline.html", takes_context=True)
def timeline(context, obj, limit: int = DEFAULT_LIMIT, title: str = ""):
    querysets = events_of(obj)
    meta = obj._meta
    request = context.get("request")
    user = getattr(request, "user", None)
    may_export = bool(
        user is not None and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
    )
    return {
        "rows": rows_for(querysets, limit=limit) if querysets else [],
        "title": title,
        "limit": limit,
        "csv_url": reverse(
            "admin:core_timeline_csv", args=[meta.app_label, meta.model_name, obj.pk]
        )
        if may_export
        else "",
    }
