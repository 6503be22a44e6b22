"""The parts of a list page written in Python (issue #20) give the HTML their templates give:
the rows' ``<tbody>`` loop, the sidebar filters, the action form and the plain date formats."""

import datetime

import pytest
from django.contrib.admin import site
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import dateformat, translation
from unfold.forms import ActionForm

from siteops.catalog.models import Product
from siteops.catalog.tests.factories import BrandFactory, CategoryFactory, product_with_sku
from siteops.core.admin_base import LeanActionForm, LeanFilterMixin
from siteops.core.templatetags import siteops_list

from .test_lean_list_rows import rows_everywhere  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _changelist(model_admin, user, query=""):
    request = RequestFactory().get(f"/backoffice/x/{query}")
    request.user = user
    request.session = {}
    return request, model_admin.get_changelist_instance(request)


def every_list(user, query=""):
    """(model, its list's result_list context) for every registered list that has rows and is
    not editable, as ``user`` sees it with ``query``."""
    for model, model_admin in site._registry.items():
        if model_admin.list_editable:
            continue
        try:
            request, cl = _changelist(model_admin, user, query)
        except Exception:  # noqa: BLE001 - a list needing its own request shape: skipped
            continue
        if cl.result_list:
            yield model, cl, siteops_list.result_list({"request": request, "actions_row": None}, cl)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_rows_html_match_the_template(rows_everywhere, superuser, lang):  # noqa: F811
    """Every registered list's rows: the Python ``<tbody>`` HTML is the template loop's."""
    compared = 0
    template = get_template("admin/change_list_results.html")
    with translation.override(lang):
        for model, _cl, context in every_list(superuser):
            if context.get("rows_html") is None:
                continue
            ours = template.render(context)
            theirs = template.render({**context, "rows_html": None})
            assert ours == theirs, model._meta.label
            assert "<tbody" in ours
            compared += 1
    assert compared >= 3


@pytest.fixture
def product_filters(superuser):
    """Products with brands, categories and editors, so every filter of the list has choices."""
    brands = [BrandFactory(name="品牌<甲>"), BrandFactory(name="品牌 & 乙")]
    parent = CategoryFactory(name="家居")
    child = CategoryFactory(name="厨房", parent=parent)
    for i in range(2):
        sku = product_with_sku(status="published" if i else "draft")
        product = sku.product
        product.brand = brands[i]
        product.category = child if i else parent
        product._history_user = superuser
        product.save()
    return brands, parent, child


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=draft", "?brand__id__exact={brand}", "?cat={cat}&stock=in&price=0-50",
     "?by={user}&o=-2", "?brand__isnull=True", "?status__exact=published&brand__id__exact={brand}"],
)  # fmt: skip
def test_lean_filters_match_unfold(product_filters, superuser, lang, query):
    """Each sidebar filter of the product list written in Python is unfold's filter template."""
    brands, parent, child = product_filters
    query = query.format(brand=brands[1].pk, cat=child.pk, user=superuser.pk)
    model_admin = site._registry[Product]
    template = get_template("admin/filter.html")
    with translation.override(lang):
        _request, cl = _changelist(model_admin, superuser, query)
        assert len(cl.filter_specs) == 6  # status, category, stock, price, changed by, brand
        for spec in cl.filter_specs:
            assert isinstance(spec, LeanFilterMixin)
            choices = list(spec.choices(cl))
            theirs = template.render({"title": spec.title, "choices": choices, "spec": spec,
                                      "label": None, "has_label": False, "horizontal": None})  # fmt: skip
            assert siteops_list.render_filter(spec, cl, choices) == theirs, spec.title
            assert spec.lean_html == theirs


@pytest.mark.parametrize("options", [{"label": "按<状态>"}, {"label": ""}, {"horizontal": True}])
def test_lean_filters_with_options_match_unfold(product_filters, superuser, options, monkeypatch):
    """Labels from ``list_filter_options`` (and horizontal filters, left to the template)."""
    model_admin = site._registry[Product]
    monkeypatch.setattr(model_admin, "list_filter_options", {"status": options}, raising=False)
    _request, cl = _changelist(model_admin, superuser, "?status__exact=draft")
    spec = cl.filter_specs[0]
    choices = list(spec.choices(cl))
    theirs = get_template("admin/filter.html").render(
        {"title": spec.title, "choices": choices, "spec": spec, "label": options.get("label"),
         "has_label": "label" in options, "horizontal": options.get("horizontal")}
    )  # fmt: skip
    assert siteops_list.render_filter(spec, cl, choices) == theirs


