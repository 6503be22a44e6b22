"""Building blocks shared by every app's back-office registrations."""

import html
from urllib.parse import quote_plus

from django import forms
from django.contrib.admin import filters as admin_filters
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language, gettext_lazy, pgettext
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.forms import ActionForm as UnfoldActionForm
from unfold.widgets import UnfoldAdminSelectWidget

from siteops.core.kept import Kept


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows (a bounded subquery), so a 1M-row table costs no full count."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP + 1].count()


class GuardedHistoryMixin:
    """django-simple-history's pages with the rules of the normal change form.

    The library's "revert" page (``<pk>/history/<history_id>/``) saves a fully editable form for
    anyone who may *view* the record, builds it on the old version (so fields the change form
    shows read-only — a status, who made an appointment — come back too), and reads the record
    without the admin's queryset (so rows outside the user's remit are shown). Here:

    - the record must be in ``get_queryset(request)`` (the same rows the change page offers);
    - who may not change it (``has_change_permission``: grants, remit and the admin's own rules)
      sees the old version read-only, and a POST is refused;
    - a revert is the normal edit with the old values filled in: the form is bound to the
      *current* row, read-only fields keep their current values, and the save goes through the
      admin's ``save_model`` (a service where the admin routes writes through one);
    - an admin may switch reverting off entirely (``history_revert = False``), e.g. for records
      that change only through services.

    ``SiteOpsAdminSite.register`` mixes this into every history admin, so no app can forget it.
    """

    history_revert = True

    def _history_may_revert(self, request, obj) -> bool:
        return bool(self.history_revert and self.has_change_permission(request, obj))

    def revert_disabled(self, request, obj=None):
        return not self._history_may_revert(request, obj) or super().revert_disabled(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None or not self.has_view_or_change_permission(request, current):
            raise Http404 if current is None else PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        if not self._history_may_revert(request, current):
            if request.method == "POST":
                raise PermissionDenied
            request._siteops_history_readonly = True
        elif request.method == "POST":
            request._siteops_history_current = current
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if getattr(request, "_siteops_history_readonly", False):
            if self.fieldsets:
                names = flatten_fieldsets(self.fieldsets)
            elif self.fields:
                names = list(self.fields)
            else:
                opts = self.model._meta
                names = [f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable]
            return list(dict.fromkeys([*fields, *names]))
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        current = getattr(request, "_siteops_history_current", None)
        if current is None:
            return form

        class RevertForm(form):
            """Bound to the current row: only the fields the change form edits take old values."""

            def __init__(self, *args, instance=None, **kw):
                super().__init__(*args, instance=current, **kw)

        RevertForm.__name__ = form.__name__
        return RevertForm


_CHOICES: dict[tuple, dict] = {}


def choice_label(obj, field: str = "status"):
    """``obj.get_<field>_display()`` from a dict built once per process: Django rebuilds the
    field's flat choices on every call (≈ 180 Python calls a row on a 30-row list, issue #20).
    The labels are lazy, so the reader's language still applies."""
    key = (type(obj), field)
    labels = _CHOICES.get(key)
    if labels is None:
        labels = _CHOICES[key] = dict(obj._meta.get_field(field).flatchoices)
    value = getattr(obj, field)
    return labels.get(value, value)


def badge(obj, field: str = "status", colour: str | None = None) -> str:
    """The coloured status badge of a list row: the choice's label in ``so-<colour>``
    (``obj.<field>_badge`` unless given)."""
    colour = colour if colour is not None else getattr(obj, f"{field}_badge")
    label = html.escape(str(choice_label(obj, field)))
    return SafeString(f'<span class="so-badge so-{html.escape(colour)}">{label}</span>')


_PK_SLOT = 918273645  # a number no URL of ours contains otherwise
_PK_URLS: dict[tuple, str] = {}


def pk_url(name: str, pk, *args) -> str:
    """``reverse(name, args=[pk, *args])`` for a URL whose first argument is a primary key, with
    one ``reverse()`` per URL name (and further arguments) and process: a list's link column
    called it per row (≈ 140 Python calls each, issue #20)."""
    key = (name, args, get_script_prefix())
    base = _PK_URLS.get(key)
    if base is None:
        base = _PK_URLS[key] = reverse(name, args=[_PK_SLOT, *args])
    return base.replace(str(_PK_SLOT), str(pk))


class ReadOnly:
    """A registration that only shows: records written by services elsewhere (events, batches,
    ledgers, logs). Mix in before the ModelAdmin class."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def open_link(url: str) -> str:
    """A list's link to a record's own page, labelled "Open" as a link (打开) — not the status
    "Open" (未办结, 招聘中 …) that other apps translate the bare word as."""
    label = html.escape(str(pgettext("link to a record's page", "Open")))
    return SafeString(f'<a class="so-link" href="{html.escape(url)}">{label}</a>')


_KEPT_FILTERS = Kept("list filters")


class LeanFilterMixin:
    """A sidebar list filter written out in Python (``siteops_list.render_filter``) with the HTML
    of unfold's ``admin/filter.html``: the template cost ≈ 300 Python calls a choice, the product
    list's filters ≈ 7k a page (issue #20). Mix in before the filter class.

    ``kept_version``: ``None`` (the default) works the choices out on every request. A filter
    whose choices follow nothing but the query string (a field's own choices, the date ranges)
    sets it to ``()``; one whose choices come from data sets it, when it reads them, to a version
    that changes with that data (the work list's position filters: the organisation version).
    The choices and their HTML are then kept per (list, filter, language, time zone, day, query
    string, version) and process. A simple or related-object filter without one is keyed by
    its lookups (read on every request). With facets (counts from the database) nothing is
    kept."""

    template = "admin/change_list_filter_lean.html"  # writes out ``spec.lean_html``
    lean_html = ""
    kept_version = None

    def _version(self):
        """``kept_version``; else, for a filter whose links follow only its lookups (a simple
        filter, a related-object filter), the lookups themselves: read on every request, their
        HTML written once per set of lookups."""
        if self.kept_version is not None:
            return self.kept_version
        if isinstance(self, admin_filters.SimpleListFilter | admin_filters.RelatedFieldListFilter):
            lookups = getattr(self, "lookup_choices", None)
            if lookups is not None:
                return ("lookups", tuple((str(value), str(label), hasattr(label, "__html__"))
                                         for value, label in lookups))  # fmt: skip
        return None

    def choices(self, changelist):
        from siteops.core.templatetags.siteops_list import query_key, render_filter

        version = None if changelist.add_facets else self._version()
        if version is None:
            items = list(super().choices(changelist))
            self.lean_html = SafeString(render_filter(self, changelist, items))
            return items
        key = (type(changelist.model_admin), type(self), getattr(self, "field_path", None),
               get_language(), timezone.get_current_timezone_name(), timezone.localdate(),
               query_key(changelist), version)  # fmt: skip

        def compute():
            items = list(super(LeanFilterMixin, self).choices(changelist))
            return items, SafeString(render_filter(self, changelist, items))

        kept = _KEPT_FILTERS.get(key, compute)
        self.lean_html = kept[1]
        return kept[0]


class LeanChoicesFilter(LeanFilterMixin, admin_filters.ChoicesFieldListFilter):
    """A field's own choices: the same for every request with the same query string."""

    kept_version = ()


class LeanRelatedFilter(LeanFilterMixin, admin_filters.RelatedFieldListFilter):
    pass


class LeanBooleanFilter(LeanFilterMixin, admin_filters.BooleanFieldListFilter):
    """Yes / no / all: unfold's template draws these as buttons by the class's name
    (``BooleanFieldListFilter``), or for a filter that says ``horizontal``."""

    kept_version = ()
    horizontal = True


class LeanDateFilter(LeanFilterMixin, admin_filters.DateFieldListFilter):
    """The date ranges (today, the past 7 days …): kept per day and time zone."""

    kept_version = ()


class _KeptField:
    """A field of :class:`LeanActionForm` as the template uses it: its label and its HTML."""

    __slots__ = ("label", "html")

    def __init__(self, label, html):
        self.label, self.html = label, html

    def __str__(self):
        return self.html

    def __html__(self):
        return self.html


_ACTION_FIELDS = Kept("action form fields")


class LeanActionForm(UnfoldActionForm):
    """unfold's action form (the select of a list's actions), whose fields are rendered once per
    (form, language, action choices) and process: the widget templates cost ≈ 4k Python calls a
    list page (issue #20). Only the unbound form a list page shows is kept; a submitted one
    (``response_action``) is a normal form."""

    def __iter__(self):
        if self.is_bound:
            return super().__iter__()
        choices = tuple((str(v), str(label)) for v, label in self.fields["action"].choices)
        key = (type(self), get_language(), self.prefix, self.auto_id, choices)
        fields = _ACTION_FIELDS.get(key, lambda: [
            _KeptField(bound.label, SafeString(str(bound)))
            for bound in super(LeanActionForm, self).__iter__()
        ])  # fmt: skip
        return iter(fields)


# --- Change forms --------------------------------------------------------------------------------


def _attrs_html(attrs) -> str:
    """``django/forms/attrs.html`` (and the widgets' ``attrs.html``): `` name="value"`` for each
    attribute, `` name`` for True, nothing for False; values through ``stringformat:'s'``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}")
        if value is not True:
            out.append(f'="{_stringformat(value)}"')
    return "".join(out)


def _text(value) -> str:
    """``{{ value }}``: localized, escaped unless safe."""
    if hasattr(value, "__html__"):
        return value.__html__()
    if not isinstance(value, str):
        value = formats.localize(value)
    return html.escape(str(value))


def _label(context):
    if not context["use_tag"]:
        return _text(context["label"]).strip()  # the default renderer strips its output
    tag = _text(context["tag"])
    return f"<{tag}{_attrs_html(context['attrs'])}>{_text(context['label'])}</{tag}>"


def _error_list(context):
    return "" if not context["errors"] else None  # a list with errors: the template


def _stringformat(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    try:
        shown = "%s" % value  # noqa: UP031
    except (TypeError, ValueError):
        return ""
    return shown if isinstance(value, SafeData) else html.escape(shown)


def _input(widget) -> str:
    """``django/forms/widgets/input.html`` (with its trailing newline)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_stringformat(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs_html(widget['attrs'])}>\n"
    )


def _unfold_text(context):
    widget = context["widget"]
    if any(widget.get(k) for k in ("prefix", "prefix_icon", "suffix", "suffix_icon")):
        return None
    return (
        '<div class="max-w-2xl relative w-full">\n    \n\n    \n\n    '
        f"{_input(widget)}\n\n    \n\n    \n</div>"
    )


_OPTION = "django/forms/widgets/select_option.html"
_SELECT_ARROW = (
    '<span class="material-symbols-outlined absolute group-[.primary]:text-white '
    "pointer-events-none mr-[12px] right-0 text-base-400 top-0 top-1/2 hover:text-base-700 "
    'dark:text-base-500 dark:hover:text-base-200 -translate-y-1/2">expand_more</span>'
)


def _unfold_select(context):
    widget = context["widget"]
    out = [
        '<div class="grow relative max-w-2xl">\n    <select '
        f'name="{_text(widget["name"])}"{_attrs_html(widget["attrs"])}>'
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n        <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            out.append(
                f'\n            <option value="{_stringformat(option["value"])}"'
                f"{_attrs_html(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n                </optgroup>")
    out.append(f"\n    </select>\n\n    {_SELECT_ARROW}\n</div>")
    return "".join(out)


def _unfold_textarea(context):
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs_html(widget["attrs"])}>'
        f"{_text(value) if value else ''}</textarea>"
    )


class LeanFormRenderer:
    """The default form renderer, with the small templates every field renders written in
    Python: the label (``django/forms/label.html``, ≈ 300 Python calls a field with its
    attributes), an empty error list (``…/errors/list/ul.html``; the admin renders one per
    field) and unfold's text input, select and textarea (their attributes and options were a
    template each). Everything else goes to the default renderer. The HTML is the templates'
    (``test_lean_form_renderer_matches_the_templates``). A form uses it as its
    ``default_renderer``."""

    _FAST = {
        "django/forms/label.html": _label,
        "django/forms/errors/list/ul.html": _error_list,
        "unfold/widgets/text.html": _unfold_text,
        "unfold/widgets/select.html": _unfold_select,
        "unfold/widgets/textarea.html": _unfold_textarea,
    }

    def __init__(self):
        from django.forms.renderers import get_default_renderer

        self.base = get_default_renderer()

    def __getattr__(self, name):  # form_template_name, field_template_name …
        return getattr(self.base, name)

    def get_template(self, template_name):
        return self.base.get_template(template_name)

    def render(self, template_name, context, request=None):
        fast = self._FAST.get(template_name)
        if fast is not None:
            out = fast(context)
            if out is not None:
                return SafeString(out)
        return self.base.render(template_name, context, request)


class LeanModelForm(forms.ModelForm):
    """A change form rendered with :class:`LeanFormRenderer`."""

    default_renderer = LeanFormRenderer


_SHARED_RENDERER: list = []


class LeanSelectWidget(UnfoldAdminSelectWidget):
    """unfold's select, rendered by :class:`LeanFormRenderer` also where the admin's related-field
    wrapper renders it without the form's renderer (a foreign key's select)."""

    def render(self, name, value, attrs=None, renderer=None):
        if renderer is None:
            if not _SHARED_RENDERER:
                _SHARED_RENDERER.append(LeanFormRenderer())
            renderer = _SHARED_RENDERER[0]
        return super().render(name, value, attrs, renderer)


class LeanChangeFormMixin:
    """A ModelAdmin whose change form is rendered with :class:`LeanFormRenderer`: its form
    (``LeanModelForm`` unless it sets its own) and its foreign keys' selects. Mix in before the
    ModelAdmin class."""

    form = LeanModelForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            "widget" not in kwargs
            and db_field.name not in self.raw_id_fields
            and db_field.name not in self.get_autocomplete_fields(request)
            and db_field.name not in self.radio_fields
        ):  # the select unfold gives it, as a LeanSelectWidget
            kwargs["widget"] = LeanSelectWidget()
            kwargs["empty_label"] = gettext_lazy("Select value")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Media ----------------------------------------------------------------------------------------

