"""Form widgets shared by the back-office screens."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString


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