def test_a_new_brand_shows_in_the_filter_on_the_next_request(product_filters, client, superuser):
    client.force_login(superuser)
    assert "新品牌丙" not in client.get("/backoffice/catalog/product/").content.decode()
    brand = BrandFactory(name="新品牌丙")
    Product.objects.filter(pk=Product.objects.first().pk).update(brand=brand)
    assert "新品牌丙" in client.get("/backoffice/catalog/product/").content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_lean_action_form_renders_like_unfolds(lang):
    choices = [("", "---------"), ("publish", "发布 <所选>"), ("delist", "Delist")]
    with translation.override(lang):
        for _round in range(2):  # the second one from what was kept
            ours, theirs = LeanActionForm(auto_id=None), ActionForm(auto_id=None)
            ours.fields["action"].choices = theirs.fields["action"].choices = choices
            assert [(f.label, str(f)) for f in ours] == [(f.label, str(f)) for f in theirs]
        fewer = LeanActionForm(auto_id=None)
        fewer.fields["action"].choices = choices[:2]
        assert "delist" not in "".join(str(f) for f in fewer)  # other actions, other HTML
        bound = LeanActionForm({"action": "publish", "select_across": "0"}, auto_id=None)
        bound.fields["action"].choices = choices
        assert bound.is_valid() and [f.name for f in bound] == ["action", "select_across"]


@pytest.mark.parametrize("fmt", ["{Y}年n月j日", "Y-m-d {{H}}:i", "n/j/Y"])
def test_plain_date_formats_with_braces_and_early_years(fmt):
    from siteops.core.templatetags.siteops_list import _plain_format

    fast = _plain_format(fmt)
    for value in (datetime.datetime(987, 3, 4, 5, 6, 7), datetime.datetime(2026, 12, 7, 1, 2)):
        assert fast(value) == dateformat.format(value, fmt)


def test_kept_media_renders_like_media():
    from django import forms

    from siteops.core.admin_base import KeptMedia

    class Odd:  # not a path or an asset: rendered, not kept
        def __html__(self):
            return '<script src="odd.js"></script>'

    media = forms.Media(
        js=["admin/js/core.js", forms.Script("a.js", defer=True)], css={"all": ["x.css"]}
    )
    for _round in range(2):  # the second one from what was kept
        for candidate in (media, media + forms.Media(js=["b.js"]), forms.Media(js=[Odd()])):
            kept = KeptMedia(candidate)
            assert str(kept) == str(candidate) and kept.__html__() == candidate.__html__()
            for part in ("js", "css"):
                assert str(kept[part]) == str(candidate[part])
    assert "b.js" not in str(KeptMedia(media))


@pytest.mark.parametrize(
    "query", ["", "?status__exact=draft&o=-2.3", "?q=%E6%89%8B+%26+x&cat=3&cat=4", "?p=2&by=1"]
)
def test_lean_query_strings_match_django(superuser, query):
    from django.contrib.admin.views.main import ChangeList as DjangoChangeList

    from siteops.core.admin_base import lean_changelist

    model_admin = site._registry[Product]
    _request, cl = _changelist(model_admin, superuser, query)
    assert isinstance(cl, lean_changelist())  # (the admin site wraps it)
    cases = [({}, None), ({"status__exact": "published"}, ["p"]), ({"cat": 7, "o": None}, None),
             ({"brand__id__exact": ["1", "2"]}, ["brand__"]), ({"x y": "a&b=c/é"}, ["q"]),
             ({"n": True}, None), ({"t": ("a",)}, None)]  # fmt: skip
    for new_params, remove in cases:
        assert cl.get_query_string(new_params, remove) == DjangoChangeList.get_query_string(
            cl, new_params, remove
        ), (new_params, remove)
