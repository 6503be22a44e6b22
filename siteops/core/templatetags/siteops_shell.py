"""The back-office shell's template tags.

``{% cached_sidebar "unfold/helpers/app_list.html" %}`` renders unfold's sidebar template (the one
this tag's own template overrides) once per distinct menu and serves the HTML from memory after
that. The sidebar was most of a back-office page's rendering time (a hundred entries, each with
its includes); it depends only on the menu's entries, which one is active and the language — all
in the key. The admin site's kept sidebar carries its own key (the menu's and its active
entries', siteops.core.admin_site.SidebarList), so no entry is looked at. A menu with per-request parts (badge or link callbacks, or every application listed)
is rendered every time.
"""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_KEEPS_WHITESPACE = re.compile(r"<(?:pre|textarea|script|style)\b", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s{2,}")


def squeeze(html: str) -> str:
    """Kept HTML with each run of whitespace made one character (a line break if the run had
    one): unfold's indented templates make the manager's sidebar 118 kB, 41 kB squeezed. Browsers
    render the two alike; HTML with elements where whitespace counts (pre, textarea, script,
    style) is kept as it is."""
    if _KEEPS_WHITESPACE.search(html):
        return html
    return _WHITESPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", html)


_HTML: dict[tuple, str] = {}
_HTML_MAX = 2048
_ITEM_KEYS = ("title", "link", "icon", "active", "has_permission", "badge")


def _key(context) -> tuple | None:
    if context.get("sidebar_show_all_applications"):
        return None
    nav = context.get("sidebar_navigation") or []
    kept = getattr(nav, "siteops_key", None)
    if kept is not None:  # the admin site's kept sidebar names itself (menu, active entries)
        return (get_language(), "kept", kept)
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
            html = squeeze(original.render(context))
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


# ``{% cached_fragment "unfold/helpers/…" var … %}``: the same for the shell's other parts that
# are the same on every page for one person — the keyboard-shortcut sheet, the command palette,
# the user block at the foot of the sidebar (name, e-mail, language and theme switches, log-out
# form) — about 8k Python calls a page (issue #20). The key is the template, the language and
# the values named in the tag; a form's CSRF token is rendered as a placeholder and each
# request's own token put in its place.
_FRAGMENTS: dict[tuple, str] = {}
_CSRF_SLOT = "siteopsFragmentCsrfSlot"


_USER_ATTR = re.compile(r"request\.user\.([a-z_]+)$")


class CachedFragmentNode(template.Node):
    def __init__(self, name: str, vary: list):
        self.name = name
        # ``request.user.<name>`` is read straight off the user (≈ 60 Python calls fewer each
        # than the template engine's lookup through the lazy user); anything else as a filter.
        self.user_attrs = []
        self.vary = []
        for value, compiled in vary:
            found = _USER_ATTR.match(value)
            if found:
                self.user_attrs.append(found.group(1))
            else:
                self.vary.append(compiled)

    def _user_key(self, context) -> tuple:
        if not self.user_attrs:
            return ()
        request = context.get("request")
        user = getattr(request, "user", None)
        values = []
        for attr in self.user_attrs:
            value = getattr(user, attr, None)
            if callable(value):
                value = value()
            values.append(str(value))
        return tuple(values)

    def render(self, context):
        key = (
            self.name,
            get_language(),
            *self._user_key(context),
            *(str(v.resolve(context)) for v in self.vary),
        )
        html = _FRAGMENTS.get(key)
        if html is None:
            original, _origin = context.template.engine.find_template(self.name, skip=[self.origin])
            with context.push(csrf_token=_CSRF_SLOT):
                html = squeeze(original.render(context))
            if len(_FRAGMENTS) >= _HTML_MAX:
                _FRAGMENTS.clear()
            _FRAGMENTS[key] = html
        if _CSRF_SLOT in html:
            html = html.replace(_CSRF_SLOT, str(context.get("csrf_token") or ""))
        return SafeString(html)


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_fragment takes a template name and values")
    return CachedFragmentNode(
        bits[1].strip("\"'"), [(b, parser.compile_filter(b)) for b in bits[2:]]
    )


@register.filter
def is_mac(request) -> bool:
    """Whether unfold's templates show ⌘ rather than Ctrl (they test the user agent)."""
    return "Macintosh" in (getattr(request, "META", {}).get("HTTP_USER_AGENT") or "")
