"""A change form's fieldset rows written out in Python (issue #20).

unfold includes ``unfold/helpers/fieldset_row.html`` for every line of a fieldset, and that
template includes ``fieldset_row_field.html`` for every field, with unfold's class tags in
between: on the product change form (18 lines) the two templates were ≈ 6 ms of a 16 ms page,
the stock Django change form's whole rendering ≈ 14 ms. ``lean_fieldset_row`` writes the same
markup for a line of a model's own form — unfold's class tags are called as they are, the label,
the widget, the help text and the errors are the field's own, a read-only value is unfold's
template — and renders unfold's template itself for what it does not cover (an inline's rows,
conditional fields, checkboxes). ``siteops/templates/unfold/helpers/fieldset_row.html`` is the
one line that calls it; ``test_lean_fieldset_rows.py`` compares the two on every registered
change form.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from unfold.templatetags.unfold import fieldset_line_classes, fieldset_row_classes

register = template.Library()

ENABLED = True  # tests switch it off to compare with unfold's own rows
ROW_TEMPLATE = "unfold/helpers/fieldset_row.html"
READONLY_TEMPLATE = "unfold/helpers/field_readonly_value.html"
_LABEL_CELL = ('<div class="lg:min-w-56 lg:w-56 lg:h-[38px] lg:flex lg:items-center lg:self-start'
               ' lg:leading-[38px] lg:*:m-0">')  # fmt: skip


def _help_text(field) -> str:
    """``field.field.help_text`` as the template reads it (a form field's, or the read-only
    field's dict entry)."""
    inner = field.field
    text = inner.get("help_text") if isinstance(inner, dict) else getattr(inner, "help_text", "")
    if not text:
        return ""
    return f'<div class="leading-relaxed mt-2 text-xs">\n        {text}\n    </div>'


def _errors(field) -> str:
    errors = getattr(field, "errors", None)
    if callable(errors):
        errors = errors()
    return str(errors) if errors else ""


class LeanFieldsetRowNode(template.Node):
    def __init__(self, origin):
        self.origin = origin  # this template: unfold's own is found by skipping it
        self._templates: dict = {}

    def _template(self, context, name):
        found = self._templates.get(name)
        if found is None:
            skip = [self.origin] if name == ROW_TEMPLATE else None
            found, _origin = context.template.engine.find_template(name, skip=skip)
            self._templates[name] = found
        return found

    def render(self, context):
        line = context.get("line")
        if (
            not ENABLED
            or line is None
            or context.get("has_conditional_display")
            or context.get("inline_admin_formset") is not None
        ):
            return self._template(context, ROW_TEMPLATE).render(context)
        fields = list(line)
        if any(field.is_checkbox for field in fields):
            return self._template(context, ROW_TEMPLATE).render(context)
        forloop = context.get("forloop") or {}
        out = [
            f'<div class="{fieldset_row_classes(context)} {"last" if forloop.get("last") else ""}">'
        ]
        for field in fields:
            out.append(f'<div class="{fieldset_line_classes({"field": field})}" >{_LABEL_CELL}')
            out.append(f'{conditional_escape(field.label_tag())}</div><div class="grow relative">')
            if field.is_readonly:
                with context.push(field=field):
                    out.append(self._template(context, READONLY_TEMPLATE).render(context))
            else:
                out.append(conditional_escape(field.field))
            out.append(_help_text(field))
            errors = _errors(field)
            if errors:
                out.append(
                    f'<div class="mt-2 text-red-600 text-xs dark:text-red-500">{errors}</div>'
                )
            out.append("</div></div>")
        out.append("</div>")
        return SafeString("".join(out))


@register.tag
def lean_fieldset_row(parser, token):
    return LeanFieldsetRowNode(parser.origin)
