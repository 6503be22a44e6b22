"""Form widgets shared by the back-office screens."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString

from siteops.core.kept import Kept


class LongSelect(forms.Select):
    """A ``<select>`` of many options (every member of staff, every product …) rendered in
    Python: the same HTML as Django's ``Select``, without rendering two templates per option —
    the appointment form's list of 2,000 people took ≈ 570k Python calls that way (issue #20)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(
                    f'<option value="{escape(str(option["value"]))}"{flatatt(option["attrs"])}>'
                    f"{escape(str(option['label']))}</option>"
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return SafeString("".join(parts))


class KeptBlankForm(forms.Form):
    """A form whose blank (unbound) HTML is the same for every request in a language — its
    fields, choices and initial values fixed by its class, or choices set from today's staffing
    (``work.forms.offering``) — written once per (form, template, language, prefix, choices,
    initial values) and process: the widget and label templates of a three-field form cost
    ≈ 1.5 ms a page (issue #20). A bound form (with its data and errors), one given initial
    values, one with a computed initial value and one whose model choices come from its
    queryset render as usual."""

    #: ``{{ form.labelled }}``: each field as ``<label>label widget</label>``, the back office's
    #: one-line forms.
    labelled_template = "core/labelled_fields.html"

    def labelled(self):
        return self.render(self.labelled_template)

    def render(self, template_name=None, context=None, renderer=None):
        if (
            self.is_bound
            or context is not None
            or renderer is not None
            or self.initial
            or any(
                callable(f.initial)
                or (isinstance(f, forms.ModelChoiceField) and not hasattr(f, "_choices"))
                for f in self.fields.values()
            )
        ):
            return super().render(template_name, context, renderer)
        from django.utils.translation import get_language

        fields = tuple(
            (
                name,
                repr(f.initial),
                tuple((str(v), str(label)) for v, label in getattr(f, "choices", ())),
            )
            for name, f in self.fields.items()
        )
        key = (type(self), template_name or self.template_name, get_language(), self.prefix,
               self.auto_id, self.label_suffix, fields)  # fmt: skip
        return _KEPT_BLANK_FORMS.get(key, lambda: super(KeptBlankForm, self).render(template_name))


_KEPT_BLANK_FORMS = Kept("blank forms", limit=200)
