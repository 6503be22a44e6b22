"""``LongSelect`` renders the same HTML as Django's ``Select`` — the same elements, attributes
and text, without the template's line breaks (issue #20: without two templates per option)."""

import pytest
from django import forms
from django.test.html import parse_html

from siteops.core.widgets import LongSelect
from siteops.org.models import User

pytestmark = pytest.mark.django_db

CHOICES = [("", "—"), ("1", "甲 <b>&"), ("2", 'say "hi"'), ("Group", [("3", "三"), ("4", "四")])]


@pytest.mark.parametrize("value", [None, "", "2", "4", ["2"]])
def test_same_html_as_djangos_select(value):
    attrs = {"id": "id_x", "class": "so-input", "required": True, "disabled": False}
    ours = LongSelect(attrs=attrs, choices=CHOICES).render("x", value)
    theirs = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    assert parse_html(ours) == parse_html(theirs)  # same elements, attributes and text


def test_same_html_for_a_model_choice_field():
    for i in range(3):
        User.objects.create(username=f"u{i}", display_name=f"<人{i}>", is_staff=True)
    qs = User.objects.filter(username__startswith="u").order_by("username")
    ours = forms.ModelChoiceField(queryset=qs, widget=LongSelect, empty_label="选择")
    theirs = forms.ModelChoiceField(queryset=qs, empty_label="选择")
    pk = qs.first().pk
    assert parse_html(ours.widget.render("user", pk)) == parse_html(
        theirs.widget.render("user", pk)
    )
