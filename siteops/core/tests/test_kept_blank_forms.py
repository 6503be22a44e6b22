"""A blank form's HTML is written once per language (``KeptBlankForm``, issue #20) and is the
form's own; what depends on the request — data and errors, initial values, choices read from the
database — is never served from what is kept."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.utils import translation

from siteops.catalog.forms import ImageForm, ScheduleForm
from siteops.core import widgets
from siteops.core.widgets import KeptBlankForm


class _Plain(forms.Form):
    kind = forms.ChoiceField(label="kind", choices=[("a", "A"), ("b", "B")])
    when = forms.DateField(label="when")


class _Kept(KeptBlankForm, _Plain):
    pass


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("form_class", [ScheduleForm, ImageForm])
def test_blank_form_reads_as_django_writes_it(lang, form_class):
    plain = type("Plain", (forms.Form,), dict(form_class.base_fields))
    with translation.override(lang):
        for _round in range(2):  # the second one from what was kept
            assert form_class().as_p() == plain().as_p()
            assert str(form_class()) == str(plain())
    assert len(widgets._KEPT_BLANK_FORMS)


def test_a_bound_form_shows_its_data_and_errors():
    _Kept().as_p()
    bound = _Kept({"kind": "b", "when": "2026-02-30"})
    assert not bound.is_valid()
    html = bound.as_p()
    assert html == _Plain({"kind": "b", "when": "2026-02-30"}).as_p()
    assert 'value="2026-02-30"' in html and "errorlist" in html


def test_initial_values_and_choices_from_the_database_are_read_each_time(db):
    assert _Kept(initial={"kind": "b"}).as_p() == _Plain(initial={"kind": "b"}).as_p()
    assert 'value="b" selected' in _Kept(initial={"kind": "b"}).as_p()

    class Groups(KeptBlankForm):
        group = forms.ModelChoiceField(queryset=Group.objects.order_by("name"))

    Groups().as_p()
    Group.objects.create(name="zz-new-group")
    assert "zz-new-group" in Groups().as_p()


def test_choices_set_per_instance_are_part_of_the_key():
    first = _Kept()
    second = _Kept()
    second.fields["kind"].choices = [("c", "C")]
    assert 'value="a"' in first.as_p()
    assert 'value="c"' in second.as_p() and 'value="a"' not in second.as_p()


def test_the_workbench_task_form_is_kept_per_set_of_positions_offered(db):
    from django.template import Context, Template

    from siteops.org.selectors import Staffing
    from siteops.work.forms import TaskForm, offering

    staffing = Staffing.current()
    ids = sorted(staffing.positions)
    loop = Template(
        "{% for field in form %}<label>{{ field.label }}{{ field }}</label>{% endfor %}"
    )
    plain = type("Plain", (forms.Form,), dict(TaskForm.base_fields))
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for offered in (ids[:3], ids[2:6], ids[:3]):  # the last one from what was kept
                kept = offering(TaskForm(), "position", offered, staffing.positions)
                stock = offering(plain(), "position", offered, staffing.positions)
                html = kept.labelled()
                assert html == loop.render(Context({"form": stock}))
                assert 'value="normal" selected' in html  # the class's initial priority
                for pk in ids:
                    assert (f'value="{pk}"' in html) == (pk in offered)


def test_a_computed_initial_value_is_never_kept():
    import itertools

    counter = itertools.count()

    class Stamped(KeptBlankForm):
        n = forms.IntegerField(initial=lambda: next(counter))

    assert 'value="0"' in Stamped().as_p()
    assert 'value="1"' in Stamped().as_p()
