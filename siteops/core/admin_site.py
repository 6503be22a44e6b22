"""The back office: Django's admin with the unfold theme, entered through a position.

- Only people who hold or act for a position today (or administrators) get in; a shop customer
  or a former employee is sent back to the login page.
- Work screens (org chart, workbench, review queues …) are views inside the same shell: each
  app lists them in ``admin_views.py`` as ``def urlpatterns(site) -> list``.
"""

from __future__ import annotations

import contextlib
import importlib

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, router, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, get_script_prefix, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.module_loading import module_has_submodule
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from unfold.sites import UnfoldAdminSite

from . import hooks

_LOGIN_PAGES: dict[tuple, str] = {}  # (language, address, prefix) → the login page's HTML
_INDEX_PATHS: dict[tuple, str] = {}  # (site, script prefix) → the index's path
_SIDEBARS: dict[tuple, SidebarList] = {}  # (menu key, index path, active entries) → sidebar
_CSRF_SLOT = "siteopsCsrfTokenSlot"

# Landing pages in order of preference; the first one that exists and the user may open wins.
LANDING = ["admin:work_workbench", "admin:org_chart"]


def has_backoffice_access(user) -> bool:
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    # Who holds a position is org's knowledge: asked through a hook, core imports no app.
    return bool(hooks.ask("core.backoffice_access", user))


