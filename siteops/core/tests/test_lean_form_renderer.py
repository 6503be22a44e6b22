"""``LeanFormRenderer`` writes some of Django's and unfold's form templates in Python (issue #20):
each gives what the template gives, for the product change form and for odd values."""

import pytest
from django import forms
from django.contrib.admin import site
from django.forms.renderers import get_default_renderer
from django.test import RequestFactory
from django.utils import translation
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from siteops.catalog.models import Product
from siteops.catalog.tests.factories import BrandFactory, CategoryFactory, product_with_sku
from siteops.core.admin_base import LeanFormRenderer, LeanModelForm

pytestmark = pytest.mark.django_db


def _pairs(form_class, *args, **kwargs):
    return form_class(*args, **kwargs), form_class(*args, renderer=get_default_renderer(), **kwargs)


def _same(ours, theirs):
    assert isinstance(ours.renderer, LeanFormRenderer)
    for name in ours.fields:
        a, b = ours[name], theirs[name]
        assert str(a) == str(b), name
        assert a.label_tag() == b.label_tag(), name
        attrs = {"class": "x <y>", "data-on": True, "data-off": False}
        assert a.label_tag(attrs=attrs, label_suffix="*") == b.label_tag(
            attrs=attrs, label_suffix="*"
        ), name
        assert a.errors.as_ul() == b.errors.as_ul(), name


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_lean_form_renderer_matches_the_templates_on_the_product_form(superuser, lang):
    CategoryFactory(name="<厨房> & 家居")
    BrandFactory(name='品牌 "甲"')
    product = product_with_sku().product
    product.title, product.description = 'a "<b>" & c', "  <p>说明</p>\n"
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = site._registry[Product]
    with translation.override(lang):
        form_class = model_admin.get_form(request, product, change=True)
        assert issubclass(form_class, LeanModelForm)
        _same(*_pairs(form_class, instance=product))
        data = {"code": "", "title": "<x>", "category": "999999", "tags": ["999999"]}
        ours, theirs = _pairs(form_class, data, instance=product)
        assert not ours.is_valid() and not theirs.is_valid()
        _same(ours, theirs)


class _Odd(LeanModelForm):
    class Meta:
        model = Product
        fields = ["title"]

    plain = forms.CharField(label="", widget=UnfoldAdminTextInputWidget(attrs={"id": ""}))
    number = forms.DecimalField(widget=UnfoldAdminTextInputWidget, initial=1234.5)
    prefixed = forms.CharField(widget=UnfoldAdminTextInputWidget(attrs={"prefix": "¥"}))
    grouped = forms.ChoiceField(
        widget=UnfoldAdminSelectWidget(attrs={"disabled": True, "data-x": False}),
        choices=[("", "—"), ("组<1>", [("a", "A & a"), ("b", 2)]), (3, "三")],
        initial="b",
    )
    text = forms.CharField(widget=UnfoldAdminTextareaWidget, initial="")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_lean_form_renderer_matches_the_templates_on_odd_fields(lang):
    with translation.override(lang):
        _same(*_pairs(_Odd))
        _same(*_pairs(_Odd, {"title": "", "number": "x", "grouped": "b", "text": "<t>"}))
        _same(*_pairs(_Odd, auto_id=False))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_foreign_keys_lean_select_renders_like_unfolds(superuser, lang):
    """The product form's category and brand selects (``LeanChangeFormMixin``) are unfold's."""
    from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

    from siteops.core.admin_base import LeanSelectWidget

    CategoryFactory(name="<厨房> & 家居")
    BrandFactory(name='品牌 "甲"')
    product = product_with_sku().product
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = site._registry[Product]
    with translation.override(lang):
        form = model_admin.get_form(request, product, change=True)(instance=product)
        for name in ("category", "brand"):
            wrapper = form.fields[name].widget
            assert isinstance(wrapper, RelatedFieldWidgetWrapper)
            assert type(wrapper.widget) is LeanSelectWidget
            ours = wrapper.widget.render(name, form[name].value(), {"id": f"id_{name}"})
            plain = UnfoldAdminSelectWidget()
            plain.attrs, plain.choices = wrapper.widget.attrs, wrapper.widget.choices
            assert ours == plain.render(name, form[name].value(), {"id": f"id_{name}"})
