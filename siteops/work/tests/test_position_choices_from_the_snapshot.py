"""The work forms' position selects (task, split, assign, accept) take their options from today's
staffing snapshot (issue #20): the same HTML as the options read through the field's queryset."""

import pytest
from django.utils import translation

from siteops.org.selectors import Staffing
from siteops.work import forms, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "form_class,field", [(forms.TaskForm, "position"), (forms.AcceptForm, "assign_to"),
                         (forms.AssignForm, "position")],
)  # fmt: skip
@pytest.mark.parametrize("who", ["manager", "chief_editor", "leader"])
def test_same_select_as_from_the_queryset(staff, lang, form_class, field, who):
    staffing = Staffing.current()
    ids = services.route_targets(staff[who], staffing)
    assert ids
    with translation.override(lang):
        old = str(forms.offering(form_class(), field, ids)[field])
        new = str(forms.offering(form_class(), field, ids, staffing.positions)[field])
    assert new == old
