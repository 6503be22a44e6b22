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


# --- forms as a browser would submit them (for the POST sweep) -----------------------------------

from html.parser import HTMLParser  # noqa: E402


class _FormParser(HTMLParser):
    """The fields of the first <form method=post> whose id ends with ``_form`` (the admin's change
    form), as a browser submits them: checked boxes only, the selected (or first) option of a
    select, textareas' text; file inputs and buttons left out."""

    def __init__(self, form_id_suffix: str = "_form"):
        super().__init__(convert_charrefs=True)
        self.suffix = form_id_suffix
        self.depth = 0  # >0 while inside the form
        self.data: list[tuple[str, str, str]] = []  # (name, value, kind)
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self.found = False
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif not self.found and (a.get("id") or "").endswith(self.suffix):
                self.depth, self.found = 1, True
            return
        if not self.depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else ""), kind))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [v for v, sel in self._options if sel]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.data += [(name, v, "select-multiple" if multiple else "select") for v in chosen]
            if not multiple:
                self.options[name] = [v for v, _sel in self._options]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea, "".join(self._text), "textarea"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


@dataclass
class Form:
    data: dict[str, list[str]]
    kinds: dict[str, str]
    options: dict[str, list[str]]

    def _main(self):
        # Inline formsets' fields carry a "-" prefix; admin controls start with "_".
        return [(n, k) for n, k in self.kinds.items() if "-" not in n and not n.startswith("_")]

    def tweaked(self) -> list[dict[str, list[str]]]:
        """Plausible edits a user could submit, one per variant: (1) the first free-text field
        with words added, (2) every single choice switched to another option (another
        department, reporting line, person, position …). Dates and numbers are left alone, so
        each variant is a valid form wherever the original was."""
        text = {k: list(v) for k, v in self.data.items()}
        free = [n for n, k in self._main() if k in {"text", "textarea"}]
        filled = [
            n for n in free if text[n] and text[n][0] and not _LOOKS_TYPED.fullmatch(text[n][0])
        ]
        for name in filled[:1] or [n for n in free if not (text[n] and text[n][0])][:1]:
            text[name] = [(text[name][0] if text[name] else "") + " swept"]
        # (2) choices switched, and empty free-text fields filled (a reason the switch may need)
        choice = {k: list(v) for k, v in self.data.items()}
        for name, kind in self._main():
            if kind == "select":
                others = [o for o in self.options.get(name, []) if o and o not in choice[name]]
                if others:
                    choice[name] = [others[-1]]
            elif kind in {"text", "textarea"} and not (choice[name] and choice[name][0]):
                if name not in {"end", "start"} and "date" not in name and "_on" not in name:
                    choice[name] = ["swept"]
        return [text, choice]


_LOOKS_TYPED = re.compile(r"[\d\s:./\-+,]*")  # dates, times, numbers, amounts


def form_data(html: str, form_id_suffix: str = "_form") -> Form | None:
    """The admin form in ``html`` as a browser would submit it (None when the page has none)."""
    parser = _FormParser(form_id_suffix)
    parser.feed(html)
    if not parser.found:
        return None
    data: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for name, value, kind in parser.data:
        if name == "csrfmiddlewaretoken":
            continue
        data.setdefault(name, []).append(value)
        kinds.setdefault(name, kind)
    return Form(data, kinds, parser.options)
