"""The back-office shell's template tags.

``{% cached_sidebar "unfold/helpers/app_list.html" %}`` renders unfold's sidebar template (the one
this tag's own template overrides) once per distinct menu and serves the HTML from memory after
that. The sidebar was most of a back-office page's rendering time (a hundred entries, each with
its includes); it depends only on the menu's entries, which one is active and the language — all
in the key. A menu with per-request parts (badge or link callbacks, or every application listed)
is rendered every time.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

_HTML: dict[tuple, str] = {}
_HTML_MAX = 2048
_ITEM_KEYS = ("title", "link", "icon", "active", "has_permission", "badge")


def _key(context) -> tuple | None:
    if context.get("sidebar_show_all_applications"):
        return None
    nav = context.get("sidebar_navigation") or []
    groups = []
    for group in nav:
        if any(k in group for k in ("badge_callback", "badge")):
            return None
        items = []
        for item in group.get("items") or []:
            if item.get("link_callback") or item.get("badge_callback") or item.get("items"):
                return None
            if item.get("link_attrs") or item.get("icon_template"):
                return None
            items.append(tuple(str(item.get(k)) for k in _ITEM_KEYS))
        groups.append((str(group.get("title")), bool(group.get("separator")),
                       bool(group.get("collapsible")), tuple(items)))  # fmt: skip
    return (get_language(), tuple(groups))


class CachedSidebarNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context):
        key = _key(context)
        html = _HTML.get(key) if key is not None else None
        if html is None:
            # The template this tag's template overrides: found by skipping our own origin.
            original, _origin = context.template.engine.find_template(self.name, skip=[self.origin])
            html = original.render(context)
            if key is not None:
                if len(_HTML) >= _HTML_MAX:
                    _HTML.clear()
                _HTML[key] = html
        return html


@register.tag
def cached_sidebar(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_sidebar takes the name of the template")
    return CachedSidebarNode(bits[1].strip("\"'"))
