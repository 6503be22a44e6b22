from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siteops.core.widgets import LongSelect

from .choices import AssignmentKind
from .models import User


class AppointForm(forms.Form):
    """Appoint a holder, or someone to act for the position for a date range with a reason."""

    kind = forms.ChoiceField(label=_("As"), choices=AssignmentKind.choices)
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True, is_staff=True).order_by("username"),
        empty_label=_("Choose a person"),
        widget=LongSelect,
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
