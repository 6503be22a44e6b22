"""Every registered change form's fieldset rows, written in Python (``lean_fieldset_row``,
issue #20), read as unfold's templates write them: add forms, a change form with read-only
values and help texts, and a form sent back with errors, in both languages."""

import os
import re

import pytest
from django.contrib.admin import site
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from siteops.catalog.tests.factories import product_with_sku
from siteops.core.templatetags import siteops_forms

pytestmark = pytest.mark.django_db


def _normal(html: str) -> str:
    """The page without CSRF tokens and script nonces, and with the whitespace between tags the templates leave
    (which the browser ignores there) taken out."""
    html = re.sub(r'value="[A-Za-z0-9]{64}"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html)


def _both(client, monkeypatch, method, url, data=None):
    def page():
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        return response.status_code, _normal(response.content.decode())

    ours = page()
    monkeypatch.setattr(siteops_forms, "ENABLED", False)
    try:
        theirs = page()
    finally:
        monkeypatch.setattr(siteops_forms, "ENABLED", True)
    return ours, theirs


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_add_form_reads_as_unfolds(client, superuser, monkeypatch, lang):
    client.force_login(superuser)
    compared = 0
    with translation.override(lang):
        for model, _model_admin in site._registry.items():
            try:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            except NoReverseMatch:
                continue
            ours, theirs = _both(client, monkeypatch, "get", url)
            if ours != theirs:  # the first difference, readable
                at = len(os.path.commonprefix([ours[1], theirs[1]]))
                raise AssertionError(
                    (
                        model._meta.label,
                        ours[1][at - 300 : at + 300],
                        theirs[1][at - 300 : at + 300],
                    )
                )
            if ours[0] == 200 and "field-line" in ours[1]:
                compared += 1
    assert compared >= 20


def test_a_change_form_with_read_only_values_and_errors(client, superuser, monkeypatch):
    product = product_with_sku().product
    client.force_login(superuser)
    url = reverse("admin:catalog_product_change", args=[product.pk])
    ours, theirs = _both(client, monkeypatch, "get", url)
    assert ours == theirs and ours[0] == 200
    assert "readonly" in ours[1] or "field-line" in ours[1]
    ours, theirs = _both(client, monkeypatch, "post", url, {"title": ""})
    assert ours == theirs
    assert "errorlist" in ours[1]
