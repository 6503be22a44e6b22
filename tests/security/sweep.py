"""Every URL of the back office, the shop and the API, found from the resolver and the schema.

The sweep is generic on purpose: a new app's pages and endpoints are covered the moment its
``admin.py`` / ``admin_views.py`` / ``api.py`` / ``urls.py`` is imported, without editing these
tests. Path parameters get sample values (``1``, a position code …) that hit real rows where they
exist and 404 where they do not — either way the answer must never be a server error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

# Converter name -> sample value. Real rows with pk 1 exist for many models (departments,
# positions' groups …), so object pages are rendered, not only their 404.
SAMPLES = {
    "int": "1",
    "str": "1",
    "slug": "x",
    "path": "1",
    "uuid": "00000000-0000-0000-0000-000000000001",
}
ARG_HINTS = {"code": "MGR", "app_label": None}


@dataclass(frozen=True)
class Url:
    path: str
    name: str  # namespace:name ("" when unnamed)
    view: str  # dotted path of the view callable

    def __str__(self) -> str:
        return self.path


def _route_to_path(route: str) -> str:
    def sub(m):
        conv, _, arg = m.group(1).rpartition(":")
        hint = ARG_HINTS.get(arg)
        return hint or SAMPLES.get(conv or "str", "1")

    return re.sub(r"<([^>]+)>", sub, route)


def _regex_to_path(regex: str) -> str | None:
    try:
        forms = normalize(regex)
    except (ValueError, NotImplementedError):
        return None
    if not forms:
        return None
    fmt, params = forms[0]
    return fmt % {p: ARG_HINTS.get(p) or "1" for p in params}


def _walk(patterns, prefix: str, namespace: str):
    for p in patterns:
        pattern = p.pattern
        route = getattr(pattern, "_route", None)
        if route is not None:
            piece = _route_to_path(route)
        else:
            piece = _regex_to_path(pattern.regex.pattern)
            if piece is None:
                continue
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + piece, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            cb = p.callback
            view = f"{getattr(cb, '__module__', '?')}.{getattr(cb, '__qualname__', repr(cb))}"
            yield Url("/" + prefix + piece, name, view)


def all_urls() -> list[Url]:
    seen, out = set(), []
    for u in _walk(get_resolver().url_patterns, "", ""):
        if u.path in seen:
            continue
        try:
            resolve(u.path)
        except Resolver404:
            continue
        seen.add(u.path)
        out.append(u)
    return out


def backoffice_urls() -> list[Url]:
    return [u for u in all_urls() if u.path.startswith("/backoffice/")]


def shop_urls() -> list[Url]:
    return [
        u for u in all_urls()
        if not u.path.startswith(("/backoffice/", "/api/", "/_bench/", "/static/", "/media/"))
    ]  # fmt: skip


# Back-office pages anyone may open (the way in, and static helpers).
PUBLIC_BACKOFFICE = {
    "admin:login", "admin:logout", "admin:password_reset", "admin:password_reset_done",
    "admin:password_reset_confirm", "admin:password_reset_complete", "admin:view_on_site",
}  # fmt: skip


def api_operations(schema: dict) -> list[tuple[str, str, dict]]:
    """(method, path with sample parameters, operation) for every operation of the schema."""
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            ops.append((method, re.sub(r"\{[^}]+\}", "1", path), op))
    return ops
