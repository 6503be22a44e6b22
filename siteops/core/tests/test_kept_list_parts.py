"""A list's column headers and its footer (page links, count) are kept per query string
(``siteops_list.headers_html`` / ``kept_list_part``, issue #20): the kept HTML is what
unfold's templates write for that request, and a different query, page or language never gets
another's."""

import re

import pytest
from django.contrib.admin import site
from django.template.loader import get_template
from django.utils import translation
from unfold.templatetags import unfold_list

from conftest import make_staff
from siteops.catalog.models import Product
from siteops.catalog.tests.factories import product_with_sku
from siteops.core.templatetags import siteops_list

from .test_lean_list_parts import every_list
from .test_lean_list_rows import rows_everywhere  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("query", ["", "?o=2", "?o=-3.2", "?o=1.-2.3&q=x"])
def test_kept_headers_are_unfolds(rows_everywhere, superuser, lang, query):  # noqa: F811
    """Every registered list's headers, kept, are unfold's headers template in the page's own
    context: sorted by one and by several columns, in both languages."""
    compared = 0
    template = get_template("admin/change_list_results.html")
    with translation.override(lang):
        for model, cl, context in every_list(superuser, query):
            kept = [template.render(context) for _ in range(2)]
            headers = list(unfold_list.result_headers(cl))
            theirs = template.render({
                **context, "headers_html": None, "result_headers": headers,
                "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
            })  # fmt: skip
            assert kept[0] == kept[1] == theirs, (model._meta.label, query)
            assert "<thead>" in theirs
            compared += 1
    assert compared >= 3


def _footer(client, query, lang="zh-hans"):
    html = client.get(f"/backoffice/catalog/product/{query}", HTTP_ACCEPT_LANGUAGE=lang)
    assert html.status_code == 200
    body = re.sub(r'value="[A-Za-z0-9]{64}"', "", html.content.decode())  # CSRF tokens
    return body[body.index('id="changelist-form"') :]


def test_kept_footer_follows_the_page_the_query_and_the_language(client, monkeypatch):
    for _ in range(5):
        product_with_sku(status="published")
    monkeypatch.setattr(site._registry[Product], "list_per_page", 2)
    client.force_login(make_staff("ped", "PED"))
    pages = {}
    for query in ("", "?p=2", "?p=3&status__exact=published", "?p=2&o=2"):
        for lang in ("zh-hans", "en"):
            siteops_list._PARTS.clear()
            fresh = _footer(client, query, lang)
            assert _footer(client, query, lang) == fresh  # the kept one
            pages[query, lang] = fresh
    assert len(set(pages.values())) == len(pages)  # no two requests share a footer
    current = re.findall(r"<span[^>]*>\s*(\d)\s*</span>", pages["?p=2", "zh-hans"])
    assert "2" in current
    assert "?p=2&amp;status__exact=published" in pages["?p=3&status__exact=published", "en"]
    # the filter panel's "clear all filters" button only where a filter is on
    assert "clearall" in pages["?p=3&status__exact=published", "en"]
    assert "clearall" not in pages["?p=2", "en"]


def test_kept_parts_are_unfolds_templates(client, monkeypatch):
    """The kept parts of a list page are unfold's own templates in the page's context: the page
    is the same with them rendered every time."""
    from siteops.core.kept import Kept

    for _ in range(3):
        product_with_sku(status="published")
    monkeypatch.setattr(site._registry[Product], "list_per_page", 2)
    client.force_login(make_staff("ped", "PED"))
    for query in ("?p=2&status__exact=published", "?o=-2"):
        kept = [_footer(client, query), _footer(client, query)]
        monkeypatch.setattr(Kept, "get", lambda self, key, compute: compute())
        fresh = _footer(client, query)
        monkeypatch.undo()
        monkeypatch.setattr(site._registry[Product], "list_per_page", 2)
        assert kept[0] == kept[1] == fresh, query


@pytest.mark.parametrize("lang", ["zh-hans", "en", "de"])
def test_money_cells_as_django_formats_them(lang):
    """A money column's cells are written without Django's number formatting where the value
    has the field's places; every value shown is what ``formats.number_format`` shows."""
    from decimal import Decimal

    from django.utils import formats

    from siteops.core.templatetags.siteops_list import _decimal_text

    values = ["0", "-0.00", "1.23", "-1.23", "123456789.12", "0.001", "-0.01", "12", "1E+3",
              "0.10", "99.999", "1.2E-5", "NaN", "Infinity"]  # fmt: skip
    with translation.override(lang):
        separator = formats.get_format("DECIMAL_SEPARATOR")
        written = 0
        for places in (0, 2, 3):
            zero = "0" + separator + "0" * places if places else "0"
            for value in map(Decimal, values):
                ours = _decimal_text(value, (places, separator, zero))
                if ours is not None:
                    assert ours == formats.number_format(value, places), (value, places)
                    written += 1
        assert written >= 10
