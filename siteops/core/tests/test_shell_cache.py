"""The back-office shell serves its sidebar from memory: the same HTML as a fresh render."""

import re

import pytest

from conftest import make_staff
from siteops.core.templatetags import siteops_shell

pytestmark = pytest.mark.django_db


def sidebar(html: bytes) -> str:
    text = html.decode()
    start = text.index('id="nav-sidebar-apps"')
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text[start : start + 400_000])


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


def _colour_declarations(html: str) -> dict[str, str]:
    start = html.index('id="unfold-theme-colors"')
    style = html[start : html.index("</style>", start)]
    return dict(re.findall(r"(--[a-z0-9-]+):\s*([^;]+);", style))


def test_back_office_pages_carry_unfold_s_theme_colours(client):
    """The kept stylesheet declares what unfold's skeleton loop declares (the login page, outside
    the back office, still renders unfold's loop): the same variables with the same values."""
    from django.test import Client

    login_page = Client().get("/backoffice/login/").content.decode()
    unfold_own = _colour_declarations(login_page)
    assert len(unfold_own) > 20 and "--color-primary-600" in unfold_own
    client.force_login(make_staff("mgr", "MGR"))
    for path in ["/backoffice/org/chart/", "/backoffice/work/notifications/",
                 "/backoffice/catalog/product/", "/backoffice/catalog/product/add/"]:  # fmt: skip
        html = client.get(path).content.decode()
        assert html.count('id="unfold-theme-colors"') == 1, path
        assert _colour_declarations(html) == unfold_own, path
        head = html[: html.index("</head>")]
        assert 'id="unfold-theme-colors"' in head, path


def _sidebar_links(html: bytes) -> set[str]:
    """The entries' links of the sidebar (not the user block's account links below them)."""
    links = set(re.findall(r'<a href="(/backoffice/[^"]*)"', sidebar(html)))
    return links - {"/backoffice/password_change/", "/backoffice/logout/"}


def test_kept_sidebar_shows_the_entries_of_the_request_s_menu(client):
    """The kept sidebar HTML (keyed by the menu, not by looking at its entries) lists exactly the
    entries the request's menu has, before and after an appointment changes the menu."""
    import datetime

    from django.utils import timezone

    from siteops.org.models import Position, PositionAssignment

    user = make_staff("writer", "CPY")
    client.force_login(user)

    def check():
        response = client.get("/backoffice/work/notifications/")
        links = {i["link"] for g in response.context["sidebar_navigation"] for i in g["items"]}
        assert _sidebar_links(response.content) == {
            link for link in links if link.startswith("/backoffice/")
        }
        return links

    before = check()
    PositionAssignment.objects.create(
        user=user, position=Position.objects.get(code="MGR"), kind="acting", reason="cover",
        start=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    after = check()
    assert "/backoffice/org/positionassignment/" in after - before


def test_squeeze_makes_whitespace_runs_one_character_and_keeps_pre_and_scripts():
    assert (
        siteops_shell.squeeze("<li>\n      <a>  x </a>\n\n</li>  <b>")
        == "<li>\n<a> x </a>\n</li> <b>"
    )
    for kept in ("<pre>a\n\n  b</pre>", "<div><textarea>  </textarea></div>",
                 "<script>\n  var a = '  ';\n</script>", "<STYLE>  a {}  </STYLE>"):  # fmt: skip
        assert siteops_shell.squeeze(kept) == kept


def test_the_logged_in_user_is_unwrapped_from_django_s_lazy_object(client):
    from django.utils.functional import SimpleLazyObject

    from siteops.org.models import User

    user = make_staff("mgr", "MGR")
    client.force_login(user)
    response = client.get("/backoffice/work/notifications/")
    assert type(response.wsgi_request.user) is User and response.wsgi_request.user.pk == user.pk
    anonymous = client.__class__().get("/backoffice/login/")
    assert isinstance(anonymous.wsgi_request.user, SimpleLazyObject)  # not loaded: left alone


def test_only_the_closest_entry_is_active(client):
    """The workbench's address (/backoffice/work/) is inside the team board's: only the team
    board is marked on its page, only the workbench on its own."""
    client.force_login(make_staff("mgr", "MGR"))
    team = sidebar(client.get("/backoffice/work/team/").content)
    assert re.findall(r'href="([^"]+)"[^>]*\bactive\b', team) == ["/backoffice/work/team/"]
    bench = sidebar(client.get("/backoffice/work/").content)
    assert re.findall(r'href="([^"]+)"[^>]*\bactive\b', bench) == ["/backoffice/work/"]
