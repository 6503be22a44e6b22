"""Every back-office URL × anonymous, a shop customer, each position and an administrator.

- nobody gets a server error (5xx), whatever the sample parameters hit;
- anonymous visitors and shop customers never get a back-office page (200);
- a position the model's admin refuses (its ``has_view_or_change_permission`` /
  ``has_add_permission``, i.e. the position's grants plus any widening the admin declares) never
  gets that model's list, change or add page;
- shop URLs answer anonymous visitors and customers without a server error.

URLs come from the resolver (tests/security/sweep.py), so new apps are covered as they land.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from conftest import make_staff
from siteops.org.data.org import POSITIONS

from .sweep import PUBLIC_BACKOFFICE, backoffice_urls, shop_urls

POSITION_CODES = [p[0] for p in POSITIONS]


class Problems(list):
    """Collects every finding of a sweep, so one run lists them all."""

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)


def _get(client, url, problems: Problems):
    try:
        response = client.get(url.path)
    except Exception as exc:  # the test client re-raises view exceptions: a 500 in production
        problems.append(f"{url} ({url.view}) raised {type(exc).__name__}: {exc}")
        return None
    problems.check(
        response.status_code < 500, f"{url} ({url.view}) answered {response.status_code}"
    )
    return response


def _admin_model_urls() -> dict:
    """URL name -> ModelAdmin for the list/add/change pages of every registered model."""
    names = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        for page in ("changelist", "add", "change"):
            names[f"admin:{opts.app_label}_{opts.model_name}_{page}"] = model_admin
    return names


@pytest.mark.django_db
def test_anonymous_never_gets_a_backoffice_page(client):
    login, problems = reverse("admin:login"), Problems()
    for url in backoffice_urls():
        response = _get(client, url, problems)
        if response is None or url.name in PUBLIC_BACKOFFICE:
            continue
        problems.check(response.status_code != 200, f"anonymous got {url} ({url.view})")
        if response.status_code == 302:
            problems.check(
                response["Location"].startswith(login), f"{url} → {response['Location']}"
            )
    assert problems == []


@pytest.mark.django_db
def test_shop_customer_never_gets_a_backoffice_page(client, customer):
    client.force_login(customer, backend="siteops.org.backends.PositionBackend")
    problems = Problems()
    for url in backoffice_urls():
        response = _get(client, url, problems)
        if response is None or url.name in PUBLIC_BACKOFFICE:
            continue
        problems.check(response.status_code != 200, f"a shop customer got {url} ({url.view})")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", POSITION_CODES)
def test_each_position_no_server_error_and_no_admin_page_without_permission(client, code):
    user = make_staff(f"sweep-{code.lower()}", code)
    client.force_login(user, backend="siteops.org.backends.PositionBackend")
    model_pages, problems = _admin_model_urls(), Problems()
    for url in backoffice_urls():
        response = _get(client, url, problems)
        if response is None or url.name not in model_pages:
            continue
        # The admin's own policy (which may widen Django's default, e.g. Logistics sees its own
        # sync batches without view_syncbatch) decides; the page must not be more generous.
        model_admin = model_pages[url.name]
        request = RequestFactory().get(url.path)
        request.user = user
        if url.name.endswith("_add"):
            allowed = model_admin.has_add_permission(request)
        else:
            allowed = model_admin.has_view_or_change_permission(request)
        problems.check(
            allowed or response.status_code != 200, f"{code} opened {url} without permission"
        )
    assert problems == []


@pytest.mark.django_db
def test_administrator_no_server_error_anywhere(client, superuser):
    client.force_login(superuser, backend="siteops.org.backends.PositionBackend")
    problems = Problems()
    for url in backoffice_urls() + shop_urls():
        _get(client, url, problems)
    assert problems == []


@pytest.mark.django_db
def test_acting_holder_gets_the_holders_back_office(client):
    """Someone acting for the manager (vacancy cover) works in the back office like the holder."""
    user = make_staff("sweep-acting-mgr", "MGR", kind="acting", reason="cover")
    client.force_login(user, backend="siteops.org.backends.PositionBackend")
    problems = Problems()
    statuses = {}
    for url in backoffice_urls():
        response = _get(client, url, problems)
        statuses[url.path] = response.status_code if response is not None else None
    assert statuses["/backoffice/org/chart/"] == 200
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_shop_pages_no_server_error(client, customer, who):
    if who == "customer":
        client.force_login(customer, backend="siteops.org.backends.PositionBackend")
    problems = Problems()
    for url in shop_urls():
        _get(client, url, problems)
    assert problems == []