_MEDIA = Kept("media")


def _asset_key(asset):
    """A media file as a key: its path, or a ``Script``/``CSS`` asset's class, path and
    attributes (None when it is something else)."""
    if isinstance(asset, str):
        return asset
    if isinstance(asset, forms.widgets.MediaAsset) and isinstance(asset._path, str):
        attributes = asset.attributes
        if all(isinstance(v, str | bool | int) for v in attributes.values()):
            return (type(asset), asset._path, tuple(sorted(attributes.items())))
    return None


def _media_key(media) -> tuple | None:
    """The files of a Media, when each is a plain path or asset (else None: not kept)."""
    parts = []
    for css in media._css_lists:
        for medium, paths in css.items():
            keys = tuple(_asset_key(p) for p in paths)
            if not isinstance(medium, str) or None in keys:
                return None
            parts.append((medium, keys))
    parts.append(None)
    for paths in media._js_lists:
        keys = tuple(_asset_key(p) for p in paths)
        if None in keys:
            return None
        parts.append(keys)
    return tuple(parts)


class _KeptMediaPart:
    __slots__ = ("media", "name")

    def __init__(self, media, name):
        self.media, self.name = media, name

    def __str__(self):
        return self.media.kept(self.name)

    def __html__(self):
        return self.media.kept(self.name)


