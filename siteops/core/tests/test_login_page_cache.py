"""The back-office login page is served from memory to first-time visitors (issue #20), with
each visitor's own CSRF token: the same page as Django renders, a token that logs in, and the
ordinary way for everyone else (a session, messages, a POST)."""

import re

import pytest
from django.test import Client

from conftest import make_staff
from siteops.core import admin_site

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, path="/backoffice/login/", **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response, response.content.decode()


def test_cached_page_is_the_rendered_page_with_a_fresh_token():
    admin_site._LOGIN_PAGES.clear()
    first, html1 = _page(Client())
    assert admin_site._LOGIN_PAGES  # kept
    second, html2 = _page(Client())
    assert admin_site._CSRF_SLOT not in html1 + html2
    t1, t2 = TOKEN.findall(html1), TOKEN.findall(html2)
    assert t1 and t2 and t1 != t2  # every visitor their own token
    assert TOKEN.sub("", html1) == TOKEN.sub("", html2)
    assert "no-cache" in second["Cache-Control"] or "max-age=0" in second["Cache-Control"]
    assert "csrftoken" in second.cookies


def test_the_kept_page_logs_in_with_csrf_checks_on():
    user = make_staff("cpy1", "CPY")
    user.set_password("pw-Login-123")
    user.save()
    admin_site._LOGIN_PAGES.clear()
    _page(Client())  # the first visitor fills the memory
    client = Client(enforce_csrf_checks=True)
    _response, html = _page(client)
    token = TOKEN.findall(html)[0]
    response = client.post(
        "/backoffice/login/",
        {"username": "cpy1", "password": "pw-Login-123", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_wrong_token_is_still_refused():
    admin_site._LOGIN_PAGES.clear()
    client = Client(enforce_csrf_checks=True)
    _page(client)
    response = client.post(
        "/backoffice/login/", {"username": "x", "password": "y", "csrfmiddlewaretoken": "bad"}
    )
    assert response.status_code == 403


def test_language_and_next_each_have_their_page():
    admin_site._LOGIN_PAGES.clear()
    _r, zh = _page(Client(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    _r, en = _page(Client(), HTTP_ACCEPT_LANGUAGE="en")
    _r, nxt = _page(Client(), "/backoffice/login/?next=/backoffice/org/chart/")
    assert "登录" in zh and "Log in" in en
    assert "org/chart/" in nxt and "org/chart/" not in zh  # the form's action keeps ?next=


def test_a_logged_in_visitor_is_not_served_the_kept_page(client):
    client.force_login(make_staff("mgr1", "MGR"))
    response = client.get("/backoffice/login/")
    assert response.status_code == 302  # Django's own way: already in, to the back office
