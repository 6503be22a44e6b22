"""Which screens do which duty: one declaration per duty, next to the code that does it.

Each app that serves duties has a ``duties.py`` module calling :func:`serves`::

    from siteops.core.duties import Screen, serves

    serves("PED-01",
           Screen("admin:catalog_submission_changelist", "catalog.view_submission"),
           Screen("api-v1:create_submission", kind="api"))

Duties whose work is generic (coordination, "other work assigned") point at the workbench views
that serve them with ``generic=True``. A duty no app declares is *not yet supported*: the position
page says so instead of pretending. ``siteops duties --json`` and the position page are both built
from :func:`duty_map`. ``core`` imports no domain app: apps' ``duties.py`` modules are discovered
by name at first use.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Screen:
    """One screen where (part of) a duty is done."""

    url: str  # a URL name ("admin:catalog_product_changelist") or an absolute path ("/help/")
    perm: str | None = None  # the permission the screen needs (None: any back-office user)
    kind: str = "backoffice"  # backoffice | shop | api
    args: tuple = ()
    label: str = ""  # what the link says (a lazy translation); the menu entry's title when empty
    check: str | None = None  # or a hook (siteops.core.hooks) deciding for a user, as in the menu

    def path(self) -> str | None:
        if self.url.startswith("/"):
            return self.url
        try:
            return reverse(self.url, args=self.args)
        except NoReverseMatch:
            return None

    def allows(self, user) -> bool:
        if self.kind == "shop":
            return True
        if self.kind == "api":
            return False  # an API screen is for another department's system, not a link
        if self.check:
            from siteops.core import hooks

            return bool(hooks.ask(self.check, user))
        return self.perm is None or user.has_perm(self.perm)

    @property
    def title(self) -> str:
        if self.label:
            return str(self.label)
        from siteops.core.menu import MENU

        for group in MENU:
            for item in group.items:
                if item.url == self.url:
                    return str(item.title)
        return self.path() or self.url


@dataclass
class DutyScreens:
    code: str
    screens: list[Screen] = field(default_factory=list)
    generic: bool = False
    modules: list[str] = field(default_factory=list)


_REGISTRY: dict[str, DutyScreens] = {}
_discovered = False


def serves(code: str, *screens: Screen, generic: bool = False) -> None:
    """Declare that ``screens`` do duty ``code`` (may be called by several apps for one duty)."""
    import inspect

    entry = _REGISTRY.setdefault(code, DutyScreens(code))
    for s in screens:
        if s not in entry.screens:
            entry.screens.append(s)
    entry.generic = entry.generic or generic
    module = inspect.getmodule(inspect.stack()[1][0])
    name = getattr(module, "__name__", "")
    if name and name not in entry.modules:
        entry.modules.append(name)


def discover() -> None:
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("siteops.") and module_has_submodule(config.module, "duties"):
            importlib.import_module(f"{config.name}.duties")
    _discovered = True


def screens_for(code: str) -> DutyScreens | None:
    discover()
    return _REGISTRY.get(code)


def registry() -> dict[str, DutyScreens]:
    discover()
    return dict(_REGISTRY)


def links_for(code: str, user) -> list[dict]:
    """The screens of a duty this user may open, as {"path", "label", "kind"} (no API screens)."""
    entry = screens_for(code)
    if entry is None:
        return []
    out = []
    for s in entry.screens:
        if not s.allows(user):
            continue
        path = s.path()
        if path:
            out.append({"path": path, "label": s.title, "kind": s.kind})
    return out