class KeptMedia(forms.Media):
    """A page's Media whose HTML (``{{ media }}``, ``{{ media.js }}``, ``{{ media.css }}``) is
    rendered once per (files, script prefix) and process: each file's URL goes through the
    static files storage, ≈ 2k Python calls a list or change page (issue #20)."""

    def __init__(self, media):
        super().__init__()
        self._css_lists, self._js_lists = media._css_lists, media._js_lists

    def kept(self, part):
        files = _media_key(self)
        plain = forms.Media()
        plain._css_lists, plain._js_lists = self._css_lists, self._js_lists
        if files is None:
            return SafeString(str(plain if part is None else plain[part]))
        key = (part, files, get_script_prefix())
        return _MEDIA.get(key, lambda: SafeString(str(plain if part is None else plain[part])))

    def render(self):
        return self.kept(None)

    def __getitem__(self, name):
        if name not in forms.widgets.MEDIA_TYPES:
            raise KeyError(f"Unknown media type {name!r}")
        return _KeptMediaPart(self, name)


class KeptMediaMixin:
    """A ModelAdmin whose list and change pages write out their Media through
    :class:`KeptMedia`. Mix in before the ModelAdmin class."""

    @staticmethod
    def _keep_media(response):
        context = getattr(response, "context_data", None)
        if context and isinstance(context.get("media"), forms.Media):
            context["media"] = KeptMedia(context["media"])
        return response

    def changelist_view(self, request, extra_context=None):
        return self._keep_media(super().changelist_view(request, extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._keep_media(
            super().changeform_view(request, object_id, form_url, extra_context)
        )


class ActionsOncePerRequestMixin:
    """A ModelAdmin whose actions are worked out once per request: Django asks ``get_actions``
    three times on a list page (the checkbox column, the action form, its choices), each time
    checking every action's permissions (≈ 450 Python calls each, issue #20). And unfold's
    ``get_action_choices`` with the signature Django asks for, so Django no longer warns about
    the old one on every list page. Mix in before the ModelAdmin class."""

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        kept = request.__dict__.setdefault("_siteops_actions", {})
        key = (self, action_location)
        actions = kept.get(key)
        if actions is None:
            actions = kept[key] = super().get_actions(request, action_location=action_location)
        return dict(actions)

    def get_action_choices(
        self, request, default_choices=BLANK_CHOICE_DASH, action_location=ActionLocation.CHANGE_LIST
    ):
        # As before: unfold's override has no ``action_location`` and gives the list's choices.
        return super().get_action_choices(request, default_choices)


# --- Lists ----------------------------------------------------------------------------------------


def _lean_changelist_class():
    from unfold.views import ChangeList  # not at import: a cycle with unfold's admin

    class LeanChangeList(ChangeList):
        """unfold's ChangeList whose query strings (every filter choice, sort link and page
        link has one: ≈ 55 a product list page) are joined directly when every key and value
        is a string or a number: Django's ``urlencode`` took ≈ 37 Python calls each
        (issue #20). The same string as Django's (``test_lean_query_strings_match_django``);
        anything else goes to Django."""

        def get_query_string(self, new_params=None, remove=None):
            p = self.filter_params.copy()
            for r in remove or ():
                for k in list(p):
                    if k.startswith(r):
                        del p[k]
            for k, v in (new_params or {}).items():
                if v is None:
                    p.pop(k, None)
                else:
                    p[k] = v
            parts = []
            for k, v in sorted(p.items()):
                if type(k) is not str:
                    return super().get_query_string(new_params, remove)
                key = quote_plus(k)
                if type(v) is str or type(v) is int:
                    parts.append(f"{key}={quote_plus(str(v))}")
                elif type(v) is list and all(type(i) is str for i in v):
                    parts.extend(f"{key}={quote_plus(i)}" for i in v)
                else:
                    return super().get_query_string(new_params, remove)
            return "?" + "&".join(parts)

    return LeanChangeList


_LEAN_CHANGELIST: list = []


def lean_changelist():
    """The :class:`LeanChangeList` class (for a ModelAdmin's ``get_changelist``)."""
    if not _LEAN_CHANGELIST:
        _LEAN_CHANGELIST.append(_lean_changelist_class())
    return _LEAN_CHANGELIST[0]


# --- The bases of the apps' registrations ---------------------------------------------------------


class HistoryAdmin(ActionsOncePerRequestMixin, KeptMediaMixin, GuardedHistoryMixin,
                   SimpleHistoryAdmin, ModelAdmin):  # fmt: skip
    """A themed admin with the field history of django-simple-history (its actions worked out
    once per request, their select and its media written once)."""

    action_form = LeanActionForm


class BigListAdmin(ActionsOncePerRequestMixin, KeptMediaMixin, ModelAdmin):
    """For tables that grow without bound: no full count, bounded count of the filtered list
    (its actions worked out once per request, their select and its media written once)."""

    action_form = LeanActionForm
    show_full_result_count = False
    paginator = CappedCountPaginator
