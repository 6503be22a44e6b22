"""django-axes locks a username after repeated failures, on the back office and the shop login."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from conftest import make_staff

LOGINS = ["admin:login", "storefront:login"]


def _login_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet")


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOGINS)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, name):
    url = _login_url(name)
    user = make_staff("lockme", "MGR")
    user.set_password("the-right-password-1")
    user.save()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        response = client.post(url, {"username": "lockme", "password": "wrong"})
        assert response.status_code in {200, 429} and not _logged_in(client)
    response = client.post(url, {"username": "lockme", "password": "the-right-password-1"})
    assert response.status_code == 429
    assert not _logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOGINS)
def test_fewer_failures_then_success_logs_in_and_resets(client, name):
    url = _login_url(name)
    user = make_staff("almost", "MGR")
    user.set_password("the-right-password-2")
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "almost", "password": "wrong"})
    response = client.post(url, {"username": "almost", "password": "the-right-password-2"})
    assert response.status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_lockout_of_one_account_does_not_lock_another_from_the_same_address(client):
    url = reverse("admin:login")
    for username in ("victim", "bystander"):
        u = make_staff(username, "MGR")
        u.set_password(f"{username}-password-1")
        u.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "victim", "password": "wrong"})
    response = client.post(url, {"username": "bystander", "password": "bystander-password-1"})
    assert response.status_code == 302 and _logged_in(client)


# --- behind the reverse proxy: per user name AND client address ---------------------------------

PROXY = "10.0.0.5"


def _via_proxy(client_ip: str, forwarded_prefix: str = "") -> dict:
    xff = f"{forwarded_prefix}, {client_ip}" if forwarded_prefix else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": xff}


@pytest.fixture
def behind_proxy(settings):
    settings.SITEOPS_TRUSTED_PROXIES = ["10.0.0.0/24"]


def _real_user(username="realuser", password="the-real-password-9"):
    user = make_staff(username, "MGR")
    user.set_password(password)
    user.save()
    return password


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOGINS)
def test_an_outsider_failing_on_a_username_does_not_lock_the_real_user_elsewhere(
    client, behind_proxy, name
):
    url = _login_url(name)
    password = _real_user()
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        client.post(url, {"username": "realuser", "password": "guess"}, **_via_proxy("203.0.113.7"))
    # The outsider is locked out, even with the right password …
    response = client.post(
        url, {"username": "realuser", "password": password}, **_via_proxy("203.0.113.7")
    )
    assert response.status_code == 429 and not _logged_in(client)
    # … the real user, through the same proxy from their own address, logs in.
    response = client.post(
        url, {"username": "realuser", "password": password}, **_via_proxy("198.51.100.20")
    )
    assert response.status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, behind_proxy):
    """The outsider writes a fresh X-Forwarded-For each time; the proxy appends the real address."""
    url = reverse("admin:login")
    password = _real_user()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url, {"username": "realuser", "password": "guess"},
            **_via_proxy("203.0.113.7", forwarded_prefix=f"192.0.2.{i}"),
        )  # fmt: skip
    response = client.post(
        url, {"username": "realuser", "password": password},
        **_via_proxy("203.0.113.7", forwarded_prefix="192.0.2.99"),
    )  # fmt: skip
    assert response.status_code == 429


@pytest.mark.django_db
def test_forwarded_for_from_a_direct_connection_is_ignored(client, behind_proxy):
    """Not from the proxy: the header is the visitor's own words, the connection's address counts."""
    url = reverse("admin:login")
    password = _real_user()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url, {"username": "realuser", "password": "guess"},
            REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )  # fmt: skip
    response = client.post(
        url, {"username": "realuser", "password": password},
        REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.200",
    )  # fmt: skip
    assert response.status_code == 429


def test_client_ip_rules(rf, settings):
    from siteops.core.client_ip import client_ip

    settings.SITEOPS_TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]

    def ip(remote, xff=None):
        meta = {"REMOTE_ADDR": remote}
        if xff is not None:
            meta["HTTP_X_FORWARDED_FOR"] = xff
        return client_ip(rf.get("/", **meta))

    assert ip("203.0.113.7", "1.2.3.4") == "203.0.113.7"  # not a proxy: header ignored
    assert ip("10.0.0.5", "1.2.3.4") == "1.2.3.4"
    assert ip("10.0.0.5", "9.9.9.9, 1.2.3.4") == "1.2.3.4"  # the proxy's own hop wins
    assert ip("10.0.0.5", "1.2.3.4, 10.0.0.9") == "1.2.3.4"  # a chain of trusted proxies
    assert ip("10.0.0.5") == "10.0.0.5"  # no header
    assert ip("10.0.0.5", "garbage") == "10.0.0.5"
    assert ip("::1", "2001:db8::1") == "2001:db8::1"
    assert ip("10.0.0.5", "[2001:db8::2]:443") == "2001:db8::2"
    assert ip("10.0.0.5", "1.2.3.4:5678") == "1.2.3.4"
    settings.SITEOPS_TRUSTED_PROXIES = []
    assert ip("10.0.0.5", "1.2.3.4") == "10.0.0.5"  # nothing trusted by default
