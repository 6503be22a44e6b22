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


def _strip_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


@pytest.mark.parametrize("path", ["/backoffice/org/chart/", "/backoffice/work/"])
def test_cached_fragments_are_the_fresh_render(client, path):
    client.force_login(make_staff("mgr", "MGR"))
    siteops_shell._FRAGMENTS.clear()
    fresh = client.get(path)
    assert siteops_shell._FRAGMENTS  # the user block, shortcut sheet and palette are kept
    cached = client.get(path)
    assert _strip_tokens(fresh.content) == _strip_tokens(cached.content)
    assert siteops_shell._CSRF_SLOT not in cached.content.decode()


def test_each_person_sees_their_own_user_block(client):
    siteops_shell._FRAGMENTS.clear()
    client.force_login(make_staff("alice", "MGR"))
    assert "alice@example.com" in client.get("/backoffice/org/chart/").content.decode()
    client.force_login(make_staff("bob", "CE"))
    html = client.get("/backoffice/org/chart/").content.decode()
    assert "bob@example.com" in html and "alice@example.com" not in html


def test_the_kept_log_out_form_carries_a_working_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("carol", "MGR"))
    siteops_shell._FRAGMENTS.clear()
    client.get("/backoffice/org/chart/")  # fills the memory
    html = client.get("/backoffice/org/chart/").content.decode()
    logout = html[html.index('action="/backoffice/logout/"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', logout).group(1)
    response = client.post("/backoffice/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert client.get("/backoffice/org/chart/").status_code == 302  # logged out: to the login
