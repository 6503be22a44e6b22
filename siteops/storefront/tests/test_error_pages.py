"""Error pages are the site's own, translated (not Django's bare English ones)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "text"), [("zh-hans", "页面不存在"), ("en", "Page not found")])
def test_not_found_page_is_translated(client, lang, text):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404 and text in response.content.decode()


def test_csrf_failure_page_is_translated():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/cart/add/", {"sku": 1}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 403 and "表单已过期" in response.content.decode()


def test_server_error_page_is_translated(settings):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "出错了" in render_to_string("500.html")
