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
