"""Forms of the work screens: plain fields; the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from siteops.core.widgets import KeptBlankForm, LongSelect
from siteops.org.choices import DepartmentKind
from siteops.org.models import Position

from .choices import Priority


def own_positions():
    return Position.objects.exclude(department__kind=DepartmentKind.OTHER).select_related(
        "department"
    )


def other_positions():
    return Position.objects.filter(department__kind=DepartmentKind.OTHER).select_related(
        "department"
    )


def offering(form: forms.Form, field: str, ids, positions: dict | None = None) -> forms.Form:
    """Offer in ``field`` only the positions ``ids`` (those the user may actually send to, as
    the services decide: ``give_targets`` / ``route_targets``). Posted values are still checked
    by the service.

    ``positions``: today's staffing snapshot's positions, to render the choices from (no query,
    no model instance per position on every workbench, issue #20) — only where every one of
    ``ids`` is in the field's own queryset (ours: ``give_targets`` and ``route_targets`` offer
    only our own departments' positions). Same options in the same order as the queryset."""
    model_field = form.fields[field]
    model_field.queryset = model_field.queryset.filter(pk__in=list(ids))
    if positions is not None:
        wanted = sorted(
            (positions[pk] for pk in ids), key=lambda p: (p.department.order, p.order, p.code)
        )
        empty = [] if model_field.empty_label is None else [("", model_field.empty_label)]
        model_field.choices = [
            *empty,
            *((p.pk, model_field.label_from_instance(p)) for p in wanted),
        ]
    return form


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class TaskForm(KeptBlankForm):
    """Give work to a position (leadership → manager, manager/lead → their team). Blank, its
    HTML is kept per set of positions offered (``KeptBlankForm``): it is on every workbench."""

    # Selects rendered in Python (same HTML as Django's): the form is on every workbench.
    position = PositionChoiceField(
        label=_("To position"), queryset=own_positions(), widget=LongSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial="normal", widget=LongSelect
    )
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SplitForm(TaskForm):
    pass


class RequestForm(forms.Form):
    """Another department's request to the department (lands in the manager's review queue)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="normal")
    due = forms.DateField(
        label=_("Wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only the positions involved and their reporting line see it."),
    )


class AcceptForm(forms.Form):
    assign_to = PositionChoiceField(label=_("Assign to"), queryset=own_positions(), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    position = PositionChoiceField(label=_("To position"), queryset=own_positions())


class ResolveForm(forms.Form):
    comment = forms.CharField(
        label=_("How it is resolved"), widget=forms.Textarea(attrs={"rows": 2})
    )
    send_back = forms.BooleanField(
        label=_("Send it back to where it came from"), required=False, initial=True
    )


class HandOffForm(forms.Form):
    position = PositionChoiceField(
        label=_("Other department's position"), queryset=other_positions()
    )
    message = forms.CharField(
        label=_("What you need from them"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HandBackForm(forms.Form):
    message = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))
