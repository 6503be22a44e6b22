import copy

from django import forms
from django.core.cache import cache
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siteops.core.widgets import LongSelect

from .choices import AssignmentKind
from .models import User


class StaffSelect(LongSelect):
    """The list of every active member of staff, its options rendered once per organisation
    version (raised by the database when a person's name or active/staff flags change, or a member
    of staff is added: migrations 0006 and 0007). At 2,000 staff, loading and rendering them took
    ≈ 300k Python calls a page (issue #20). Only for querysets of people whose membership and
    labels follow those columns. The same HTML as ``LongSelect``; inside a transaction (which may
    have changed people and may still roll back) it renders afresh and keeps nothing."""

    def render(self, name, value, attrs=None, renderer=None):
        from .selectors import may_keep_snapshots, org_version

        choices = self.choices
        version = (
            org_version()
            if isinstance(choices, ModelChoiceIterator) and may_keep_snapshots()
            else None
        )
        if version is None:
            return super().render(name, value, attrs, renderer)
        key = f"org:staff-select:{choices.queryset.model._meta.label_lower}:{version}"
        options = cache.get(key)
        if options is None:
            options = "".join(
                f'<option value="{escape(str(v))}">{escape(str(label))}</option>'
                for v, label in choices
                if v != ""
            )
            cache.set(key, options, 36 * 3600)
        shell = copy.copy(self)  # the <select> with only the empty choice: attrs, selection
        empty = choices.field.empty_label
        shell.choices = [] if empty is None else [("", empty)]
        html = LongSelect.render(shell, name, value, attrs, renderer)
        for v in self.format_value(value)[:1]:
            if v:
                option = f'<option value="{escape(v)}">'
                options = options.replace(option, f'<option value="{escape(v)}" selected>', 1)
        return SafeString(f"{html[: -len('</select>')]}{options}</select>")


class AppointForm(forms.Form):
    """Appoint a holder, or someone to act for the position for a date range with a reason."""

    kind = forms.ChoiceField(label=_("As"), choices=AssignmentKind.choices)
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True, is_staff=True).order_by("username"),
        empty_label=_("Choose a person"),
        widget=StaffSelect,
    )
    start = forms.DateField(label=pgettext_lazy("start date", "From"), initial=timezone.localdate,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    end = forms.DateField(label=_("Until (inclusive)"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        if data.get("kind") == AssignmentKind.ACTING:
            if not data.get("reason"):
                self.add_error("reason", _("Say why someone is acting for this position."))
            if not end:
                self.add_error("end", _("Acting cover needs an end date."))
        return data


class EndAssignmentForm(forms.Form):
    end = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: ended as of yesterday, the position is vacant from today."),
    )


class CustomerResetForm(forms.Form):
    """Customer Service: reset a locked-out customer's password, saying why."""

    customer = forms.CharField(
        label=_("Customer's user name or email"), max_length=254,
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason (e.g. the call or ticket)"), min_length=5, max_length=300,
        widget=forms.TextInput(),
    )  # fmt: skip
