"""The back-office shell serves its sidebar from memory: the same HTML as a fresh render."""

import re

import pytest

from conftest import make_staff
from siteops.core.templatetags import siteops_shell

pytestmark = pytest.mark.django_db


def sidebar(html: bytes) -> str:
    text = html.decode()
    start = text.index('id="nav-sidebar-apps"')
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text[start : start + 200_000])


@pytest.mark.parametrize("path", ["/backoffice/org/chart/", "/backoffice/work/notifications/"])
def test_cached_sidebar_is_the_fresh_render(client, path):
    client.force_login(make_staff("mgr", "MGR"))
    siteops_shell._HTML.clear()
    fresh = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert siteops_shell._HTML  # rendered once and kept
    cached = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert sidebar(fresh.content) == sidebar(cached.content)
    assert 'class="cursor-pointer' in sidebar(cached.content)  # the entries are there


def test_sidebar_marks_the_page_it_is_on(client):
    client.force_login(make_staff("mgr", "MGR"))
    chart = sidebar(client.get("/backoffice/org/chart/").content)
    notices = sidebar(client.get("/backoffice/work/notifications/").content)
    assert chart != notices  # another entry is active, so another cached fragment
    active = re.findall(r'href="([^"]+)"[^>]*\bactive\b', chart)
    assert active == ["/backoffice/org/chart/"]


def test_sidebar_follows_the_language(client):
    client.force_login(make_staff("mgr", "MGR"))
    zh = sidebar(client.get("/backoffice/org/chart/", HTTP_ACCEPT_LANGUAGE="zh-hans").content)
    en = sidebar(client.get("/backoffice/org/chart/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert "Org chart" in en and "Org chart" not in zh