class PositionLoginForm(AdminAuthenticationForm):
    """Staff log in through a position they hold or act for today, not an is_staff flag."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_position": _(
            "This account holds no position in force today, so it cannot use the back office."
        ),
    }

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise ValidationError(self.error_messages["inactive"], code="inactive")
        if not has_backoffice_access(user):
            raise ValidationError(self.error_messages["no_position"], code="no_position")


class _SafeChangeListMixin:
    """A list whose filters in the URL cannot be run (``?created_at__year=99999``, a number past
    64 bits, a NUL in the search on PostgreSQL, ``?pk=abc``) goes back to the unfiltered list
    with a message, instead of a 500: Django's admin only catches errors raised while the filter
    is *built*; these are raised when the count runs."""

    is_dataset = False  # asked by unfold's list templates (see _SafeLookupsAdmin)

    def get_results(self, request):
        try:
            # Inside a transaction, a savepoint, so a failed query does not break it. Outside
            # one (every list page), none: a failed query in autocommit breaks nothing, and on
            # SQLite a transaction here would take the write lock for a read.
            using = router.db_for_read(self.model)
            guard = transaction.atomic(using=using)
            if not transaction.get_connection(using).in_atomic_block:
                guard = contextlib.nullcontext()
            with guard:
                super().get_results(request)
        except (
            ValueError,
            TypeError,
            IndexError,
            OverflowError,
            ValidationError,
            DatabaseError,
        ) as exc:
            messages.error(
                request, _("The list's filter in the address is not valid; showing all.")
            )
            raise IncorrectLookupParameters(exc) from exc


class _SafeLookupsAdmin:
    _safe_changelists: dict = {}

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)
        safe = self._safe_changelists.get(base)
        if safe is None:
            safe = type(f"Safe{base.__name__}", (_SafeChangeListMixin, base), {})
            self._safe_changelists[base] = safe
        return safe


_CONFIGS: dict[str, tuple] = {}  # settings name → (the settings object, unfold's merged config)
_THEME_CSS: dict[tuple, str] = {}
_COLORS: dict[tuple, tuple] = {}  # (settings name, key) → (unfold's merged config, its colours)


def _merged_config(settings_name: str) -> dict:
    from unfold.settings import get_config

    raw = getattr(settings, settings_name, None)
    kept = _CONFIGS.get(settings_name)
    if kept is None or kept[0] is not raw:
        kept = _CONFIGS[settings_name] = (raw, get_config(settings_name))
    return kept[1]


def theme_css(colors: dict, border_radius) -> SafeString:
    """Unfold's ``:root`` colour variables (what its skeleton template writes), as one style
    element, built once per distinct theme."""
    key = (str(border_radius or ""),
           tuple((str(n), tuple((str(w), str(v)) for w, v in ws.items())) for n, ws in colors.items()))  # fmt: skip
    css = _THEME_CSS.get(key)
    if css is None:
        lines = [f"--border-radius: {escape(key[0])};"] if key[0] else []
        lines += [
            f"--color-{escape(n)}-{escape(w)}: {escape(v)};" for n, ws in key[1] for w, v in ws
        ]
        css = '<style id="unfold-theme-colors">:root {' + " ".join(lines) + "}</style>"
        if len(_THEME_CSS) >= 64:
            _THEME_CSS.clear()
        _THEME_CSS[key] = css
    return SafeString(css)


class SidebarList(list):
    """The sidebar's groups with their active entries marked, shared by every request with the
    same menu and active entries (never change it in place); ``siteops_key`` names it, or is
    None when it is not kept."""

    siteops_key: tuple | None = None


class SiteOpsAdminSite(UnfoldAdminSite):
    site_header = _("SiteOps")
    site_title = _("SiteOps 网站运营平台")
    index_title = _("Back office")
    login_form = PositionLoginForm

    def has_permission(self, request):
        return has_backoffice_access(request.user)

    def _get_config(self, key, *args):
        """Unfold's setting ``key``: the same as unfold's own, but the merge of its defaults with
        ``settings.UNFOLD`` is done once (unfold merges the whole dictionary on every call,
        thirty times a page), again only when the settings object changes (override_settings)."""
        config = _merged_config(self.settings_name)
        if key in config and config[key]:
            return self._get_value(config[key], *args)
        return None

    def _get_colors(self, key, *args):
        """Unfold's theme colours, converted once per settings object (unfold converts every
        colour of the theme on every page, ≈ 0.25 ms); colours given by callables are asked
        each time, as unfold does."""
        config = _merged_config(self.settings_name)
        colors = config.get(key) or {}
        if any(callable(weights) for weights in colors.values()):
            return super()._get_colors(key, *args)
        kept = _COLORS.get((self.settings_name, key))
        if kept is None or kept[0] is not config:
            kept = _COLORS[(self.settings_name, key)] = (config, super()._get_colors(key, *args))
        return kept[1]

    def each_context(self, request):
        """Unfold's context, with the theme's colours as one stylesheet kept per process.

        Unfold's skeleton writes its ``:root`` colour variables with a template loop on every
        page (≈ 4k Python calls: sixty variables). For the back office's pages (whose templates
        all extend ``admin/base.html``; siteops/templates/admin/base.html puts the kept sheet in
        the page's head) the loop is skipped; pages outside the back office (the login page)
        keep unfold's own way."""
        context = super().each_context(request)
        colors = context.get("colors")
        if colors and context.get("has_permission"):
            context["siteops_theme_css"] = theme_css(colors, context.get("border_radius"))
            context["colors"] = None
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every list gets the safe handling of URL filters (see above), and every history admin
        the history pages' guard (see GuardedHistoryMixin), so a registration that uses
        django-simple-history's admin directly cannot reopen the hole."""
        from simple_history.admin import SimpleHistoryAdmin

        from .admin_base import GuardedHistoryMixin

        admin_class = admin_class or ModelAdmin
        if issubclass(admin_class, SimpleHistoryAdmin) and not issubclass(
            admin_class, GuardedHistoryMixin
        ):
            admin_class = type(
                admin_class.__name__,
                (GuardedHistoryMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        if not issubclass(admin_class, _SafeLookupsAdmin):
            attrs = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
            # Unfold's list templates ask for these on every row; a name missing from a
            # ModelAdmin makes Django's template engine call dir() on it each time (half a
            # millisecond each, 30 ms a list page). Defaults only: an admin's own value wins.
            for name, default in (("list_sections", []), ("list_sections_classes", "")):
                if not hasattr(admin_class, name):
                    attrs[name] = default
            admin_class = type(admin_class.__name__, (_SafeLookupsAdmin, admin_class), attrs)
        return super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        extra = []
        for config in apps.get_app_configs():
            if config.name.startswith("siteops.") and module_has_submodule(
                config.module, "admin_views"
            ):
                module = importlib.import_module(f"{config.name}.admin_views")
                extra += module.urlpatterns(self)
        return extra + super().get_urls()

    def get_app_list(self, request, app_label=None):
        """Django's list of every registered model, built only when a template reads it.

        The admin's ``each_context`` builds it for every page (``available_apps``: each model's
        permissions and URLs, about 180 URL reversals here), while our sidebar shows the menu
        (siteops.core.menu) instead; the index pages and unfold's search still get it in full.
        """
        parent = super().get_app_list
        return SimpleLazyObject(lambda: parent(request, app_label))

    def get_sidebar_list(self, request):
        """Unfold's sidebar, without its per-item work our menu does not need.

        Unfold deep-copies the whole navigation and, per entry, reverses the index URL and parses
        both URLs to decide which entry is active. Our menu (siteops.core.menu) has no per-entry
        permission or badge callbacks and no tabs, and is shared by everyone with the same menu:
        the sidebar with its active entries marked is kept per (menu, active entries), and the
        key it carries (``siteops_key``) lets the sidebar's HTML be kept by it too
        (siteops.core.templatetags.siteops_shell). With tabs configured, unfold's own way is used.
        """
        if self._get_value(self._get_config("TABS", request), request):
            return super().get_sidebar_list(request)
        navigation = self._get_value(
            self._get_config("SIDEBAR", request).get("navigation"), request
        )
        prefix = get_script_prefix()
        index_path = _INDEX_PATHS.get((self.name, prefix))
        if index_path is None:
            index_path = _INDEX_PATHS[(self.name, prefix)] = reverse(
                f"{self.name}:index", current_app=self.name
            )
        here = request.path
        paths = getattr(navigation, "paths", None)
        if paths is None:  # not our menu: every entry's path worked out here
            paths = tuple(
                (item.get("link") or "").split("?", 1)[0].split("#", 1)[0]
                for group in navigation
                for item in group["items"]
            )
        active = []
        for i, link_path in enumerate(paths):
            if link_path and (here == index_path if link_path == index_path else link_path in here):
                active.append(i)
        if len(active) > 1:  # /work/ and /work/team/ both match the team board: the closest wins
            longest = max(len(paths[i]) for i in active)
            active = [i for i in active if len(paths[i]) == longest]
        menu_key = getattr(navigation, "key", None)
        key = (menu_key, index_path, tuple(active)) if menu_key else None
        sidebar = _SIDEBARS.get(key) if key else None
        if sidebar is None:
            sidebar = SidebarList()
            i = 0
            on = set(active)
            for group in navigation:
                items = []
                for item in group["items"]:
                    if item.get("link"):
                        items.append({**item, "active": i in on, "has_permission": True})
                    i += 1
                sidebar.append({**group, "items": items})
            sidebar.siteops_key = key
            if key:
                if len(_SIDEBARS) >= 2048:
                    _SIDEBARS.clear()
                _SIDEBARS[key] = sidebar
        return sidebar

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        """The login page, rendered once per (language, address) and served from memory with
        the visitor's own CSRF token put in (issue #20: the page is unfold's whole shell for a
        form of two fields, ≈ 17k Python calls a render, against ≈ 1k for a minimal view).

        Only a first visit is served this way — a GET with no session cookie, no messages
        cookie: a visitor with a session may be logged in (→ redirect) or have messages to see,
        and a POST (a login attempt, its errors) always takes Django's own way."""
        if (
            request.method != "GET"
            or extra_context
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
            return super().login(request, extra_context)
        key = (get_language(), request.get_full_path(), get_script_prefix())
        page = _LOGIN_PAGES.get(key)
        if page is None:
            response = super().login(request, {"csrf_token": _CSRF_SLOT})
            if response.status_code != 200 or not hasattr(response, "render"):
                return response
            page = response.render().content.decode(response.charset)
            if _CSRF_SLOT not in page:  # nothing to fill in: not a page to keep
                return response
            if len(_LOGIN_PAGES) >= 200:  # addresses carry ?next=…: keep the memory bounded
                _LOGIN_PAGES.clear()
            _LOGIN_PAGES[key] = page
        response = HttpResponse(page.replace(_CSRF_SLOT, get_token(request)))
        patch_vary_headers(response, ["Cookie"])
        return response

    def index(self, request, extra_context=None):
        for name in LANDING:
            try:
                return redirect(reverse(name, current_app=self.name))
            except NoReverseMatch:
                continue
        return super().index(request, extra_context)

    def render(self, request, template: str, context: dict, *, title: str = "") -> TemplateResponse:
        """Render a work screen inside the back-office shell (sidebar, header, messages)."""
        return TemplateResponse(
            request, template, {**self.each_context(request), "title": title, **context}
        )

    def view(self, route: str, view, name: str):
        """A URL pattern for a work screen: login-protected and inside the shell."""
        return path(route, self.admin_view(view), name=name)


__all__ = ["SiteOpsAdminSite", "has_backoffice_access"]
