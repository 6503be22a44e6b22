"""The rows of every back-office list, rendered with the per-page work done once per page.

unfold's ``unfold_result_list`` (like Django's ``result_list``) decides everything about a column
again for every cell of every row — which field or function it is, its empty value, its classes,
the change link through ``reverse()`` and ``add_preserved_filters()`` (a URL resolve), and the
selection checkbox through the form widget templates. On a 30-row list that was about half of
the page's Python work (issue #20: 145k calls on the product list, against 56k for the stock
Django changelist). Here the columns are worked out once per page (:func:`_columns`), the change
link and the checkbox are built once with a placeholder and filled in per row, and each cell is
only its value, its display and one ``format_html``. The HTML is the same as unfold's
(``test_lean_rows_match_unfold`` compares them cell by cell); lists with editable columns
(``list_editable``) keep unfold's own tag.
"""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

from django import VERSION as DJANGO_VERSION
from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.filters import BooleanFieldListFilter
from django.contrib.admin.templatetags.admin_list import (
    _coerce_field_name,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.template import Library, Node, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, formats, timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from unfold.templatetags import unfold_list
from unfold.utils import (
    display_for_dropdown,
    display_for_field,
    display_for_header,
    display_for_label,
    display_for_value,
)

from siteops.core.kept import Kept

register = Library()

_PK = "SOPK0PLACEHOLDER"
_CHECKBOXES: dict[str, tuple[str, str]] = {}  # language → (html before the pk, html after)


# The theme's utility classes of a list cell and of a row's checkbox, written once as the rules
# of two short classes (``.so-td``, ``.so-check`` in siteops/admin.css) rather than on each of a
# page's cells: they were two thirds of a 50-row list's bytes (the order list sent 222 kB, the
# stock changelist 21 kB; issue #20). ``test_lean_rows_match_unfold`` expands them back and
# compares with unfold's rows, and fails when unfold's classes change (admin.css to follow).
CELL_CLASSES = " ".join(unfold_list.TABLE_CELL_CLASSES)
CELL_STYLED = (
    "align-middle border-t border-base-200 font-normal gap-4 items-center min-w-0 "
    "overflow-hidden px-3 py-1.5 h-[45px] text-start first:border-t dark:border-base-800"
)  # what .so-td in admin.css writes out
CHECKBOX_STYLED = (
    "appearance-none bg-white block border border-base-300 h-4 min-w-4 relative rounded-[4px] "
    "shadow-xs w-4 dark:bg-base-900 dark:border-base-700 dark:checked:after:text-white "
    "after:absolute after:content-[&#x27;check\\_small&#x27;] after:flex! after:h-4 "
    "after:items-center after:justify-center after:leading-none after:material-symbols-outlined "
    "after:-ml-px after:-mt-px after:text-white after:w-4 dark:after:text-transparent "
    "checked:bg-primary-600 dark:checked:bg-primary-600 checked:border-primary-600 "
    "dark:checked:border-primary-600"
)  # what .so-check in admin.css writes out (escaped as the widget renders it)
SHORT_CLASSES = {"so-td": CELL_STYLED, "so-check": CHECKBOX_STYLED}


def _checkbox_parts() -> tuple[str, str]:
    """unfold's row checkbox rendered once per language (its aria-label is translated), split
    around the pk: a row then costs one escape and two concatenations, not a widget template.
    Its utility classes become ``so-check`` when they are the ones admin.css writes out."""
    lang = get_language() or ""
    parts = _CHECKBOXES.get(lang)
    if parts is None:
        from unfold.admin import checkbox

        html = str(checkbox.render(helpers.ACTION_CHECKBOX_NAME, _PK))
        html = html.replace(f'class="{CHECKBOX_STYLED} ', 'class="so-check ', 1)
        before, _sep, after = html.partition(_PK)
        parts = _CHECKBOXES[lang] = (before, after)
    return parts


def _esc(value) -> str:
    """``conditional_escape`` without its lazy-string checks (≈ 10 calls a cell)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class _Column:
    __slots__ = ("name", "field", "attr", "kind", "classes", "link", "first", "empty", "flags",
                 "choices", "text", "nowrap", "date_format", "memo", "decimal")  # fmt: skip


def _columns(cl) -> list[_Column]:
    """What every cell of a column shares, decided once per page (as ``lookup_field`` and
    unfold's ``items_for_result`` decide per cell)."""
    from unfold.admin import ModelAdmin as UnfoldModelAdmin  # not at import: a cycle with unfold

    model_admin = cl.model_admin
    opts = cl.lookup_opts
    default_empty = model_admin.get_empty_value_display()
    ordering_field = getattr(model_admin, "ordering_field", None)
    hide_ordering = getattr(model_admin, "hide_ordering_field", False)
    links = cl.list_display_links
    out = []
    first = True
    for index, name in enumerate(cl.list_display):
        col = _Column()
        col.name = name
        col.field = col.attr = None
        col.flags = ()
        try:
            col.field = _get_non_gfk_field(opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                col.kind, col.attr = "call", name
            elif hasattr(model_admin, name) and name != "__str__":
                col.kind, col.attr = "admin", getattr(model_admin, name)
                if name == "action_checkbox" and (
                    getattr(type(model_admin), name, None) is UnfoldModelAdmin.action_checkbox
                ):
                    col.kind = "checkbox"  # unfold's: rendered once per language
            else:
                col.kind = "obj"
                if hasattr(model_admin.model, name):
                    col.attr = getattr(model_admin.model, name)
        else:
            col.kind = "field"
        # A choice column's labels looked up in one dict per page (the field's ``flatchoices``
        # is rebuilt on every access); a plain text column shown as it is.
        col.choices = col.text = col.date_format = col.decimal = None
        col.memo = {}  # a related row's or a date's display, once per page
        if col.kind == "field" and isinstance(col.field, models.DateTimeField):
            col.date_format = get_format("DATETIME_FORMAT")
        elif col.kind == "field" and type(col.field) is models.DateField:
            col.date_format = get_format("DATE_FORMAT")
        elif col.kind == "field" and not col.field.is_relation:
            if col.field.flatchoices:
                try:  # the labels translated and escaped once per page
                    col.choices = {k: SafeString(_esc(v)) for k, v in col.field.flatchoices}
                except TypeError:  # list-like choices: unfold's own display
                    col.choices = None
            elif type(col.field) in (models.CharField, models.TextField, models.SlugField):
                col.text = True
            elif isinstance(col.field, models.DecimalField) and not settings.USE_THOUSAND_SEPARATOR:
                places = col.field.decimal_places
                col.decimal = (places, get_format("DECIMAL_SEPARATOR"),
                               "0" + get_format("DECIMAL_SEPARATOR") + "0" * places if places
                               else "0")  # fmt: skip
        holder = col.attr
        col.empty = getattr(holder, "empty_value_display", default_empty)
        cell = ["so-td"] if CELL_CLASSES == CELL_STYLED else unfold_list.TABLE_CELL_CLASSES
        classes = [f"field-{_coerce_field_name(name, index)}", *cell]
        if col.field is None or col.field.auto_created:
            if name == "action_checkbox":
                classes = list(unfold_list.TABLE_ACTION_CELL_CLASSES)
            col.flags = tuple(
                getattr(holder, flag, None)
                for flag in ("boolean", "formatting", "label", "header", "dropdown")
            )
            if col.flags[1] == "price":
                classes.append("!text-end")
        elif isinstance(col.field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        if links is None:
            col.link = False
        elif first and not links:
            col.link = True
        else:
            col.link = name in links
        col.first = False
        if col.link and first:
            col.first = True
            first = False
        elif col.link:
            first = False
        if ordering_field and name == ordering_field and hide_ordering:
            classes.append("!hidden")
        col.classes = escape(" ".join(classes))
        col.nowrap = escape(" ".join([*classes, "nowrap"]))
        out.append(col)
    return out


def _value(col: _Column, result):
    """The cell's value, as ``lookup_field`` finds it."""
    if col.kind == "field":
        return getattr(result, col.field.attname if col.field.is_relation else col.name)
    if col.kind in ("call", "admin"):
        return col.attr(result)
    value = getattr(result, col.name, _PK)
    if value is _PK:  # a related lookup ("category__name")
        value = result
        for part in col.name.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value
    return value() if callable(value) else value


# Django's date format letters that are plain numbers, formatted without Django's DateFormat
# object (≈ 100 Python calls a cell; a list's dates are all different): the Chinese formats
# ("Y年n月j日 H:i") use only these. Formats with other letters (English "N j, Y, P") go to Django.
# Each letter is a field of one ``str.format`` template (one call a cell).
_PLAIN_LETTERS = {
    "Y": "{0.year:04d}", "m": "{0.month:02d}", "n": "{0.month}", "d": "{0.day:02d}", "j": "{0.day}",
    "H": "{0.hour:02d}", "G": "{0.hour}", "i": "{0.minute:02d}", "s": "{0.second:02d}",
}  # fmt: skip
_PLAIN_FORMATS: dict[str, object] = {}


def _plain_format(fmt: str):
    """``fmt`` as a function of a date or datetime, when it uses only plain number letters
    (and literal text); else None (Django's ``dateformat.format`` then)."""
    found = _PLAIN_FORMATS.get(fmt, False)
    if found is not False:
        return found
    parts: list = []
    escaped = False
    if "\\\\" in fmt:  # an escaped backslash: Django's own rules are subtle there
        _PLAIN_FORMATS[fmt] = None
        return None
    for ch in fmt:
        if escaped or not ch.isascii() or not ch.isalpha():
            if ch == "\\" and not escaped:
                escaped = True
                continue
            parts.append(ch.replace("{", "{{").replace("}", "}}"))
            escaped = False
        elif ch in _PLAIN_LETTERS:
            parts.append(_PLAIN_LETTERS[ch])
        else:
            _PLAIN_FORMATS[fmt] = None
            return None
    fast = "".join(parts).format
    _PLAIN_FORMATS[fmt] = fast
    return fast


def date_text(value, fmt: str) -> str:
    """What ``{{ value|date:fmt }}`` shows (in local time), without Django's ``DateFormat``
    object when the format uses only plain number letters (≈ 100 Python calls fewer)."""
    if value is None or value == "":
        return ""
    local = timezone.template_localtime(value)
    fast = _plain_format(fmt)
    return fast(local) if fast else dateformat.format(local, fmt)


def _decimal_text(value: Decimal, decimal) -> str | None:
    """A money column's value as ``formats.number_format(value, places)`` writes it without
    thousands grouping, for a value with exactly the field's places (as the database gives
    it); None for anything else (Django's own formatting then)."""
    places, separator, zero = decimal
    if not value.is_finite():
        return None
    if not value:
        return zero  # "-0.00" too, as Django shows it
    text = f"{value:f}"
    dot = text.find(".")
    if places == 0:
        return text if dot == -1 and len(text) < 60 else None
    if dot == -1 or len(text) - dot - 1 != places or len(text) > 60:
        return None
    return text if separator == "." else text.replace(".", separator)


def _display(col: _Column, result) -> tuple[object, str]:
    if col.kind == "checkbox":
        before, after = _checkbox_parts()
        return SafeString(before + html.escape(str(result.pk)) + after), col.classes
    try:
        if col.kind == "field":
            f = col.field
            if isinstance(f.remote_field, models.ManyToOneRel):
                key = getattr(result, f.attname)
                shown = col.memo.get(key)
                if shown is None:  # rows of a page share their category, position …
                    related = getattr(result, f.name)
                    shown = col.empty if related is None else SafeString(_esc(related))
                    col.memo[key] = shown
                return shown, col.classes
            value = getattr(result, f.attname)
            if col.date_format is not None:
                if value is None:
                    return col.empty, col.classes
                shown = col.memo.get(value)
                if shown is None:  # as formats.localize() shows it, with the format read once
                    local = timezone.template_localtime(value)
                    fast = _plain_format(col.date_format)
                    shown = col.memo[value] = (
                        fast(local) if fast else dateformat.format(local, col.date_format)
                    )
                return shown, col.classes
            if col.choices is not None:
                return col.choices.get(value, col.empty), col.classes
            if col.text:
                return (col.empty if value is None or value == "" else value), col.classes
            if col.decimal is not None and type(value) is Decimal:
                shown = _decimal_text(value, col.decimal)
                if shown is not None:
                    return shown, col.classes
            return display_for_field(value, f, col.empty), col.classes
        value = _value(col, result)
    except ObjectDoesNotExist:
        return col.empty, col.classes
    boolean, _formatting, label, header, dropdown = col.flags or (None,) * 5
    if label:
        shown = display_for_label(value, col.empty, label)
    elif dropdown:
        shown = display_for_dropdown(result, col.name, value, col.empty)
    elif header:
        shown = display_for_header(value, col.empty)
    else:
        shown = display_for_value(value, col.empty, boolean)
    if isinstance(value, datetime.date | datetime.time) and col.field is None:
        return shown, col.nowrap
    return shown, col.classes


def _link_template(cl) -> str | None:
    """The change link of a row with a placeholder for its pk: one ``reverse`` and one
    ``add_preserved_filters`` per page instead of per row."""
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(_PK,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    return escape(
        add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    )


def rows(cl):
    """Each row's cells (safe HTML), as unfold's ``items_for_result`` renders them: the same
    markup, joined with f-strings around escaped values (``format_html`` per cell was a third of
    the rows' work)."""
    columns = _columns(cl)
    link = _link_template(cl) if any(c.link for c in columns) else None
    link_classes = escape(" ".join(unfold_list.LINK_CLASSES))
    pk_attr = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
    for result in cl.result_list:
        cells = []
        for col in columns:
            shown, classes = _display(col, result)
            shown = _esc(shown)
            if col.link:
                tag = "th" if col.first else "td"
                if link is not None:
                    # admin's quote() leaves only URL-safe characters: nothing to escape
                    url = link.replace(_PK, quote(str(getattr(result, cl.pk_attname))))
                    popup = (
                        format_html(' data-popup-opener="{}"', result.serializable_value(pk_attr))
                        if cl.is_popup
                        else ""
                    )
                    shown = f'<a href="{url}" class="{link_classes}" {popup}>{shown}</a>'
                cells.append(SafeString(f'<{tag} class="{classes}">{shown}</{tag}>'))
            else:
                cells.append(SafeString(f'<td class="{classes}">{shown}</td>'))
        # One safe string for the row's cells: the template loops once, not once per cell.
        yield unfold_list.UnfoldResultList(result, None, [SafeString("".join(cells))])


_ROW_SHADES = ("", "bg-base-50 dark:bg-white/[.02]")  # the template's {% cycle %}


def rows_html(results) -> str:
    """The ``<tbody>`` of each row as ``change_list_results.html`` writes it for a list without
    a drag handle, sections or row actions (its loop cost ≈ 170 Python calls a row):
    ``test_rows_html_match_the_template`` compares the two."""
    out = []
    for index, result in enumerate(results):
        out.append(
            f'\n                <tbody class="relative {_ROW_SHADES[index % 2]}" '
            'x-data="{rowOpen: false}" >\n                    \n\n                    '
            '<tr class="data-row relative">\n                        \n\n                        '
            f"\n\n                        {''.join(result)}\n\n                        \n"
            "                    </tr>\n\n                    \n                </tbody>\n            "
        )
    return SafeString("".join(out))


def query_key(changelist) -> tuple:
    """The list's query string as a key (every value of a repeated parameter, as the links of
    the page are written from them)."""
    return tuple(sorted((k, tuple(v)) for k, v in changelist.filter_params.items()))


_HEADERS_TEMPLATE = "unfold/helpers/change_list_headers.html"
_HEADERS = Kept("list headers")
_PARTS = Kept("list parts")


def _page_key(cl) -> tuple:
    """What a list's headers and footer links follow besides the page itself: the model admin,
    the language, the query string and the columns shown."""
    return (type(cl.model_admin), get_language(), query_key(cl), tuple(cl.list_display),
            None if cl.sortable_by is None else tuple(cl.sortable_by), cl.is_popup,
            cl.to_field)  # fmt: skip


def headers_html(cl) -> str:
    """The list's ``<thead>`` as unfold's ``change_list_headers.html`` writes it, kept per
    (list, language, query string, columns): its labels, sort links and icons are the same for
    every page of a query (≈ 1 ms a page, issue #20)."""
    model_admin = cl.model_admin

    def compute():
        headers = list(unfold_list.result_headers(cl))
        return SafeString(get_template(_HEADERS_TEMPLATE).render({
            "cl": cl, "result_headers": headers,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        }))  # fmt: skip

    key = (_page_key(cl), getattr(model_admin, "ordering_field", None),
           bool(getattr(model_admin, "list_sections", None)))  # fmt: skip
    return _HEADERS.get(key, compute)


class KeptListPartNode(Node):
    """``{% kept_list_part "unfold/helpers/…" %}`` in a template that overrides unfold's: the
    original template rendered in the page's context, kept per (template, list, language, query
    string, columns, page, counts) — for the parts of a list page that follow nothing else: the
    footer's page links and count, the filter panel's buttons, the add button (≈ 1.5 ms a page,
    issue #20). Outside a list, or on an editable one (its footer has a save button), it is
    rendered every time."""

    def __init__(self, name: str):
        self.name = name

    def render(self, context):
        def original():
            found, _origin = context.template.engine.find_template(self.name, skip=[self.origin])
            return SafeString(found.render(context))

        cl = context.get("cl")
        if not isinstance(cl, ChangeList) or getattr(cl, "formset", None):
            return original()
        paginator = getattr(cl, "paginator", None)
        key = (self.name, _page_key(cl), cl.page_num, cl.result_count, cl.full_result_count,
               cl.show_all, cl.can_show_all, cl.multi_page, paginator and paginator.num_pages,
               cl.add_facets, cl.has_active_filters, bool(context.get("is_popup")),
               str(context.get("to_field") or ""))  # fmt: skip
        return _PARTS.get(key, original)


@register.tag
def kept_list_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise TemplateSyntaxError("kept_list_part takes the name of the template")
    return KeptListPartNode(bits[1].strip("\"'"))


def result_list(context, cl):
    if getattr(cl, "formset", None):  # editable columns: unfold's own rows
        return unfold_list.result_list(context, cl)
    results = list(rows(cl))
    actions_row = context.get("actions_row")
    model_admin = cl.model_admin
    plain = not (
        getattr(model_admin, "ordering_field", None)
        or getattr(model_admin, "list_sections", None)
        or actions_row
    )
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "headers_html": headers_html(cl),
        "results": results,
        "rows_html": rows_html(results) if plain else None,
        "actions_row": actions_row,
        "has_add_permission": model_admin.has_add_permission(context["request"]),
    }


@register.tag(name="siteops_result_list")
def result_list_tag(parser, token):
    if DJANGO_VERSION >= (6, 1):
        return InclusionAdminNode(
            "siteops_result_list",
            parser,
            token,
            func=result_list,
            template_name="change_list_results.html",
        )
    return InclusionAdminNode(  # pragma: no cover - Django < 6.1
        parser, token, func=result_list, template_name="change_list_results.html"
    )


# --- Sidebar filters ---------------------------------------------------------------------------

_FILTER_TEMPLATE = "admin/filter.html"  # unfold's


def _filter_value(value) -> str:
    """A value as ``{{ value }}`` writes it (localized, escaped)."""
    if isinstance(value, str):
        return _esc(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _esc(formats.localize(timezone.template_localtime(value)))


def render_filter(spec, changelist, choices: list) -> str:
    """A sidebar filter as unfold's ``admin/filter.html`` renders it (with the context unfold's
    ``unfold_admin_list_filter`` gives it), written in Python for the vertical list of links:
    the template cost ≈ 300 Python calls a choice (issue #20). Other layouts (horizontal
    filters, yes/no buttons) are rendered by the template itself. ``test_lean_filters_match_unfold``
    compares the two."""
    field_path = getattr(spec, "field_path", None) or getattr(spec, "parameter_name", None)
    options = {}
    if field_path:
        options = getattr(changelist.model_admin, "list_filter_options", {}).get(field_path, {})
    lookup_val = getattr(spec, "lookup_val", None)
    context = {"title": spec.title, "choices": choices, "spec": spec, "label": options.get("label"),
               "has_label": "label" in options, "horizontal": options.get("horizontal")}  # fmt: skip
    if (
        options.get("horizontal")
        or getattr(spec, "horizontal", False)
        or isinstance(spec, BooleanFieldListFilter)
        or not (lookup_val is None or isinstance(lookup_val, list | tuple))
    ):
        return get_template(_FILTER_TEMPLATE).render(context)
    if "label" in options:
        label = options["label"]
        head = f"\n                    {_filter_value(label)}\n                " if label else ""
    else:
        head = gettext(" By %(filter_title)s ") % {"filter_title": _filter_value(spec.title)}
    first = lookup_val[0] if lookup_val else None
    hidden = (
        '\n            <input type="hidden" name="'
        f'{_filter_value(getattr(spec, "lookup_kwarg", ""))}" value="'
        f'{_filter_value(first) if first is not None else ""}" />\n        '
    )
    out = [
        '\n\n<div class="flex gap-2 flex-col">\n    \n        '
        '<h3 class="font-semibold text-important">\n            \n'
        f"                {head}\n            \n        </h3>\n    \n\n    "
    ]
    for choice in choices:
        out.append(f"\n        {hidden if choice['selected'] and first else ''}\n    ")
    out.append(
        '\n\n    \n        \n            <ul class="border border-base-200 flex rounded-default '
        'shadow-xs dark:border-base-700 dark:bg-base-900 flex-col">\n                '
    )
    for choice in choices:
        shown = _filter_value(choice["display"])
        state = (
            "font-semibold text-primary-600 dark:text-primary-500 "
            if choice["selected"]
            else "hover:text-base-700 dark:hover:text-base-200"
        )
        href = _esc(iri_to_uri(choice["query_string"]))
        out.append(
            '\n                    <li class="border-base-200 dark:border-base-700 border-b '
            f'last:border-b-0 {state}">\n                        <a href="{href}" title="{shown}" '
            'class="block px-3 py-2 truncate hover:text-primary-600 dark:hover:text-primary-500">'
            f"\n                            {shown}\n                        </a>\n"
            "                    </li>\n                "
        )
    out.append("\n            </ul>\n        \n    \n</div>\n")
    return "".join(out)
