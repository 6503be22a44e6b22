"""Template filters of the work screens."""

import time

from django import template
from django.utils.translation import get_language

register = template.Library()

_NAMES: dict[str, tuple[str, str]] = {}
_LOADED = [0.0]


@register.filter
def position_name(code: str) -> str:
    """A position's name for its code (events and comments store the code): people read names,
    not codes such as ``PED``. The table is read once a minute per process."""
    if not code:
        return ""
    if time.monotonic() - _LOADED[0] > 60 or code not in _NAMES:
        from siteops.org.models import Position

        _NAMES.clear()
        _NAMES.update(
            (c, (zh, en))
            for c, zh, en in Position.objects.values_list("code", "name_zh", "name_en")
        )
        _LOADED[0] = time.monotonic()
    if code not in _NAMES:
        return code
    zh, en = _NAMES[code]
    return en if (get_language() or "").lower().startswith("en") and en else zh
