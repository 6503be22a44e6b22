"""CSRF: every form of the back office and the shop refuses a POST without the token.

Generic part: no view reachable from the resolver outside the token-authenticated API is
``csrf_exempt``. Request part: with ``enforce_csrf_checks=True``, POSTs to every back-office and
shop URL without a token are refused (403) before any view runs, and a real form posted with its
token goes through.
"""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from conftest import make_staff

from .sweep import all_urls, backoffice_urls, shop_urls


def test_no_cookie_authenticated_view_is_csrf_exempt():
    exempt = []
    for url in all_urls():
        if url.path.startswith(("/api/", "/_bench/")):
            continue  # the API authenticates with bearer tokens, never cookies
        view = resolve(url.path).func
        if getattr(view, "csrf_exempt", False):
            exempt.append(f"{url} ({url.view})")
    assert exempt == []


@pytest.mark.django_db
def test_every_backoffice_and_shop_post_without_token_is_refused(customer):
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(make_staff("csrf", "MGR"), backend="siteops.org.backends.PositionBackend")
    shopper = Client(enforce_csrf_checks=True)
    shopper.force_login(customer, backend="siteops.org.backends.PositionBackend")
    anonymous = Client(enforce_csrf_checks=True)
    passed = []
    for client, urls in ((staff, backoffice_urls()), (shopper, shop_urls()),
                         (anonymous, shop_urls())):  # fmt: skip
        for url in urls:
            response = client.post(url.path, {"x": "1"})
            if response.status_code != 403:
                passed.append(f"{url} → {response.status_code}")
    assert passed == []


@pytest.mark.django_db
def test_back_office_login_needs_the_token_and_works_with_it():
    user = make_staff("csrf-login", "MGR")
    user.set_password("csrf-password-1")
    user.save()
    client = Client(enforce_csrf_checks=True)
    data = {"username": "csrf-login", "password": "csrf-password-1"}
    assert client.post(reverse("admin:login"), data).status_code == 403
    client.get(reverse("admin:login"))
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_real_back_office_form_needs_the_token():
    """The org appoint form: refused without the token, accepted (validated) with it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        make_staff("csrf-mgr", "MGR"), backend="siteops.org.backends.PositionBackend"
    )
    url = reverse("admin:org_position_appoint", args=["CE"])
    assert client.post(url, {}).status_code == 403
    client.get(reverse("admin:org_position", args=["CE"]))
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code in {200, 302}  # an empty form is refused by validation, not CSRF
