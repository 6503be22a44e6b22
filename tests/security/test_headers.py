"""Security headers and cookie flags on the shop, the back office and the API."""

import pytest
from django.urls import NoReverseMatch, reverse

from conftest import make_staff

PAGES = ["/", "/backoffice/login/", "/backoffice/org/chart/", "/api/v1/openapi.json"]


def _fetch(client, path):
    """GET a page as whoever may open it: staff for back-office work screens, else anonymous."""
    if path.startswith("/backoffice/") and not path.endswith("/login/"):
        client.force_login(make_staff("hdr", "MGR"), backend="siteops.org.backends.PositionBackend")
    return client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_security_headers(client, path):
    response = _fetch(client, path)
    assert response.status_code == 200, path
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/backoffice/login/", "/backoffice/org/chart/"])
def test_content_security_policy_on_shop_and_back_office(client, path):
    csp = _fetch(client, path)["Content-Security-Policy"]
    directives = {
        d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d
    }  # fmt: skip
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    # Scripts only from this origin: no wildcard, no other host, no data: scripts.
    assert all(s.startswith("'") for s in directives["script-src"]), directives["script-src"]


@pytest.mark.django_db
def test_session_and_csrf_cookie_flags_after_login(client):
    user = make_staff("cookie", "MGR")
    user.set_password("cookie-password-1")
    user.save()
    client.get(reverse("admin:login"))
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("admin:login"), {"username": "cookie", "password": "cookie-password-1"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
def test_shop_login_sets_an_httponly_samesite_session(client, customer):
    try:
        url = reverse("storefront:login")
    except NoReverseMatch:
        pytest.skip("no shop login yet")
    response = client.post(url, {"username": "shopper", "password": "pw-shopper-123"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax"
